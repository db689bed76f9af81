// Finds, among the roles in the evidence, one whose trust policy already admits this pod: the role an
// operator most likely meant to bind, so the fix can name it instead of a placeholder.

import type { Facts } from "../diagnosis/facts/index.js";
import type { Snapshot } from "../snapshot/types.js";
import { evaluatePolicy, webIdentityRequest } from "../iam/index.js";

export function trustedRoleFor(s: Snapshot, f: Facts): string | null {
  const { issuerUrl } = f.aws.oidc;
  const { account, partition } = f.aws;
  const sa = f.workload.serviceAccountName;
  if (!issuerUrl || !account || !sa) return null;
  const request = webIdentityRequest({
    issuerUrl,
    account,
    partition,
    namespace: f.workload.namespace,
    serviceAccount: sa,
    audience: f.workload.tokenAudience,
  });
  const names = Object.keys(s.aws.roles).sort();
  for (const name of names) {
    const e = s.aws.roles[name];
    if (e?.status !== "found") continue;
    if (evaluatePolicy(e.value.AssumeRolePolicyDocument, request).decision === "allow") return e.value.Arn;
  }
  return null;
}
