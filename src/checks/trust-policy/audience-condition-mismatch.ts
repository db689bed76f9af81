// trust_policy.audience_condition_mismatch: the role's trust policy conditions "<issuer>:aud" on another
// audience than the pod's token carries, e.g. "sts.amazonaws.com.cn", "https://sts.amazonaws.com" or a
// custom audience, so STS refuses AssumeRoleWithWebIdentity although issuer and subject are right.

import type { Check, Finding } from "../types.js";
import type { PolicyProblem } from "../../iam/index.js";
import { DEFAULT_IRSA_AUDIENCE } from "../../diagnosis/facts/index.js";
import { logOnlyTrustFinding } from "./log-only.js";
import { claimOf, isFederatedStatement, problemsOf, quote, quoteAll, roleLabel, statementLabel, trustContext } from "./context.js";
import { trustFinding } from "./finding.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "trust_policy.audience_condition_mismatch";
type ValueMismatch = Extract<PolicyProblem, { code: "condition_value_mismatch" }>;

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const ctx = trustContext(f);
    if (!ctx) return logOnlyTrustFinding(s, f, CAUSE, "a trust policy audience condition other than the token's audience");
    const closest = ctx.closest;
    if (!closest || !isFederatedStatement(closest)) return null;
    const wildcards = problemsOf(ctx, ["wildcard_in_exact_operator"]);
    const mismatches = problemsOf(ctx, ["condition_value_mismatch"]).filter(
      (p): p is ValueMismatch => claimOf(p.key) === "aud" && !wildcards.some((w) => w.key === p.key && w.operator === p.operator),
    );
    const first = mismatches[0];
    if (!first) return null;
    const audience = f.workload.tokenAudience;
    // A non-standard token audience the provider does not accept is the token's problem first
    // (token.audience_mismatch); the condition may then be right.
    const provider = f.aws.oidc.details;
    const tokenAccepted = audience === DEFAULT_IRSA_AUDIENCE || (provider?.ClientIDList.includes(audience) ?? false);
    // Without a pod's token or an audience annotation the audience is the EKS default, assumed, not read.
    const seen = f.workload.irsaToken !== null || f.workload.audienceAnnotation !== null;
    const toConfirm = [
      ...(tokenAccepted
        ? []
        : [
            `whether ${quote(audience)} is the audience the pod should request (eks.amazonaws.com/audience on the service account) or ${quoteAll(first.expected)} is`,
          ]),
      ...(seen
        ? []
        : [
            `the audience of the token a pod of ${f.workload.subject ?? "the service account"} really carries (its aws-iam-token volume): ${quote(audience)} is the default, assumed here`,
          ]),
    ];
    return trustFinding(s, f, ctx, {
      cause: CAUSE,
      detail: `The trust policy of ${roleLabel(ctx)}, ${statementLabel(closest)}, requires ${first.operator} ${quote(first.key)} = ${quoteAll(first.expected)}, but the pod's token audience is ${quote(audience)}`,
      statements: [closest],
      explanations: mismatches.map((p) => p.message),
      confidence: tokenAccepted && seen ? "high" : "medium",
      toConfirm,
    });
  },
};
