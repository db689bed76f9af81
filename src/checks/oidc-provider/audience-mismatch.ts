// oidc_provider.audience_mismatch: the cluster's IAM OIDC provider exists but does not list the token's
// audience (sts.amazonaws.com) among its client IDs, so STS answers "Incorrect token audience". Tokens
// with a non-standard audience are token.audience_mismatch: there the pod, not the provider, is off.

import type { Check, Finding } from "../types.js";
import { addOidcClientId, clusterName } from "../actions.js";
import { hasLogSignal, logEvidence } from "../evidence.js";
import { DEFAULT_IRSA_AUDIENCE } from "../../diagnosis/facts/index.js";
import { clusterIssuerEvidence, mayUseIrsa, providerDetailsEvidence } from "./evidence.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "oidc_provider.audience_mismatch";

const listed = (ids: string[]): string =>
  ids.length === 0 ? "has no client IDs (audiences) at all" : `accepts only the client IDs ${ids.join(", ")}`;

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    if (!mayUseIrsa(f)) return null;
    const audience = f.workload.tokenAudience;
    if (audience !== DEFAULT_IRSA_AUDIENCE) return null;
    const { oidc } = f.aws;
    const details = oidc.details;
    const logged = hasLogSignal(f, CAUSE);
    if (details) {
      if (details.ClientIDList.includes(audience)) return null;
    } else if (!logged || oidc.provider === "missing" || !f.pod) {
      // Without the pod the token's audience is only the default assumed, and "Incorrect token audience" fits a
      // token minted for another audience as well: the log-only verdict lists both as candidates instead.
      return null;
    }

    const providerArn = details?.Arn ?? oidc.expectedProviderArn ?? "<oidc-provider-arn>";
    // The audience is read from a pod's projected token (or the service account's audience annotation); without
    // either it is only the EKS webhook's default, which self-managed webhooks (kOps: amazonaws.com) do not share,
    // and no STS message says a token was refused: a provider without that client ID proves nothing then.
    const seen = f.workload.irsaToken !== null || f.workload.audienceAnnotation !== null;
    const toConfirm = [
      ...(details ? [] : [`aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${providerArn}, to see its ClientIDList`]),
      ...(seen || logged
        ? []
        : [
            `the audience of the token the pods really present: the aws-iam-token volume of a running pod of ${f.workload.subject ?? "the service account"} (kubectl get pod -o yaml), or the webhook's --token-audience; ${audience} is only the EKS default, assumed here`,
          ]),
    ];
    const detail = details
      ? `IAM OIDC provider ${providerArn} of cluster ${clusterName(s, f)} ${listed(details.ClientIDList)}: ${audience}, the audience of the pod's token${seen ? "" : " if it carries the EKS default (no token was seen)"}, is not among them, so STS rejects the token as having an incorrect audience`
      : `The logs report an incorrect token audience for the pod's ${audience} token, but the client IDs of IAM OIDC provider ${providerArn} could not be read to confirm that ${audience} is missing`;
    return {
      causeId: CAUSE,
      confidence: !seen && !logged ? "low" : details ? "high" : "medium",
      detail,
      evidence: [...logEvidence(f, [CAUSE]), ...clusterIssuerEvidence(s, f), ...providerDetailsEvidence(s, f)],
      immediate: `Operator: add ${audience} to the client IDs of IAM OIDC provider ${providerArn} (aws iam add-client-id-to-open-id-connect-provider), then retry the pod${details && details.ClientIDList.length > 0 ? "; keep the existing client IDs, other clients may use them" : ""}.`,
      actions: [addOidcClientId(providerArn, audience)],
      toConfirm,
    };
  },
};
