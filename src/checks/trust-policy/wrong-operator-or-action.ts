// trust_policy.wrong_operator_or_action: the trust statement has the right issuer, subject and audience
// in mind but is written so it cannot match: a wildcard under StringEquals (compared literally), an
// action other than sts:AssumeRoleWithWebIdentity, a misspelt condition operator, a condition on
// a claim the token never carries, no web identity statement at all, or an explicit Deny that catches the pod.

import type { Check, Finding } from "../types.js";
import type { StatementResult } from "../../iam/index.js";
import { WEB_IDENTITY_ACTION, conditionKeyIssuer } from "../../iam/index.js";
import { logOnlyTrustFinding } from "./log-only.js";
import {
  isFederatedStatement,
  problemsOf,
  quote,
  quoteAll,
  roleLabel,
  statementLabel,
  trustContext,
  type TrustContext,
} from "./context.js";
import { trustFinding } from "./finding.js";
import { causeMeta } from "../../causes.js";
import { chainedAssumeFinding, chainedAssumeRefusal } from "./chained-assume.js";

const CAUSE = "trust_policy.wrong_operator_or_action";

function principalsOf(r: StatementResult): string {
  return r.principal.policyValues.map((p) => (p.type === "*" ? '"*"' : `${p.type} ${quote(p.id)}`)).join(", ") || "no principal";
}

const subjectOf = (ctx: TrustContext): string => `system:serviceaccount:${ctx.input.namespace}:${ctx.input.serviceAccount}`;

/** What is wrong, one phrase each, with the statements concerned and the evaluator's sentences. */
function findFaults(ctx: TrustContext): { parts: string[]; statements: StatementResult[]; explanations: string[] } {
  const parts: string[] = [];
  const statements: StatementResult[] = [];
  const explanations: string[] = [];
  for (const d of ctx.denies) {
    const held = d.conditions.map((c) => `${c.operator} ${quote(c.key)} ${quoteAll(c.policyValues)}`).join(", ");
    parts.push(
      `Deny ${statementLabel(d)} applies to the pod's ${WEB_IDENTITY_ACTION} request${held ? ` (its condition ${held} holds for ${quote(subjectOf(ctx))})` : ""}`,
    );
    statements.push(d);
    explanations.push(
      `Deny ${statementLabel(d)} matches the request (${d.conditions.map((c) => c.note).join(" ") || d.action.note}); an explicit Deny overrides every Allow.`,
    );
  }
  const closest = ctx.closest;
  if (!closest) {
    if (ctx.denies.length === 0) parts.push(`has no Allow statement for ${WEB_IDENTITY_ACTION}`);
  } else if (!isFederatedStatement(closest)) {
    parts.push(
      `has no web identity statement: its nearest Allow, ${statementLabel(closest)}, trusts ${principalsOf(closest)} for ${quoteAll(closest.action.policyValues)}, not the cluster's OIDC provider for ${WEB_IDENTITY_ACTION}`,
    );
    statements.push(closest);
  } else {
    const wildcards = problemsOf(ctx, ["wildcard_in_exact_operator"]);
    const actions = problemsOf(ctx, ["action_not_allowed"]);
    const operators = problemsOf(ctx, ["unknown_operator"]);
    // Keys of the issuer other than sub and aud (amr, email, ...) are never in an EKS token's request;
    // global keys (aws:...) may well be, and the request model does not carry them, so they are not judged.
    const claims = problemsOf(ctx, ["condition_key_missing_in_request"]).filter((p) => conditionKeyIssuer(p.key) !== null);
    for (const w of wildcards)
      parts.push(
        `${statementLabel(closest)} compares ${quote(w.key)} with ${quoteAll(w.values)} under ${w.operator}, which treats "*" literally (expected ${w.suggestedOperator})`,
      );
    for (const a of actions) {
      parts.push(
        a.element === "Action"
          ? `${statementLabel(closest)} allows Action ${quoteAll(a.expected)}, not ${quote(a.actual)}`
          : `${statementLabel(closest)} excludes ${quote(a.actual)} with NotAction ${quoteAll(a.expected)}`,
      );
    }
    for (const c of claims)
      parts.push(
        `${statementLabel(closest)} requires ${c.operator} on ${quote(c.key)}, a claim STS never receives from a Kubernetes service account token`,
      );
    for (const o of operators)
      parts.push(
        `${statementLabel(closest)} uses the unknown condition operator ${quote(o.operator)}${o.suggestion ? ` (expected ${quote(o.suggestion)})` : ""}`,
      );
    if (parts.length > ctx.denies.length) statements.push(closest);
    explanations.push(...[...wildcards, ...actions, ...claims, ...operators].map((p) => p.message));
  }
  return { parts, statements, explanations };
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    // The pod's own session was refused a chained sts:AssumeRole on its own role by that role's trust. Refused by
    // another role's trust, it is that role's resource policy denying the pod's role an action: permissions.
    const chained = chainedAssumeRefusal(s, f);
    if (chained?.self) return chainedAssumeFinding(f, chained, CAUSE);
    const ctx = trustContext(f);
    if (!ctx) return logOnlyTrustFinding(s, f, CAUSE, "a trust statement with the wrong operator or action, or an explicit Deny,");
    if (ctx.decision.decision === "allow") return null;
    const { parts, statements, explanations } = findFaults(ctx);
    if (parts.length === 0) return null;
    return trustFinding(s, f, ctx, {
      cause: CAUSE,
      detail: `The trust policy of ${roleLabel(ctx)} does not let ${f.workload.subject} in: ${parts.join("; ")}`,
      statements,
      explanations,
    });
  },
};
