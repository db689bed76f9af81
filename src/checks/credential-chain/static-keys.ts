// credential_chain.static_keys: a container carries static keys (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
// written in the spec, read from a Secret, or possibly pulled in whole by envFrom) or a credentials file,
// and its SDK's default chain reaches them before the web identity token or the Pod Identity endpoint. The
// pod then calls AWS as the IAM user of those keys, whatever the annotation or association say; an
// AccessDenied names that user, and CloudTrail shows no AssumeRoleWithWebIdentity for the role.

import { causeMeta } from "../../causes.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { ContainerPath } from "../../diagnosis/credential-path/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Snapshot } from "../../snapshot/types.js";
import { restartTarget } from "../actions.js";
import { chainEvidence, envEvidence, failing, pathLogEvidence, rank } from "./paths.js";

const KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE"];

/** Whether the pod is meant to use IRSA or Pod Identity at all: then keys shadow it. */
function mechanismConfigured(f: Facts, p: ContainerPath): boolean {
  return (
    p.shadowed.includes("web_identity") ||
    p.shadowed.includes("container") ||
    f.mode === "irsa" ||
    f.mode === "pod_identity" ||
    f.mode === "both"
  );
}

/** CloudTrail holds the role's AssumeRoleWithWebIdentity lookup and it is empty: the role was never asked for. */
function neverAssumed(s: Snapshot, f: Facts): ReportEvidence | null {
  const trail = s.aws.cloudTrail;
  if (trail.status !== "found" || !f.irsaRole) return null;
  const calls = (valueOf(trail) ?? []).filter((e) => e.EventName === "AssumeRoleWithWebIdentity");
  if (calls.length > 0) return null;
  return {
    type: "cloudtrail",
    content: `CloudTrail has no AssumeRoleWithWebIdentity call for ${f.irsaRole.arn} in the window collected: the web identity was never tried`,
    source: trail.source,
  };
}

function removeKeys(s: Snapshot, f: Facts, p: ContainerPath): OperatorAction {
  const names = KEYS.filter((k) => p.sources.env.has(k));
  const target = restartTarget(s, f);
  return {
    description: `Remove ${names.join(", ") || "the static credentials"} from container ${p.container} of ${target} so its SDK reaches the pod's own role (a Secret referenced by env or envFrom must stop providing them too).`,
    command:
      names.length > 0
        ? `kubectl set env ${target} -n ${f.workload.namespace} -c ${p.container} ${names.map((n) => `${n}-`).join(" ")}`
        : `kubectl edit ${target} -n ${f.workload.namespace}  # drop the envFrom Secret or the mounted credentials file from container ${p.container}`,
    safety: "Patch workload pod template",
  };
}

export const check: Check = {
  ...causeMeta("credential_chain.static_keys"),
  run(s: Snapshot, f: Facts): Finding | null {
    const definite = rank(f.credentialPaths).filter(
      (p) => (p.provider === "env_static" || p.provider === "profile") && mechanismConfigured(f, p),
    );
    const possible = rank(f.credentialPaths).filter(
      (p) => (p.uncertain.some((u) => /AWS_ACCESS_KEY_ID/.test(u)) || p.contenders.includes("profile")) && failing(p),
    );
    const p = definite[0] ?? possible[0];
    if (!p) return null;
    const sure = definite.includes(p);
    const user = p.identity.kind === "iam_user" && p.identity.name.startsWith("arn:") ? p.identity.name : null;
    const appCount = f.credentialPaths.filter((x) => !x.init).length;
    let confidence: Confidence;
    const toConfirm: string[] = [];
    if (!sure) {
      confidence = "medium";
      toConfirm.push(
        p.contenders.includes("profile")
          ? `which identity container ${p.container} used: aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity (none for its role while it fails means the credentials file won)`
          : `whether ${p.sources.envFrom.join(", ")} defines AWS_ACCESS_KEY_ID: ${p.sources.unread.join("; ") || "list the key names of each"}`,
      );
    } else if (p.provider === "profile") {
      confidence = user || p.decidedBy.length > 0 || (failing(p) && p.sdk.family !== "unknown") ? "high" : "medium";
      if (confidence === "medium")
        toConfirm.push(
          `the AWS SDK of container ${p.container} (its chain decides whether the credentials file comes before the web identity token)`,
        );
    } else {
      confidence = failing(p) || user || appCount === 1 ? "high" : "medium";
      if (confidence === "medium")
        toConfirm.push(`which container made the failing call: ${p.container} uses the keys, the others their role`);
    }
    const what = sure
      ? p.provider === "env_static" && !p.sources.env.has("AWS_ACCESS_KEY_ID")
        ? `static keys that ${p.sources.envFrom.join(", ")} brings in by envFrom`
        : p.provider === "env_static"
          ? `static keys (${["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((n) => `${n} from ${p.sources.env.get(n)?.origin}`).join(", ")})`
          : `a shared credentials profile (${p.identity.name})`
      : p.contenders.includes("profile")
        ? `a shared credentials file (${p.sources.files.map((x) => `${x.mountPath} from ${x.from}`).join(", ")}) that may come before its web identity`
        : `the keys an envFrom Secret may define (${p.sources.envFrom.join(", ")})`;
    const shadowed = p.shadowed.length > 0 ? p.shadowed.join(" and ") : f.mode === "pod_identity" ? "container" : "web_identity";
    const evidence: ReportEvidence[] = [...pathLogEvidence(p), ...envEvidence(s, f, p, KEYS), chainEvidence(p)];
    if (p.sources.files.length > 0)
      evidence.push({
        type: "pod_spec",
        content: `container ${p.container} mounts ${p.sources.files.map((x) => `${x.mountPath} from ${x.from}`).join(", ")}`,
      });
    if (user) evidence.push({ type: "credential_finding", content: `the denied principal is IAM user ${user}, not a role session` });
    for (const d of p.decidedBy) evidence.push({ type: d.type, content: d.what, ...(d.source ? { source: d.source } : {}) });
    const trail = p.decidedBy.length > 0 ? null : neverAssumed(s, f);
    if (trail) evidence.push(trail);
    return {
      causeId: "credential_chain.static_keys",
      confidence,
      detail: `Container ${p.container} of pod ${f.pod?.metadata.name ?? "?"} carries ${what}; ${p.decidedBy[0] ? `${p.decidedBy[0].what}: its SDK (${p.sdk.label}) took them` : `its SDK (${p.sdk.label}) takes them`} before the ${shadowed === "container" ? "Pod Identity endpoint" : "web identity token"}, so it calls AWS as ${user ?? "the keys' IAM user"} instead of ${f.irsaRole?.arn ?? f.podIdentityRole?.arn ?? "the pod's role"}`,
      evidence,
      immediate: `Operator: remove the static credentials from container ${p.container} (and from the Secret it reads them from, if the app needs nothing else there), then let the pods roll so the SDK reaches the pod's role.`,
      actions: [removeKeys(s, f, p)],
      toConfirm,
    };
  },
};
