// trust_policy.subject_mismatch: the role's trust policy conditions "<issuer>:sub" on another service
// account than the pod's: a typo, a renamed service account, another namespace, or a StringLike pattern
// that does not cover it. The subject is exact: system:serviceaccount:<namespace>:<name>.

import type { Check, Finding } from "../types.js";
import type { PolicyProblem } from "../../iam/index.js";
import { hasWildcard, wildcardMatch } from "../../iam/index.js";
import { logOnlyTrustFinding } from "./log-only.js";
import { claimOf, isFederatedStatement, problemsOf, quote, quoteAll, roleLabel, statementLabel, trustContext } from "./context.js";
import { trustFinding } from "./finding.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "trust_policy.subject_mismatch";
type ValueMismatch = Extract<PolicyProblem, { code: "condition_value_mismatch" }>;

/** "namespace checkout instead of payments" etc.: what exactly differs between a policy value and the subject. */
export function subjectDifference(value: string, subject: string): string {
  if (hasWildcard(value)) return `the pattern ${quote(value)} does not cover it`;
  const want = /^system:serviceaccount:([^:]*):(.*)$/.exec(value);
  const have = /^system:serviceaccount:([^:]*):(.*)$/.exec(subject);
  if (!want || !have) return `${quote(value)} is not a service account subject of the form system:serviceaccount:<namespace>:<name>`;
  const diffs: string[] = [];
  if (want[1] !== have[1]) diffs.push(`namespace ${quote(want[1]!)} instead of ${quote(have[1]!)}`);
  if (want[2] !== have[2]) diffs.push(`service account ${quote(want[2]!)} instead of ${quote(have[2]!)}`);
  return diffs.length > 0 ? `it names ${diffs.join(" and ")}` : "it differs in case or spacing only";
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const ctx = trustContext(f);
    if (!ctx) return logOnlyTrustFinding(s, f, CAUSE, "a trust policy condition naming another namespace or service account");
    const closest = ctx.closest;
    if (!closest || !isFederatedStatement(closest)) return null;
    const subject = f.workload.subject ?? "";
    const wildcards = problemsOf(ctx, ["wildcard_in_exact_operator"]);
    const mismatches = problemsOf(ctx, ["condition_value_mismatch"]).filter((p): p is ValueMismatch => {
      if (claimOf(p.key) !== "sub") return false;
      // A literal-compared pattern is trust_policy.wrong_operator_or_action, unless the pattern would
      // not cover the pod's subject even under StringLike.
      const w = wildcards.find((x) => x.key === p.key && x.operator === p.operator);
      return !w || !p.expected.some((v) => wildcardMatch(v, subject));
    });
    const first = mismatches[0];
    if (!first) return null;
    const differences = first.expected.map((v) => subjectDifference(v, subject));
    // A pattern or a list means the statement already serves other service accounts: adding this one
    // shares the role's permissions with it, which may not be what the owner wants.
    const shared = first.expected.length > 1 || first.expected.some(hasWildcard);
    const note = shared
      ? `The statement also serves ${quoteAll(first.expected)}: if ${f.workload.namespace}/${f.workload.serviceAccountName} should not share this role's permissions, give it a role of its own instead.`
      : undefined;
    return trustFinding(s, f, ctx, {
      cause: CAUSE,
      detail: `The trust policy of ${roleLabel(ctx)}, ${statementLabel(closest)}, requires ${first.operator} ${quote(first.key)} = ${quoteAll(first.expected)}, but the pod's token subject is ${quote(subject)}: ${differences.join("; ")}`,
      statements: [closest],
      explanations: mismatches.map((p) => p.message),
      note,
    });
  },
};
