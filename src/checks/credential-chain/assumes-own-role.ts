// credential_chain.assumes_own_role: the pod's path works (web identity or Pod Identity gave it its role),
// then the application chains an sts:AssumeRole of its own on that very role — a role_arn in its output
// configuration, a chart value that is both the annotation and the client's role. A role does not trust
// itself since IAM's 2022 change (https://aws.amazon.com/blogs/security/announcing-an-update-to-iam-role-trust-policy-behavior/),
// so STS refuses, and neither the trust policy nor the permissions are what the owner meant to change.
// The refusal is read from the application's log line or, when the application swallows it, from CloudTrail.

import { causeMeta } from "../../causes.js";
import type { Facts, RoleFacts } from "../../diagnosis/facts/index.js";
import { containerOfLog } from "../../diagnosis/credential-path/attribution.js";
import { evaluatePolicy } from "../../iam/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { CloudTrailEvent, Snapshot } from "../../snapshot/types.js";
import { updateTrustPolicy } from "../actions.js";
import { denialOf } from "../permissions/denial.js";
import type { Check, Finding, ReportEvidence } from "../types.js";

const CAUSE = "credential_chain.assumes_own_role";

interface SelfAssume {
  role: RoleFacts;
  /** Where the refusal was read: a log line or a CloudTrail event. */
  evidence: ReportEvidence;
  /** The container whose log shows it; null when only CloudTrail does. */
  container: string | null;
  time: string | null;
  session: string;
}

const roleNameOf = (arn: string | undefined): string | undefined => arn?.split(":role/")[1]?.split("/").pop();

function fromLogs(f: Facts, own: readonly RoleFacts[]): SelfAssume | null {
  for (const m of f.logMatches) {
    if (m.patternId !== "permissions.chained_assume_role_denied" && m.patternId !== "permissions.access_denied") continue;
    const d = denialOf(m);
    if (!d || d.action !== "sts:AssumeRole") continue;
    const role = own.find((r) => r.name === d.roleName && roleNameOf(d.resource) === r.name);
    if (!role) continue;
    return {
      role,
      evidence: { type: "credential_finding", content: m.text, source: `${m.file}:${m.line}` },
      container: containerOfLog(m),
      time: m.time,
      session: d.session,
    };
  }
  return null;
}

function fromCloudTrail(s: Snapshot, own: readonly RoleFacts[]): SelfAssume | null {
  const trail = s.aws.cloudTrail;
  for (const e of valueOf(trail) ?? []) {
    const r = e.CloudTrailEvent as {
      errorCode?: string;
      errorMessage?: string;
      userIdentity?: { arn?: string; sessionContext?: { sessionIssuer?: { arn?: string } } };
      requestParameters?: { roleArn?: string };
    };
    if (e.EventName !== "AssumeRole" || !r.errorCode || !/AccessDenied/.test(r.errorCode)) continue;
    const issuer = r.userIdentity?.sessionContext?.sessionIssuer?.arn;
    const role = own.find((x) => x.arn === issuer && x.arn === r.requestParameters?.roleArn);
    if (!role) continue;
    return {
      role,
      evidence: { type: "cloudtrail", content: describe(e, r.errorMessage), ...(trail.status === "found" ? { source: trail.source } : {}) },
      container: null,
      time: e.EventTime,
      session: r.userIdentity?.arn?.split("/").pop() ?? "",
    };
  }
  return null;
}

function describe(e: CloudTrailEvent, message: string | undefined): string {
  return `CloudTrail ${e.EventName} at ${e.EventTime}: ${message ?? String(e.CloudTrailEvent["errorCode"])}`;
}

/** Whether the role's trust policy lets the role itself call sts:AssumeRole (then something else refuses). */
function trustsItself(role: RoleFacts): boolean | null {
  // The role's own evidence: a role of the same name in another account is not this one.
  const e = role.evidence;
  if (e?.status !== "found") return null;
  const d = evaluatePolicy(e.value.AssumeRolePolicyDocument, {
    action: "sts:AssumeRole",
    principal: { type: "AWS", id: role.arn },
    context: {},
  });
  return d.decision === "allow";
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const own = [f.irsaRole, f.podIdentityRole].filter((r): r is RoleFacts => r !== null);
    if (own.length === 0) return null;
    const hit = fromLogs(f, own) ?? fromCloudTrail(s, own);
    if (!hit) return null;
    const trusted = trustsItself(hit.role);
    // A trust policy that names the role lets it in: the refusal then comes from its permissions, not from this.
    if (trusted === true) return null;
    const roleSource = hit.role.evidence;
    const via = hit.role === f.irsaRole ? "its web identity token (IRSA)" : "EKS Pod Identity";
    const who = hit.container ? `Container ${hit.container}` : "A container";
    const pod = f.pod?.metadata.name ?? s.target.pod ?? "of the pod";
    const envNaming = f.workload.containers.flatMap((c) =>
      Object.entries(c.env)
        .filter(([k, v]) => k !== "AWS_ROLE_ARN" && v.trim() === hit.role.arn)
        .map(([k]) => `container ${c.name} sets ${k}=${hit.role.arn}`),
    );
    const evidence: ReportEvidence[] = [
      hit.evidence,
      {
        type: "sa_config",
        content: `${f.workload.subject ?? "the service account"} already obtains ${hit.role.arn} through ${via}: the denied caller ${hit.role.name}/${hit.session} is that role's own session`,
        ...(s.k8s.serviceAccount.status === "found" ? { source: s.k8s.serviceAccount.source } : {}),
      },
      {
        type: "trust_policy",
        content:
          trusted === false
            ? `the trust policy of ${hit.role.name} does not name ${hit.role.arn} for sts:AssumeRole: a role is not trusted by itself`
            : `the trust policy of ${hit.role.name} was not read: whether it names the role itself is not known`,
        ...(roleSource.status === "found" ? { source: roleSource.source } : {}),
      },
      ...envNaming.map((content) => ({ type: "pod_spec", content, ...(s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {}) })),
    ];
    const doc = roleSource.status === "found" ? roleSource.value.AssumeRolePolicyDocument : null;
    const statement = { Sid: "AllowSelfAssume", Effect: "Allow", Principal: { AWS: hit.role.arn }, Action: "sts:AssumeRole" };
    return {
      causeId: CAUSE,
      // Proven by the refusal itself (caller and target are the pod's own role) and the trust policy that does not name it.
      confidence: trusted === false ? "high" : "medium",
      detail: `${who} of pod ${pod} gets role ${hit.role.name} through ${via} and then calls sts:AssumeRole on ${hit.role.arn}, the role it already holds${hit.time ? ` (refused at ${hit.time})` : ""}; a role is not trusted by itself, so STS refuses the chained call and the application has no usable session although the pod's credentials work`,
      evidence,
      immediate: `Operator: remove the role to assume from the application's own configuration (a role_arn / rolearn setting, an assume-role profile${envNaming.length ? `, ${envNaming.join("; ")}` : ""}): it already runs as ${hit.role.name}. Only if the chained call is intended, add a trust statement letting ${hit.role.arn} call sts:AssumeRole on itself (security team approval).`,
      actions: doc
        ? [
            updateTrustPolicy(
              hit.role.name,
              { ...doc, Statement: [...(Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]), statement] },
              `let the role assume itself (only if the application must keep its chained call)`,
            ),
          ]
        : [],
      toConfirm:
        trusted === false
          ? []
          : [`aws iam get-role --role-name ${hit.role.name}: its trust policy must not name the role itself for this to be the refusal`],
    };
  },
};
