// Trust-policy evaluation of the exact request the pod makes, once per diagnosis. Checks read the decision
// and its per-statement explanation; none of them evaluates a policy on its own.

import { isFound } from "../../snapshot/evidence.js";
import { evaluatePolicy, parseArn, podIdentityRequests, webIdentityRequest, type PolicyDecision } from "../../iam/index.js";
import type { AwsFacts, RoleFacts } from "./aws.js";
import type { WorkloadFacts } from "./workload.js";

export interface TrustFacts {
  /** The IRSA role's trust policy against AssumeRoleWithWebIdentity from this pod; undefined when not evaluable. */
  webIdentity: PolicyDecision | undefined;
  /** Why webIdentity is undefined, for missing_evidence. */
  webIdentityUnevaluated: string | null;
  /** The Pod Identity role's trust policy against sts:AssumeRole and sts:TagSession from pods.eks.amazonaws.com. */
  podIdentity: { assumeRole: PolicyDecision; tagSession: PolicyDecision } | undefined;
}

export function trustFacts(w: WorkloadFacts, aws: AwsFacts, irsaRole: RoleFacts | null, podIdentityRole: RoleFacts | null): TrustFacts {
  let webIdentity: PolicyDecision | undefined;
  let webIdentityUnevaluated: string | null = null;
  if (!irsaRole) webIdentityUnevaluated = "no IRSA role is configured for the pod";
  else if (!isFound(irsaRole.evidence)) webIdentityUnevaluated = `the trust policy of role ${irsaRole.name} is not available`;
  else if (!aws.oidc.issuerUrl) webIdentityUnevaluated = "the cluster's OIDC issuer is not known (eks describe-cluster not available)";
  else if (!aws.account) webIdentityUnevaluated = "the AWS account of the cluster is not known";
  else if (!w.serviceAccountName) webIdentityUnevaluated = "the pod's service account is not known";
  else {
    try {
      webIdentity = evaluatePolicy(
        irsaRole.evidence.value.AssumeRolePolicyDocument,
        webIdentityRequest({
          issuerUrl: aws.oidc.issuerUrl,
          // STS looks the provider up in the role's account: a cross-account role needs its own provider.
          account: parseArn(irsaRole.arn)?.account || aws.account,
          partition: aws.partition,
          namespace: w.namespace,
          serviceAccount: w.serviceAccountName,
          audience: w.tokenAudience,
        }),
      );
    } catch (error) {
      webIdentityUnevaluated = `the trust policy of role ${irsaRole.name} could not be evaluated: ${errorText(error)}`;
    }
  }
  let podIdentity: TrustFacts["podIdentity"];
  if (podIdentityRole && isFound(podIdentityRole.evidence)) {
    const doc = podIdentityRole.evidence.value.AssumeRolePolicyDocument;
    try {
      const [assumeRole, tagSession] = podIdentityRequests().map((r) => evaluatePolicy(doc, r));
      if (assumeRole && tagSession) podIdentity = { assumeRole, tagSession };
    } catch {
      // A malformed document is evaluated as nothing: the Pod Identity trust check reports it unreadable.
      podIdentity = undefined;
    }
  }
  return { webIdentity, webIdentityUnevaluated, podIdentity };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
