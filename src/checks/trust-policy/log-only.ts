// The low-confidence finding a trust_policy check gives when STS's refusal is in the logs but the role's
// trust policy could not be evaluated (not collected, read denied, issuer or service account unknown).
// "Not authorized to perform sts:AssumeRoleWithWebIdentity" fits every trust-policy cause alike, so each
// check names itself as a candidate and says what would decide: the report is then inconclusive.

import type { Finding } from "../types.js";
import type { CauseId } from "../../causes.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import { clusterName } from "../actions.js";
import { logEvidence, saConfigEvidence } from "../evidence.js";

/** Whether the trust policy could not be looked at (as opposed to: there is no role to look at). */
function trustUnavailable(s: Snapshot, f: Facts): boolean {
  if (f.trust.webIdentity) return false;
  if (f.mode === "pod_identity" || f.mode === "none") return false;
  const role = f.irsaRole;
  // A role that is absent (NoSuchEntity) is irsa_annotation.role_not_found, not a trust-policy question.
  if (role)
    return (
      role.evidence.status === "unavailable" ||
      (role.evidence.status === "found" && (!f.aws.oidc.issuerUrl || !f.aws.account || !f.workload.serviceAccountName))
    );
  // No role known: only when the service account (where the role is named) could not be read either.
  return f.workload.roleArnAnnotation === undefined && s.k8s.serviceAccount.status === "unavailable" && !f.workload.injectedRoleArn;
}

function whatToRead(s: Snapshot, f: Facts): string[] {
  const out: string[] = [];
  const role = f.irsaRole;
  const sa = f.workload.serviceAccountName;
  if (role) {
    if (role.evidence.status !== "found") {
      const why = role.evidence.status === "unavailable" ? ` (${role.evidence.detail})` : "";
      out.push(`aws iam get-role --role-name ${role.name}, to read its trust policy${why}`);
    }
  } else {
    const target = sa ? `serviceaccount ${sa}` : "serviceaccounts";
    out.push(`kubectl get ${target} -n ${f.workload.namespace} -o yaml, to find the role in eks.amazonaws.com/role-arn`);
    out.push("aws iam get-role --role-name <role named in eks.amazonaws.com/role-arn>, to read its trust policy");
  }
  if (!f.aws.oidc.issuerUrl) out.push(`aws eks describe-cluster --name ${clusterName(s, f)}, to know the cluster's OIDC issuer`);
  return out;
}

export function logOnlyTrustFinding(s: Snapshot, f: Facts, cause: CauseId, suspicion: string): Finding | null {
  const signals = f.logSignals.get(cause) ?? [];
  if (signals.length === 0 || !trustUnavailable(s, f)) return null;
  const role = f.irsaRole ? `role ${f.irsaRole.name} (${f.irsaRole.arn})` : "the pod's IAM role";
  const who =
    f.workload.subject ?? (s.target.pod ? `pod ${f.workload.namespace}/${s.target.pod}` : `the pods of namespace ${f.workload.namespace}`);
  // Without a role the facts say "no IRSA role is configured", but here the service account naming it was never read.
  const why = f.irsaRole
    ? (f.trust.webIdentityUnevaluated ?? "the trust policy could not be evaluated")
    : "the service account that names the role was not collected";
  const toConfirm = whatToRead(s, f);
  return {
    causeId: cause,
    confidence: "low",
    detail: `STS refused the web identity token of ${who}, and ${suspicion} would explain it, but the trust policy of ${role} could not be checked (${why})`,
    evidence: [...logEvidence(f, [cause]), ...saConfigEvidence(s, f)],
    immediate: `Operator: collect what decides between the trust-policy causes (${toConfirm.join("; ")}), compare the trust policy's Principal, Action and Condition with ${who}, and run the diagnosis again.`,
    actions: [],
    toConfirm,
  };
}
