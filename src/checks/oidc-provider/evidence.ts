// Evidence lines about the cluster's OIDC issuer and the account's IAM OIDC providers, shared by the
// oidc_provider checks so every report quotes the issuer and the provider list the same way.

import type { ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import { clusterName } from "../actions.js";

/** Whether the pod relies on IRSA (or may: the evidence cannot tell), so an OIDC provider problem can matter. */
export function mayUseIrsa(f: Facts): boolean {
  return f.mode === "irsa" || f.mode === "both" || f.mode === "unknown";
}

/** "arn:aws:iam::1:oidc-provider/oidc.eks.x.amazonaws.com/id/ABC" -> "oidc.eks.x.amazonaws.com/id/ABC". */
export function providerIssuer(arn: string): string {
  const at = arn.indexOf(":oidc-provider/");
  return at === -1 ? arn : arn.slice(at + ":oidc-provider/".length);
}

export function clusterIssuerEvidence(s: Snapshot, f: Facts): ReportEvidence[] {
  if (s.aws.cluster.status !== "found" || !f.aws.oidc.issuerUrl) return [];
  return [
    {
      type: "cluster",
      content: `EKS cluster ${clusterName(s, f)} OIDC issuer: ${f.aws.oidc.issuerUrl}`,
      source: s.aws.cluster.source,
    },
  ];
}

/** The account's provider list as read, naming which issuers it covers. */
export function providerListEvidence(s: Snapshot, f: Facts): ReportEvidence[] {
  const list = s.aws.oidcProviderList;
  if (list.status !== "found") return [];
  // The account STS checks (the role's); a bundle may merge the lists of two accounts, so keep its ARNs only.
  const account = f.aws.oidc.account ?? f.aws.account ?? "(unknown account)";
  const ofAccount = f.aws.oidc.account ? list.value.filter((arn) => arn.split(":")[4] === f.aws.oidc.account) : [...list.value];
  const issuers = ofAccount.map(providerIssuer).sort();
  const listed = issuers.length > 0 ? issuers.join(", ") : "none";
  const verdict =
    f.aws.oidc.provider === "missing"
      ? `; none for ${f.aws.oidc.issuerHostPath}`
      : f.aws.oidc.provider === "present"
        ? `; includes ${f.aws.oidc.issuerHostPath}`
        : "";
  return [{ type: "oidc_provider", content: `IAM OIDC providers in account ${account}: ${listed}${verdict}`, source: list.source }];
}

/** The described provider of the cluster's issuer: its audiences and thumbprints as IAM stores them. */
export function providerDetailsEvidence(s: Snapshot, f: Facts): ReportEvidence[] {
  const p = f.aws.oidc.details;
  if (!p) return [];
  const e = s.aws.oidcProviders[p.Arn];
  const source = e?.status === "found" ? e.source : undefined;
  const content = `IAM OIDC provider ${p.Arn}: ClientIDList=[${p.ClientIDList.join(", ")}], ThumbprintList=[${p.ThumbprintList.join(", ")}]`;
  return [source === undefined ? { type: "oidc_provider", content } : { type: "oidc_provider", content, source }];
}
