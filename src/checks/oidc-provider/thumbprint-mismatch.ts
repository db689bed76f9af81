// oidc_provider.thumbprint_mismatch: STS says the issuer's HTTPS certificate does not match the thumbprints
// configured on the IAM OIDC provider. Only the STS message shows this (the snapshot holds no issuer
// certificate), so the configured thumbprints are what turns the message into a confirmed diagnosis.

import type { Check, Finding } from "../types.js";
import { clusterName, updateOidcThumbprint } from "../actions.js";
import { hasLogSignal, logEvidence } from "../evidence.js";
import { clusterIssuerEvidence, mayUseIrsa, providerDetailsEvidence } from "./evidence.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "oidc_provider.thumbprint_mismatch";

/** Issuers EKS hosts, for which IAM validates the TLS chain against its own trusted root CAs. */
const EKS_ISSUER = /^https:\/\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    if (!mayUseIrsa(f) || !hasLogSignal(f, CAUSE)) return null;
    const { oidc } = f.aws;
    if (oidc.provider === "missing") return null;
    const details = oidc.details;
    const described = details !== undefined && details.ThumbprintList.length > 0;
    const providerArn = details?.Arn ?? oidc.expectedProviderArn ?? "<oidc-provider-arn>";
    const issuer = oidc.issuerUrl ?? (details ? `https://${details.Url}` : null);
    const eksHosted = issuer !== null && EKS_ISSUER.test(issuer);
    const thumbprints = details ? `[${details.ThumbprintList.join(", ")}]` : "(not read)";
    const toConfirm = described
      ? []
      : [`aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${providerArn}, to see the configured ThumbprintList`];
    const eksNote = eksHosted
      ? " The issuer is EKS-hosted: IAM now validates such issuers against its own trusted root CAs and keeps the thumbprint as legacy configuration, so refresh it as below and, if the error persists, check that the provider URL is exactly the cluster's issuer."
      : "";
    return {
      causeId: CAUSE,
      confidence: described ? "high" : "medium",
      detail: `STS rejects the pod's token because the HTTPS certificate of issuer ${issuer ?? "(unknown issuer)"} (cluster ${clusterName(s, f)}) does not match the thumbprints ${thumbprints} configured on IAM OIDC provider ${providerArn}`,
      evidence: [...logEvidence(f, [CAUSE]), ...clusterIssuerEvidence(s, f), ...providerDetailsEvidence(s, f)],
      immediate: `Operator: compute the SHA-1 thumbprint of the top CA certificate that ${issuer ?? "the issuer"} presents (openssl s_client ... | openssl x509 -fingerprint -sha1) and replace the provider's thumbprint list with it (aws iam update-open-id-connect-provider-thumbprint --open-id-connect-provider-arn ${providerArn}).${eksNote}`,
      actions: [updateOidcThumbprint(providerArn, issuer)],
      toConfirm,
    };
  },
};
