// Evaluates a policy as IAM does (an explicit Deny wins; otherwise any applying Allow allows;
// otherwise the request is implicitly denied) and keeps, for every statement, why it did or did not
// apply. Nothing short-circuits: the explanation covers every element, so a report can name all
// the reasons a statement fails, not only the first.

import type { PolicyDocument, PolicyStatement } from "./types.js";
import type { ConditionResult, PolicyDecision, PolicyProblem, PolicyRequest, StatementResult } from "./types.js";
import { parsePolicy, type NormalizedStatement } from "./parse.js";
import { indexContext, type ContextIndex } from "./context.js";
import { evaluateCondition } from "./condition.js";
import { evaluateAction, evaluateResource } from "./elements.js";
import { evaluatePrincipal } from "./principal.js";
import { compareText } from "../util/compare.js";

export function evaluatePolicy(doc: PolicyDocument | string | object, request: PolicyRequest): PolicyDecision {
  checkRequest(request);
  const { document, original } = parsePolicy(doc);
  const originals = Array.isArray(original.Statement) ? original.Statement : [original.Statement];
  const context = indexContext(request.context);
  const statements = document.Statement.map((s, i) => evaluateStatement(s, i, request, context, originals[i] ?? (s as PolicyStatement)));
  const allowedBy = statements.filter((s) => s.matched && s.effect === "Allow").map((s) => s.index);
  const deniedBy = statements.filter((s) => s.matched && s.effect === "Deny").map((s) => s.index);
  const decision = deniedBy.length > 0 ? "explicit_deny" : allowedBy.length > 0 ? "allow" : "implicit_deny";
  return {
    decision,
    action: request.action,
    allowedBy,
    deniedBy,
    closestAllow: decision === "implicit_deny" ? closestAllow(statements) : null,
    statements,
  };
}

function evaluateStatement(
  statement: NormalizedStatement,
  index: number,
  request: PolicyRequest,
  context: ContextIndex,
  original: PolicyStatement,
): StatementResult {
  const principal = evaluatePrincipal(statement, request.principal);
  const action = evaluateAction(statement, request.action);
  const resource = evaluateResource(statement, request.resource);
  const conditions: ConditionResult[] = [];
  const conditionProblems: PolicyProblem[] = [];
  for (const { operator, key, values } of conditionEntries(statement)) {
    const outcome = evaluateCondition(operator, key, values, context);
    conditions.push(outcome.result);
    conditionProblems.push(...outcome.problems);
  }
  const matched =
    principal.result.matched !== false && action.result.matched && resource.result.matched !== false && conditions.every((c) => c.matched);
  return {
    index,
    sid: statement.Sid ?? null,
    effect: statement.Effect,
    matched,
    principal: principal.result,
    action: action.result,
    resource: resource.result,
    conditions,
    problems: [...principal.problems, ...action.problems, ...resource.problems, ...conditionProblems],
    statement: original,
  };
}

/** Condition entries sorted by operator, then key, so the explanation does not depend on JSON key order. */
function conditionEntries(statement: NormalizedStatement): { operator: string; key: string; values: string[] }[] {
  const out: { operator: string; key: string; values: string[] }[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) out.push({ operator, key, values });
  }
  return out.sort(
    (a, b) => compareText(a.operator, b.operator) || compareText(a.key.toLowerCase(), b.key.toLowerCase()) || compareText(a.key, b.key),
  );
}

/**
 * The Allow statement a fix should edit: fewest failed elements among principal, action and resource
 * (a statement for the right principal and action with a wrong condition is nearer than one for
 * another action), then fewest problems, then the lowest index.
 */
function closestAllow(statements: StatementResult[]): number | null {
  const rank = (s: StatementResult): [number, number, number] => [
    [s.principal.matched, s.action.matched, s.resource.matched].filter((m) => m === false).length,
    s.problems.length,
    s.index,
  ];
  let best: StatementResult | null = null;
  for (const s of statements) {
    if (s.effect !== "Allow") continue;
    if (best === null) {
      best = s;
      continue;
    }
    const [a, b] = [rank(s), rank(best)];
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) best = s;
  }
  return best?.index ?? null;
}

function checkRequest(request: PolicyRequest): void {
  if (typeof request !== "object" || request === null) {
    throw new TypeError("evaluatePolicy: the request must be an object { action, principal?, resource?, context }.");
  }
  if (typeof request.action !== "string" || request.action.trim() === "") {
    throw new TypeError('evaluatePolicy: request.action must name the action, e.g. "sts:AssumeRoleWithWebIdentity".');
  }
  if (typeof request.context !== "object" || request.context === null || Array.isArray(request.context)) {
    throw new TypeError("evaluatePolicy: request.context must be an object of condition keys (use {} for none).");
  }
}
