// Compiles a caller's regular expression with re2js, whose matching time is linear in the line whatever
// the pattern, so a pattern like (a+)+$ cannot hang the server. A pattern RE2 refuses comes back as a
// sentence saying what is wrong and what RE2 does not support.

import { RE2JS } from "re2js";
import { requiredLiterals, type RequiredLiteral } from "./literals.js";

const MAX_QUERY_LENGTH = 2000;

export interface CompiledQuery {
  re: RE2JS;
  /** Literals every match contains (one per alternative), or null when there are none. */
  literals: RequiredLiteral[] | null;
}

export function compileQuery(query: string, ignoreCase: boolean, what = "query"): CompiledQuery | { error: string } {
  if (query.length > MAX_QUERY_LENGTH) return { error: `${what} is ${query.length} characters long; keep it under ${MAX_QUERY_LENGTH}.` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(query, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, "");
    return {
      error:
        `${what} ${JSON.stringify(query)} is not a valid RE2 regular expression: ${reason}. ` +
        `RE2 syntax has no lookahead/lookbehind and no backreferences; escape literal characters such as ( [ { . * + ? | with a backslash.`,
    };
  }
  return { re, literals: requiredLiterals(query, ignoreCase) };
}
