// Reads a policy document from what callers hold: an object, JSON text, or the URL-encoded JSON that
// IAM's API returns (RFC 3986 encoding: a space is %20 and a plus is %2B, so '+' stays '+', unlike
// form encoding). Validates the grammar strictly, because a misspelt element ("Conditions") silently
// widens a statement, and normalises every list to an array so evaluation has one shape to read.

import type { PolicyDocument } from "./types.js";

export class PolicyParseError extends Error {
  /** Where in the document the problem is, e.g. "Statement[1].Effect"; "" for the document itself. */
  readonly path: string;
  constructor(path: string, problem: string) {
    super(path === "" ? `Invalid policy document: ${problem}` : `Invalid policy document at ${path}: ${problem}`);
    this.name = "PolicyParseError";
    this.path = path;
  }
}

export type NormalizedPrincipal = "*" | Record<string, string[]>;

export interface NormalizedStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: NormalizedPrincipal;
  NotPrincipal?: NormalizedPrincipal;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  /** Every value a string: IAM compares booleans and numbers by their text. */
  Condition?: Record<string, Record<string, string[]>>;
}

export interface NormalizedPolicyDocument {
  Version?: string;
  Id?: string;
  Statement: NormalizedStatement[];
}

export interface ParsedPolicy {
  document: NormalizedPolicyDocument;
  /** The document as given (decoded), for display. */
  original: PolicyDocument;
}

const DOCUMENT_KEYS = ["Version", "Id", "Statement"];
const STATEMENT_KEYS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const PRINCIPAL_TYPES = ["AWS", "Federated", "Service", "CanonicalUser"];

export function parsePolicyDocument(input: string | object): NormalizedPolicyDocument {
  return parsePolicy(input).document;
}

export function parsePolicy(input: string | object): ParsedPolicy {
  const value = typeof input === "string" ? decodeText(input, 0) : input;
  const doc = expectObject(value, "", "the document must be a JSON object with a Statement element");
  rejectUnknownKeys(doc, DOCUMENT_KEYS, "");
  const out: NormalizedPolicyDocument = { Statement: [] };
  if (doc["Version"] !== undefined) out.Version = expectString(doc["Version"], "Version");
  if (doc["Id"] !== undefined) out.Id = expectString(doc["Id"], "Id");
  const raw = doc["Statement"];
  if (raw === undefined) throw new PolicyParseError("", "the Statement element is missing");
  const list = Array.isArray(raw) ? raw : [raw];
  out.Statement = list.map((s, i) => normalizeStatement(s, Array.isArray(raw) ? `Statement[${i}]` : "Statement"));
  return { document: out, original: doc as unknown as PolicyDocument };
}

function decodeText(input: string, depth: number): unknown {
  let text = input.trim();
  if (text === "") throw new PolicyParseError("", "the text is empty; expected a JSON policy document");
  if (text.startsWith("%")) {
    try {
      text = decodeURIComponent(text).trim();
    } catch {
      throw new PolicyParseError(
        "",
        "the text looks URL-encoded (it starts with '%') but contains a malformed %-sequence; pass the document exactly as IAM returned it",
      );
    }
  }
  if (!text.startsWith("{") && !(text.startsWith('"') && depth === 0)) {
    throw new PolicyParseError(
      "",
      `expected a JSON object ('{') or IAM's URL-encoded form ('%7B'), got text starting with ${JSON.stringify(text.slice(0, 20))}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new PolicyParseError("", `the text is not valid JSON (${(e as Error).message})`);
  }
  // A document serialised twice (a JSON string holding the JSON) is common in tooling output.
  if (typeof parsed === "string") return decodeText(parsed, depth + 1);
  return parsed;
}

function normalizeStatement(value: unknown, path: string): NormalizedStatement {
  const s = expectObject(value, path, "a statement must be a JSON object");
  rejectUnknownKeys(s, STATEMENT_KEYS, path);
  const effect = s["Effect"];
  if (effect !== "Allow" && effect !== "Deny") {
    throw new PolicyParseError(
      `${path}.Effect`,
      effect === undefined
        ? 'the Effect element is missing; it must be "Allow" or "Deny"'
        : `Effect must be exactly "Allow" or "Deny", got ${JSON.stringify(effect)}`,
    );
  }
  exclusive(s, "Principal", "NotPrincipal", path);
  exclusive(s, "Resource", "NotResource", path);
  exclusive(s, "Action", "NotAction", path);
  if (s["Action"] === undefined && s["NotAction"] === undefined) {
    throw new PolicyParseError(path, "the statement has neither Action nor NotAction; one of them is required");
  }
  const out: NormalizedStatement = { Effect: effect };
  if (s["Sid"] !== undefined) out.Sid = expectString(s["Sid"], `${path}.Sid`);
  if (s["Principal"] !== undefined) out.Principal = normalizePrincipal(s["Principal"], `${path}.Principal`);
  if (s["NotPrincipal"] !== undefined) out.NotPrincipal = normalizePrincipal(s["NotPrincipal"], `${path}.NotPrincipal`);
  if (s["Action"] !== undefined) out.Action = stringList(s["Action"], `${path}.Action`);
  if (s["NotAction"] !== undefined) out.NotAction = stringList(s["NotAction"], `${path}.NotAction`);
  if (s["Resource"] !== undefined) out.Resource = stringList(s["Resource"], `${path}.Resource`);
  if (s["NotResource"] !== undefined) out.NotResource = stringList(s["NotResource"], `${path}.NotResource`);
  if (s["Condition"] !== undefined) out.Condition = normalizeCondition(s["Condition"], `${path}.Condition`);
  return out;
}

function normalizePrincipal(value: unknown, path: string): NormalizedPrincipal {
  if (value === "*") return "*";
  const p = expectObject(value, path, 'a principal must be "*" or an object such as {"Federated": "<provider ARN>"}');
  const out: Record<string, string[]> = {};
  for (const type of Object.keys(p)) {
    if (!PRINCIPAL_TYPES.includes(type)) {
      throw new PolicyParseError(
        path,
        `unknown principal type ${JSON.stringify(type)}; expected one of ${PRINCIPAL_TYPES.join(", ")} (case-sensitive)`,
      );
    }
    out[type] = stringList(p[type], `${path}.${type}`);
  }
  if (Object.keys(out).length === 0) throw new PolicyParseError(path, "the principal object names no principal");
  return out;
}

function normalizeCondition(value: unknown, path: string): Record<string, Record<string, string[]>> {
  const c = expectObject(value, path, 'Condition must be an object such as {"StringEquals": {"<key>": "<value>"}}');
  const out: Record<string, Record<string, string[]>> = {};
  for (const operator of Object.keys(c)) {
    const opPath = `${path}[${JSON.stringify(operator)}]`;
    const block = expectObject(c[operator], opPath, `the ${operator} block must map condition keys to values`);
    const keys: Record<string, string[]> = {};
    for (const key of Object.keys(block)) {
      const keyPath = `${opPath}[${JSON.stringify(key)}]`;
      const v = block[key];
      const items = Array.isArray(v) ? v : [v];
      keys[key] = items.map((item, i) => {
        if (typeof item === "string") return item;
        if (typeof item === "boolean" || (typeof item === "number" && Number.isFinite(item))) return String(item);
        throw new PolicyParseError(
          Array.isArray(v) ? `${keyPath}[${i}]` : keyPath,
          `a condition value must be a string, number or boolean, got ${describe(item)}`,
        );
      });
    }
    out[operator] = keys;
  }
  return out;
}

function stringList(value: unknown, path: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw new PolicyParseError(path, "the list is empty; name at least one value");
  return items.map((item, i) => {
    if (typeof item !== "string" || item === "") {
      throw new PolicyParseError(Array.isArray(value) ? `${path}[${i}]` : path, `expected a non-empty string, got ${describe(item)}`);
    }
    return item;
  });
}

function exclusive(s: Record<string, unknown>, a: string, b: string, path: string): void {
  if (s[a] !== undefined && s[b] !== undefined) {
    throw new PolicyParseError(path, `the statement has both ${a} and ${b}; IAM allows only one of them`);
  }
}

function rejectUnknownKeys(o: Record<string, unknown>, allowed: string[], path: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new PolicyParseError(
        path,
        `unknown element ${JSON.stringify(key)}; allowed elements are ${allowed.join(", ")} (case-sensitive)`,
      );
    }
  }
}

function expectObject(value: unknown, path: string, problem: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PolicyParseError(path, `${problem}; got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== "string") throw new PolicyParseError(path, `expected a string, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${String(value)}`;
}
