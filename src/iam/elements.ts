// Action / NotAction and Resource / NotResource against the request. Action names compare
// case-insensitively (IAM treats "sts:assumerole" as "sts:AssumeRole"); resource ARNs compare
// case-sensitively. Both take "*" and "?" wildcards over the whole string.

import type { NormalizedStatement } from "./parse.js";
import type { ActionResult, PolicyProblem, ResourceResult } from "./types.js";
import { wildcardMatch } from "./wildcard.js";

const quoteAll = (values: string[]): string => values.map((v) => JSON.stringify(v)).join(", ");

export function evaluateAction(statement: NormalizedStatement, action: string): { result: ActionResult; problems: PolicyProblem[] } {
  const element = statement.Action !== undefined ? "Action" : "NotAction";
  const patterns = statement.Action ?? statement.NotAction ?? [];
  const hits = patterns.filter((p) => wildcardMatch(p, action, true));
  const requested = JSON.stringify(action);
  const make = (matched: boolean, note: string, problems: PolicyProblem[] = []) => ({
    result: { element, matched, policyValues: patterns, requestValue: action, note } satisfies ActionResult,
    problems,
  });
  if (element === "Action") {
    if (hits.length > 0) return make(true, `Matches: Action ${quoteAll(hits)} covers ${requested}.`);
    const message = `Action ${quoteAll(patterns)} does not cover the request's action ${requested}.`;
    return make(false, message, [{ code: "action_not_allowed", message, element, expected: patterns, actual: action }]);
  }
  if (hits.length === 0) return make(true, `Matches: NotAction ${quoteAll(patterns)} does not exclude ${requested}.`);
  const message = `NotAction ${quoteAll(hits)} excludes the request's action ${requested}.`;
  return make(false, message, [{ code: "action_not_allowed", message, element, expected: patterns, actual: action }]);
}

export function evaluateResource(
  statement: NormalizedStatement,
  resource: string | undefined,
): { result: ResourceResult; problems: PolicyProblem[] } {
  const element = statement.Resource !== undefined ? "Resource" : statement.NotResource !== undefined ? "NotResource" : null;
  const patterns = statement.Resource ?? statement.NotResource ?? [];
  const make = (matched: boolean | null, note: string, problems: PolicyProblem[] = []) => ({
    result: { element, matched, policyValues: patterns, requestValue: resource ?? null, note } satisfies ResourceResult,
    problems,
  });
  if (resource === undefined) {
    return make(null, "Not evaluated: the request names no resource (a trust policy is evaluated without one).");
  }
  if (element === null) return make(null, "Not evaluated: the statement names no Resource (as in a trust policy).");
  const hits = patterns.filter((p) => wildcardMatch(p, resource));
  const requested = JSON.stringify(resource);
  if (element === "Resource") {
    if (hits.length > 0) return make(true, `Matches: Resource ${quoteAll(hits)} covers ${requested}.`);
    const message = `Resource ${quoteAll(patterns)} does not cover the request's resource ${requested}.`;
    return make(false, message, [{ code: "resource_not_matched", message, element, expected: patterns, actual: resource }]);
  }
  if (hits.length === 0) return make(true, `Matches: NotResource ${quoteAll(patterns)} does not exclude ${requested}.`);
  const message = `NotResource ${quoteAll(hits)} excludes the request's resource ${requested}.`;
  return make(false, message, [{ code: "resource_not_matched", message, element, expected: patterns, actual: resource }]);
}
