// The IAM condition operators: how each compares one policy value with one request value, whether
// it is a negated ("Not") operator, and how the report phrases what it expects. Operator names are
// recognised case-insensitively: IAM rejects a misspelt name when the policy is written, so any
// document read back from IAM is valid either way, and tolerance costs nothing.

import { arnMatches } from "./arn.js";
import { ipInCidr } from "./ip.js";
import { wildcardMatch } from "./wildcard.js";

interface OperatorSpec {
  /** Canonical base name, e.g. "StringNotLike". */
  name: string;
  /** Negated operators hold when no policy value matches; they also hold when the key is absent. */
  negated: boolean;
  /** The positive comparison of one policy value with one request value. */
  compare(policyValue: string, requestValue: string): boolean;
  /** "<what a value must be>" for one or several policy values, e.g. 'a value matching "x"'. */
  expects(values: string[]): string;
}

export interface ParsedOperator {
  /** Canonical full name, e.g. "ForAnyValue:StringLikeIfExists". */
  name: string;
  qualifier: "ForAnyValue" | "ForAllValues" | null;
  ifExists: boolean;
  /** null for Null, which tests presence and has its own rule. */
  base: OperatorSpec | null;
}

const quote = (v: string): string => JSON.stringify(v);
const list = (values: string[]): string => values.map(quote).join(", ");
const oneOrMany = (values: string[]): string => (values.length === 1 ? list(values) : `one of ${list(values)}`);
const relation =
  (noun: string, rel: string) =>
  (values: string[]): string =>
    `${noun} ${rel} ${oneOrMany(values)}`;
const otherThan =
  (noun: string) =>
  (values: string[]): string =>
    values.length === 1 ? `${noun} other than ${list(values)}` : `${noun} other than any of ${list(values)}`;
const notMatching =
  (noun: string) =>
  (values: string[]): string =>
    values.length === 1 ? `${noun} not matching ${list(values)}` : `${noun} matching none of ${list(values)}`;

function parseNumber(s: string): number | null {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s) ? Number(s) : null;
}

function parseDate(s: string): number | null {
  // Epoch seconds or ISO 8601, both accepted by IAM's date operators.
  if (/^\d+(\.\d+)?$/.test(s.trim())) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

function numeric(test: (p: number, r: number) => boolean) {
  return (pv: string, rv: string): boolean => {
    const p = parseNumber(pv);
    const r = parseNumber(rv);
    return p !== null && r !== null && test(p, r);
  };
}

function date(test: (p: number, r: number) => boolean) {
  return (pv: string, rv: string): boolean => {
    const p = parseDate(pv);
    const r = parseDate(rv);
    return p !== null && r !== null && test(p, r);
  };
}

const stringEquals = (pv: string, rv: string): boolean => pv === rv;
const ignoreCase = (pv: string, rv: string): boolean => pv.toLowerCase() === rv.toLowerCase();
const stringLike = (pv: string, rv: string): boolean => wildcardMatch(pv, rv);

const SPECS: OperatorSpec[] = [
  { name: "StringEquals", negated: false, compare: stringEquals, expects: oneOrMany },
  { name: "StringNotEquals", negated: true, compare: stringEquals, expects: otherThan("a value") },
  {
    name: "StringEqualsIgnoreCase",
    negated: false,
    compare: ignoreCase,
    expects: (v) => `${oneOrMany(v)} (ignoring case)`,
  },
  {
    name: "StringNotEqualsIgnoreCase",
    negated: true,
    compare: ignoreCase,
    expects: (v) => `${otherThan("a value")(v)} (ignoring case)`,
  },
  { name: "StringLike", negated: false, compare: stringLike, expects: relation("a value", "matching") },
  { name: "StringNotLike", negated: true, compare: stringLike, expects: notMatching("a value") },
  { name: "NumericEquals", negated: false, compare: numeric((p, r) => r === p), expects: relation("a number", "equal to") },
  { name: "NumericNotEquals", negated: true, compare: numeric((p, r) => r === p), expects: otherThan("a number") },
  { name: "NumericLessThan", negated: false, compare: numeric((p, r) => r < p), expects: relation("a number", "less than") },
  {
    name: "NumericLessThanEquals",
    negated: false,
    compare: numeric((p, r) => r <= p),
    expects: relation("a number", "less than or equal to"),
  },
  {
    name: "NumericGreaterThan",
    negated: false,
    compare: numeric((p, r) => r > p),
    expects: relation("a number", "greater than"),
  },
  {
    name: "NumericGreaterThanEquals",
    negated: false,
    compare: numeric((p, r) => r >= p),
    expects: relation("a number", "greater than or equal to"),
  },
  { name: "DateEquals", negated: false, compare: date((p, r) => r === p), expects: relation("a date", "equal to") },
  { name: "DateNotEquals", negated: true, compare: date((p, r) => r === p), expects: otherThan("a date") },
  { name: "DateLessThan", negated: false, compare: date((p, r) => r < p), expects: relation("a date", "before") },
  {
    name: "DateLessThanEquals",
    negated: false,
    compare: date((p, r) => r <= p),
    expects: relation("a date", "at or before"),
  },
  { name: "DateGreaterThan", negated: false, compare: date((p, r) => r > p), expects: relation("a date", "after") },
  {
    name: "DateGreaterThanEquals",
    negated: false,
    compare: date((p, r) => r >= p),
    expects: relation("a date", "at or after"),
  },
  { name: "Bool", negated: false, compare: ignoreCase, expects: oneOrMany },
  { name: "BinaryEquals", negated: false, compare: stringEquals, expects: oneOrMany },
  { name: "IpAddress", negated: false, compare: ipInCidr, expects: relation("an IP address", "in") },
  { name: "NotIpAddress", negated: true, compare: ipInCidr, expects: (v) => `an IP address outside ${list(v)}` },
  { name: "ArnEquals", negated: false, compare: arnMatches, expects: relation("an ARN", "matching") },
  { name: "ArnLike", negated: false, compare: arnMatches, expects: relation("an ARN", "matching") },
  { name: "ArnNotEquals", negated: true, compare: arnMatches, expects: notMatching("an ARN") },
  { name: "ArnNotLike", negated: true, compare: arnMatches, expects: notMatching("an ARN") },
];

const BY_LOWER_NAME = new Map(SPECS.map((s) => [s.name.toLowerCase(), s]));

/** Every base operator name, for suggestions. */
const OPERATOR_NAMES: string[] = [...SPECS.map((s) => s.name), "Null"].sort();

/**
 * Exact-match string operators whose failure a "*" or "?" in the values can explain (they are literal
 * characters there), with the operator the author meant.
 */
export const EXACT_STRING_OPERATORS: Record<string, string> = {
  StringEquals: "StringLike",
  StringEqualsIgnoreCase: "StringLike",
};

export function parseOperator(raw: string): ParsedOperator | null {
  let rest = raw.trim();
  let qualifier: ParsedOperator["qualifier"] = null;
  const colon = rest.indexOf(":");
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === "foranyvalue") qualifier = "ForAnyValue";
    else if (prefix === "forallvalues") qualifier = "ForAllValues";
    else return null;
    rest = rest.slice(colon + 1);
  }
  if (rest.toLowerCase() === "null") {
    // Null tests presence; it takes neither a set qualifier nor IfExists.
    return qualifier === null ? { name: "Null", qualifier: null, ifExists: false, base: null } : null;
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith("ifexists")) {
    ifExists = true;
    rest = rest.slice(0, -"ifexists".length);
  }
  const base = BY_LOWER_NAME.get(rest.toLowerCase());
  if (base === undefined) return null;
  const name = `${qualifier === null ? "" : `${qualifier}:`}${base.name}${ifExists ? "IfExists" : ""}`;
  return { name, qualifier, ifExists, base };
}

/** The closest known operator name to a misspelt one, or null when nothing is close. */
export function suggestOperator(raw: string): string | null {
  const colon = raw.indexOf(":");
  const prefix = colon === -1 ? "" : raw.slice(0, colon + 1);
  let name = colon === -1 ? raw : raw.slice(colon + 1);
  const ifExists = /ifexists$/i.test(name);
  if (ifExists) name = name.slice(0, -"ifexists".length);
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of OPERATOR_NAMES) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === null) return null;
  const fixedPrefix = /^foranyvalues?:$/i.test(prefix) ? "ForAnyValue:" : /^forallvalues?:$/i.test(prefix) ? "ForAllValues:" : prefix;
  return `${fixedPrefix}${best}${ifExists ? "IfExists" : ""}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
