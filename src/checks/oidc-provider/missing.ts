// oidc_provider.missing: the account has no IAM OIDC provider for the cluster's issuer, so STS cannot
// validate any web identity token of the cluster. Typical after a cluster is created without
// `eksctl utils associate-iam-oidc-provider`, or re-created (new issuer ID) while the old provider stays.

import type { Check, Finding } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import { clusterName, createOidcProvider, createOidcProviderWithAwsCli } from "../actions.js";
import { logEvidence } from "../evidence.js";
import { getLogPattern } from "../../logs/index.js";
import { clusterIssuerEvidence, mayUseIrsa, providerIssuer, providerListEvidence } from "./evidence.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "oidc_provider.missing";

/**
 * STS checks the provider before the trust policy, so a trust policy that would refuse the pod too stays
 * hidden until the provider exists: say so now (after a re-creation it usually still trusts the old provider).
 */
function trustNote(f: Facts, expectedArn: string | null): string {
  const role = f.irsaRole;
  const decision = f.trust.webIdentity?.decision;
  if (!expectedArn || role?.evidence.status !== "found" || decision === undefined || decision === "allow") return "";
  const doc = role.evidence.value.AssumeRolePolicyDocument;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const federated = statements.flatMap((st) => {
    const p = st.Principal;
    if (st.Effect !== "Allow" || p === undefined || p === "*") return [];
    const v = p["Federated"];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  });
  const stale =
    federated.length > 0 && !federated.includes(expectedArn) ? ` (it still trusts ${[...new Set(federated)].sort().join(", ")})` : "";
  return ` The trust policy of role ${role.name} does not admit ${f.workload.subject} either${stale}: fix it as well (see the trust_policy candidate).`;
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    if (!mayUseIrsa(f)) return null;
    const { oidc } = f.aws;
    // Only a message that settles the cause stands in for the unread provider list: STS's "no provider" for an
    // issuer of another partition fits an STS client outside that partition as well (src/logs/patterns/sts.ts).
    const logged = (f.logSignals.get(CAUSE) ?? []).some((m) => getLogPattern(m.patternId)?.decides === CAUSE);
    if (oidc.provider === "present") return null;
    if (oidc.provider === "unknown" && !logged) return null;

    const cluster = clusterName(s, f);
    const account = oidc.account ?? "(unknown account)";
    const issuer = oidc.issuerUrl ?? "its OIDC issuer";
    const listRead = oidc.provider === "missing";
    // A listed provider is a config fact; whether this pod uses IRSA at all may still be unknown.
    const confidence = listRead && (f.mode !== "unknown" || logged) ? "high" : "medium";
    const others = oidc.otherProviders.map(providerIssuer);
    const othersText =
      others.length > 0 ? `; the account only has providers for other EKS issuers (older or other clusters): ${others.join(", ")}` : "";

    const toConfirm: string[] = [];
    if (!listRead) {
      const list = s.aws.oidcProviderList;
      const why = list.status === "unavailable" ? ` (${list.detail})` : "";
      toConfirm.push(
        `aws iam list-open-id-connect-providers in account ${account}, to see that no provider has the URL ${oidc.issuerHostPath ?? "of the cluster's issuer"}${why}`,
      );
      if (!oidc.issuerUrl)
        toConfirm.push(`aws eks describe-cluster --name ${cluster} --query cluster.identity.oidc.issuer, to know the issuer`);
    } else if (f.mode === "unknown") {
      toConfirm.push(
        `the pod's ServiceAccount (kubectl get serviceaccount -n ${f.workload.namespace} -o yaml), to see that the pod uses IRSA`,
      );
    }

    const roleAccount = oidc.crossAccount
      ? ` (the account of role ${f.irsaRole?.arn}: STS looks the provider up there, not in the cluster's account ${f.aws.account})`
      : "";
    const detail = listRead
      ? `Account ${account}${roleAccount} has no IAM OIDC provider for cluster ${cluster}'s issuer ${issuer} (expected ${oidc.expectedProviderArn}), so STS rejects ${oidc.crossAccount ? "the pod's web identity token for that role" : "every web identity token of the cluster"}${othersText}`
      : `The logs report no IAM OIDC provider in the account for ${issuer} of cluster ${cluster}, but the account's provider list could not be read to confirm it`;

    const staleTrust = trustNote(f, oidc.expectedProviderArn);
    return {
      causeId: CAUSE,
      confidence,
      detail,
      evidence: [...logEvidence(f, [CAUSE]), ...clusterIssuerEvidence(s, f), ...providerListEvidence(s, f)],
      immediate: oidc.selfManaged
        ? `Operator: create the IAM OIDC provider for ${issuer} in account ${account} (kOps: spec.iam.useServiceAccountExternalPermissions with enableAWSOIDCProvider: true; otherwise aws iam create-open-id-connect-provider), then retry the pod; role trust policies must name ${oidc.expectedProviderArn ?? "the new provider's ARN"}.${staleTrust}`
        : `Operator: create the IAM OIDC provider for ${issuer} in account ${account} (eksctl utils associate-iam-oidc-provider --cluster ${cluster} --approve, or aws iam create-open-id-connect-provider), then retry the pod; role trust policies must name ${oidc.expectedProviderArn ?? "the new provider's ARN"}.${staleTrust}`,
      // eksctl only knows EKS clusters: a self-managed cluster's provider is created with the aws CLI.
      actions: oidc.selfManaged ? [createOidcProviderWithAwsCli(s, f)] : [createOidcProvider(s, f), createOidcProviderWithAwsCli(s, f)],
      toConfirm,
    };
  },
};
