// One condition (operator, key, policy values) against the request, with the sentence that explains
// the outcome and the problems a diagnosis acts on. The missing-key rules follow IAM's documentation:
// an absent key fails a plain operator, satisfies a negated one ("Not...") and any "...IfExists",
// makes ForAllValues true and ForAnyValue false.

import type { ConditionResult, PolicyProblem } from "./types.js";
import type { ContextIndex } from "./context.js";
import { conditionKeyIssuer } from "./issuer.js";
import { EXACT_STRING_OPERATORS, parseOperator, suggestOperator, type ParsedOperator } from "./operators.js";
import { hasWildcard, wildcardMatch } from "./wildcard.js";

export interface ConditionOutcome {
  result: ConditionResult;
  problems: PolicyProblem[];
}

const quote = (v: string): string => JSON.stringify(v);
const quoteAll = (values: string[]): string => values.map(quote).join(", ");

export function evaluateCondition(operator: string, key: string, policyValues: string[], context: ContextIndex): ConditionOutcome {
  const requestValues = context.get(key);
  const make = (matched: boolean, note: string, problems: PolicyProblem[] = []): ConditionOutcome => ({
    result: { operator, key, policyValues, requestValues, matched, note },
    problems,
  });

  const op = parseOperator(operator);
  if (op === null) {
    const suggestion = suggestOperator(operator);
    const hint = suggestion === null ? "" : ` (did you mean ${quote(suggestion)}?)`;
    const message = `${quote(operator)} is not an IAM condition operator${hint}, so the condition on ${quote(key)} cannot match; IAM would reject the policy as malformed.`;
    return make(false, message, [{ code: "unknown_operator", message, operator, key, suggestion }]);
  }

  if (op.base === null) return evaluateNull(operator, key, policyValues, requestValues, make);

  if (requestValues === null) return evaluateAbsent(op, operator, key, context, make);

  const base = op.base;
  const valueHolds = (v: string): boolean => {
    const positive = policyValues.some((pv) => base.compare(pv, v));
    return base.negated ? !positive : positive;
  };
  let matched: boolean;
  if (op.qualifier === "ForAllValues") matched = requestValues.every(valueHolds);
  else if (op.qualifier === "ForAnyValue") matched = requestValues.some(valueHolds);
  // Without a set operator a negated operator must hold for every value (none may match), a positive
  // one for any value.
  else matched = base.negated ? requestValues.every(valueHolds) : requestValues.some(valueHolds);

  const expectation = base.expects(policyValues);
  const wanted =
    op.qualifier === "ForAllValues"
      ? `each value to be ${expectation}`
      : op.qualifier === "ForAnyValue"
        ? `at least one value to be ${expectation}`
        : expectation;
  const has = `the request has ${quoteAll(requestValues)}`;
  if (matched) return make(true, `Matches: ${operator} on ${quote(key)} expects ${wanted}, and ${has}.`);

  const message = `${operator} on ${quote(key)} expects ${wanted}, but ${has}.`;
  const problems: PolicyProblem[] = [];
  const meant = EXACT_STRING_OPERATORS[base.name];
  const wildcardValues = policyValues.filter(hasWildcard);
  if (meant !== undefined && wildcardValues.length > 0) {
    const suggestedOperator = op.name.replace(base.name, meant);
    const ignoreCase = base.name.endsWith("IgnoreCase");
    const wouldMatch = requestValues.some((v) => wildcardValues.some((pv) => wildcardMatch(pv, v, ignoreCase)));
    problems.push({
      code: "wildcard_in_exact_operator",
      message: `${operator} compares ${quoteAll(wildcardValues)} literally: "*" and "?" are wildcards only under ${suggestedOperator}. ${
        wouldMatch
          ? `Under ${suggestedOperator} the request's value would match.`
          : `Even under ${suggestedOperator} the request's value would not match.`
      }`,
      operator,
      key,
      values: wildcardValues,
      suggestedOperator,
    });
  }
  problems.push({
    code: "condition_value_mismatch",
    message,
    operator,
    key,
    expected: policyValues,
    actual: requestValues,
  });
  return make(false, `Does not match: ${message}`, problems);
}

type Make = (matched: boolean, note: string, problems?: PolicyProblem[]) => ConditionOutcome;

function evaluateAbsent(op: ParsedOperator, operator: string, key: string, context: ContextIndex, make: Make) {
  const absent = `The request does not carry ${quote(key)}`;
  if (op.qualifier === "ForAllValues") return make(true, `${absent}; ForAllValues of an absent key is true.`);
  if (op.ifExists && op.qualifier === null) return make(true, `${absent}; IfExists makes an absent key match.`);
  if (op.base?.negated === true && op.qualifier === null) {
    return make(true, `${absent}; the negated operator ${op.name} matches an absent key.`);
  }
  const why =
    op.qualifier === "ForAnyValue" ? `${absent}; ForAnyValue of an absent key is false.` : `${absent}, so ${operator} cannot match.`;

  const keyIssuer = conditionKeyIssuer(key);
  if (keyIssuer !== null && context.issuers.length > 0 && !context.issuers.some((i) => i.toLowerCase() === keyIssuer.toLowerCase())) {
    const message = `Condition key ${quote(key)} is for OIDC issuer ${quote(keyIssuer)}, but the request's token comes from ${context.issuers.map(quote).join(", ")}: the statement was written for another cluster's issuer.`;
    return make(false, `${why} ${message}`, [
      {
        code: "condition_key_for_other_issuer",
        message,
        operator,
        key,
        keyIssuer,
        requestIssuers: context.issuers,
      },
    ]);
  }
  const message = `${operator} needs the condition key ${quote(key)}, which the request does not carry.`;
  return make(false, why, [{ code: "condition_key_missing_in_request", message, operator, key }]);
}

function evaluateNull(operator: string, key: string, policyValues: string[], requestValues: string[] | null, make: Make): ConditionOutcome {
  const present = requestValues !== null;
  const holds = policyValues.some((pv) => (pv.toLowerCase() === "true" ? !present : pv.toLowerCase() === "false" && present));
  const state = present ? `the request carries ${quote(key)}` : `the request does not carry ${quote(key)}`;
  const wantsAbsent = policyValues.some((v) => v.toLowerCase() === "true");
  const wants = `${operator} ${quoteAll(policyValues)} requires ${quote(key)} to be ${wantsAbsent ? "absent" : "present"}`;
  if (holds) return make(true, `Matches: ${wants}, and ${state}.`);
  const message = `${wants}, but ${state}.`;
  const problem: PolicyProblem = present
    ? { code: "condition_value_mismatch", message, operator, key, expected: policyValues, actual: requestValues }
    : { code: "condition_key_missing_in_request", message, operator, key };
  return make(false, `Does not match: ${message}`, [problem]);
}
