// Removes credentials from text before it is stored or shown: AWS access key ids, secret keys, session
// tokens, JWTs (service-account tokens), bearer headers, request signatures and passwords. Rules use
// re2js so redaction stays linear on hostile input. Role ARNs, account ids and role unique ids (AROA…)
// are not secrets and are kept: the diagnosis needs them.

import { RE2JS } from "re2js";

export const REDACTED = "[REDACTED]";

interface Rule {
  /** Cheap test: the rule runs only when the text contains one of these (compared case-insensitively). */
  hints: readonly string[];
  /** Compiled when a text first contains a hint: compiling every rule up front costs every run ~30 ms. */
  re: () => RE2JS;
  replacement: string;
}

function rule(hints: string[], regex: string, replacement: string, ignoreCase = false): Rule {
  let re: RE2JS | undefined;
  return { hints: hints.map((h) => h.toLowerCase()), re: () => (re ??= RE2JS.compile(regex, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0)), replacement };
}

const ASSIGN = String.raw`(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?\s*`;

// Order matters: whole tokens first, then key = value forms, then bare key ids.
const RULES: readonly Rule[] = [
  // JWTs: service-account tokens and OIDC tokens (header.payload.signature, base64url).
  rule(["eyJ"], String.raw`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?`, `${REDACTED}`),
  // STS session tokens by their fixed base64 prefix, wherever they appear.
  rule(
    ["IQoJb3JpZ2lu", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "FQoDYXdz"],
    String.raw`(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|FQoDYXdz)[A-Za-z0-9/+=%_-]{16,}`,
    REDACTED,
  ),
  // Secret access keys after their key name (env, ini, JSON, Java toString).
  rule(
    ["secret"],
    String.raw`((?:aws_?)?secret_?(?:access_?)?key(?:_?id)?${ASSIGN})[A-Za-z0-9/+=]{16,}`,
    `$1${REDACTED}`,
    true,
  ),
  // Session / security tokens after their key name; also the agent's JSON "Token" field.
  rule(
    ["token"],
    String.raw`((?:session_?token|security_?token|x-amz-security-token|"token"|"access_?token"|"id_?token"|"refresh_?token")${ASSIGN})[A-Za-z0-9/+=%_.-]{16,}`,
    `$1${REDACTED}`,
    true,
  ),
  // Authorization headers carrying a bearer or basic credential.
  rule(["authorization"], String.raw`(authorization${ASSIGN}(?:bearer|basic)\s+)[^\s"',\\]+`, `$1${REDACTED}`, true),
  // SigV4 signatures (headers and pre-signed URLs): a signature plus its credential is a bearer token.
  rule(["signature"], String.raw`((?:x-amz-)?signature=)[0-9a-f]{64}`, `$1${REDACTED}`, true),
  rule(["password", "passwd"], String.raw`((?:password|passwd)${ASSIGN})[^\s"',;&\\]{3,}`, `$1${REDACTED}`, true),
  // Access key ids: long-term (AKIA), temporary (ASIA) and the other credential-bearing prefixes.
  rule(["AKIA", "ASIA", "ABIA", "ACCA"], String.raw`\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`, `$1${REDACTED}`),
];

/** Returns `text` with every recognised secret replaced by "[REDACTED]" (key names and prefixes kept). */
export function redactSecrets(text: string): string {
  let out = text;
  let lower: string | undefined;
  for (const r of RULES) {
    lower ??= out.toLowerCase();
    if (!r.hints.some((h) => lower!.includes(h))) continue;
    const next = r.re().matcher(out).replaceAll(r.replacement);
    if (next !== out) {
      out = next;
      lower = undefined;
    }
  }
  return out;
}
