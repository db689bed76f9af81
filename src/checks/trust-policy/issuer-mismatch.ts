// trust_policy.issuer_mismatch: the role's trust policy trusts another OIDC issuer than the pod's
// cluster: a Federated principal and/or condition keys of an older cluster (re-created with a new issuer
// ID), of another cluster or of another region. STS only fills condition keys of the token's issuer.

import type { Check, Finding } from "../types.js";
import { logOnlyTrustFinding } from "./log-only.js";
import { isFederatedStatement, problemsOf, quote, roleLabel, statementLabel, trustContext } from "./context.js";
import { trustFinding } from "./finding.js";
import { clusterIssuerEvidence } from "../oidc-provider/evidence.js";
import { oidcProviderArn, providerArnIssuer } from "../../iam/index.js";
import { clusterName } from "../actions.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "trust_policy.issuer_mismatch";

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const ctx = trustContext(f);
    if (!ctx) return logOnlyTrustFinding(s, f, CAUSE, "a trust policy written for another cluster's OIDC issuer");
    const closest = ctx.closest;
    if (!closest || !isFederatedStatement(closest)) return null;
    const principal = problemsOf(ctx, ["principal_mismatch"]);
    const keys = problemsOf(ctx, ["condition_key_for_other_issuer"]);
    if (principal.length === 0 && keys.length === 0) return null;

    const expectedArn = oidcProviderArn(f.aws.partition, ctx.input.account, ctx.input.issuerUrl);
    const trusted = closest.principal.policyValues.filter((p) => p.type === "Federated").map((p) => p.id);
    // The issuers the statement names, whether through its principal or its condition keys.
    const named = new Set<string>(keys.map((k) => k.keyIssuer));
    if (principal.length > 0) for (const arn of trusted) named.add(providerArnIssuer(arn) ?? arn);
    const where: string[] = [];
    if (principal.length > 0) where.push(`Federated principal ${trusted.join(", ")}`);
    if (keys.length > 0)
      where.push(
        `condition keys ${keys
          .map((k) => k.key.slice(k.keyIssuer.length))
          .sort()
          .join(", ")}`,
      );
    return trustFinding(s, f, ctx, {
      cause: CAUSE,
      detail: `The trust policy of ${roleLabel(ctx)}, ${statementLabel(closest)}, names issuer ${[...named].sort().map(quote).join(", ")} (${where.join("; ")}), but the pod's token comes from cluster ${clusterName(s, f)}'s issuer ${ctx.input.issuerUrl} (provider ${expectedArn})`,
      statements: [closest],
      explanations: [...principal, ...keys].map((p) => p.message),
      extraEvidence: clusterIssuerEvidence(s, f),
    });
  },
};
