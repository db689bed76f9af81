// The finding every trust_policy check returns once the trust policy was evaluated: the same evidence
// layout (STS's message, the service account, the statement as written, the evaluator's explanation)
// and the same fix (the whole corrected document), so the four causes read alike and any of them,
// applied, lets the pod in.

import type { Finding, ReportEvidence } from "../types.js";
import type { CauseId } from "../../causes.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { StatementResult } from "../../iam/index.js";
import { updateTrustPolicy } from "../actions.js";
import { logEvidence, saConfigEvidence } from "../evidence.js";
import { roleLabel, statementLabel, statementsOf, type TrustContext } from "./context.js";
import { repairTrustPolicy } from "./repair.js";

function statementEvidence(ctx: TrustContext, r: StatementResult): ReportEvidence {
  const statement = statementsOf(ctx.document)[r.index] ?? r.statement;
  const content = `Trust policy of role ${ctx.role.name}, ${statementLabel(r)}: ${JSON.stringify(statement)}`;
  const source = ctx.role.evidence.status === "found" ? ctx.role.evidence.source : undefined;
  return source === undefined ? { type: "trust_policy", content } : { type: "trust_policy", content, source };
}

export interface TrustFindingInput {
  cause: CauseId;
  /** One sentence: role, statement, expected vs actual. */
  detail: string;
  /** The statements the finding is about (evidence quotes them). */
  statements: StatementResult[];
  /** The evaluator's sentences explaining the mismatch. */
  explanations: string[];
  extraEvidence?: ReportEvidence[];
  /** High unless a link outside the trust policy could not be seen (say which in toConfirm). */
  confidence?: Finding["confidence"];
  toConfirm?: string[];
  /** A sentence appended to the immediate step (a caveat about the fix). */
  note?: string;
}

export function trustFinding(s: Snapshot, f: Facts, ctx: TrustContext, input: TrustFindingInput): Finding {
  const { policy, changes } = repairTrustPolicy(ctx);
  const why = changes.join("; ");
  const evidence: ReportEvidence[] = [
    ...logEvidence(f, [input.cause]),
    ...saConfigEvidence(s, f),
    ...input.statements.map((r) => statementEvidence(ctx, r)),
    ...input.explanations.map((content) => ({ type: "trust_policy", content })),
    ...(input.extraEvidence ?? []),
  ];
  return {
    causeId: input.cause,
    // A role that trusts only Pod Identity was not meant for web identity: restoring an OIDC statement is
    // one option, the association the other; the evidence alone does not choose.
    confidence:
      f.podIdentityIntent.irsaRoleIsPodIdentityRole && (input.confidence ?? "high") === "high" ? "medium" : (input.confidence ?? "high"),
    detail: input.detail,
    evidence,
    immediate: `Operator: with security team approval, update the trust policy of ${roleLabel(ctx)} to ${why} (aws iam update-assume-role-policy with the corrected document below); pods pick it up on their next credential request (restart any that gave up).${input.note ? ` ${input.note}` : ""}`,
    actions: [updateTrustPolicy(ctx.role.name, policy, why)],
    toConfirm: input.toConfirm ?? [],
  };
}
