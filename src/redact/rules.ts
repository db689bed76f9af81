// The credential forms irsa-doctor removes from everything it shows or writes. Each rule names the form it
// catches; the table in test/redact/rules.test.ts holds one case per form and the look-alikes that must stay
// (role ARNs, account ids, role unique ids, thumbprints, token file paths, digests), because the diagnosis
// quotes those as evidence.
//
// Pattern rules run on re2js (linear time on hostile input) and compile on first need: a run meets few of
// them. Shape rules (a bare secret key, a long base64 blob) use a bounded native regex to find candidates
// and a predicate to judge them, which RE2 cannot express without look-around.

import { RE2JS } from "re2js";

export const REDACTED = "[REDACTED]";

export interface Rule {
  /** The form it removes, for tests and for reading the table. */
  form: string;
  /** Cheap test: the rule runs only when the lower-cased text contains one of these. Empty: always runs. */
  hints: readonly string[];
  /** Returns the text with the form replaced and how many replacements it made. */
  apply(text: string): { text: string; count: number };
}

/** What a match keeps around the secret: nothing, group 1 before it, or groups 1 and 2 around it. */
type Keep = "none" | "prefix" | "both";

/**
 * A path to a file, not a secret, even under a credential's name: GOOGLE_APPLICATION_CREDENTIALS=/credentials/cloud
 * says where the credentials are, and the diagnosis quotes it (the file's contents are what is secret). At least
 * two segments of path characters, so a one-word value that merely starts with "/" is still masked. Both passes
 * (text and deep) still run the shape rules over it: a 40-character key that happens to start with "/" goes.
 */
export function isFilePath(value: string): boolean {
  return /^(?:~|\.{1,2})?\/[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]*)+$/.test(value);
}

function pattern(
  form: string,
  hints: string[],
  regex: string,
  keep: Keep,
  ignoreCase = true,
  /** A named-value rule: keeps the match when what it would remove is a file path. */
  keepPaths = false,
): Rule {
  let re: RE2JS | undefined;
  const compiled = () => (re ??= RE2JS.compile(regex, (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | RE2JS.DOTALL));
  return {
    form,
    hints: hints.map((h) => h.toLowerCase()),
    apply(text) {
      const m = compiled().matcher(text);
      let out = "";
      let last = 0;
      let count = 0;
      while (m.find()) {
        const start = m.start();
        const end = m.end();
        if (end === start) continue;
        // Group 1, when a rule has one, is the label kept before the secret ("Authorization: Bearer ").
        const label = keep === "none" ? "" : (m.group(1) ?? "");
        const tail = keep === "both" ? (m.group(2) ?? "") : "";
        if (keepPaths && isFilePath(text.slice(start + label.length, end - tail.length))) continue;
        out += text.slice(last, start) + label + REDACTED + tail;
        last = end;
        count++;
      }
      return count === 0 ? { text, count } : { text: out + text.slice(last), count };
    },
  };
}

function shape(form: string, hints: string[], candidates: RegExp, isSecret: (m: string) => boolean): Rule {
  return {
    form,
    hints: hints.map((h) => h.toLowerCase()),
    apply(text) {
      let count = 0;
      const out = text.replace(candidates, (m) => (isSecret(m) ? (count++, REDACTED) : m));
      return { text: out, count };
    },
  };
}

/** key = value, key: value, "key": "value", key='value' (also JSON-escaped quotes). */
const ASSIGN = String.raw`(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?\s*`;
/** An env-style name that holds a credential: ends with the secret word (…_TOKEN, not …_TOKEN_FILE). */
const SECRET_NAME = String.raw`[A-Za-z0-9_]*(?:SECRET|SECRET_ACCESS_KEY|SECRET_KEY|ACCESS_KEY_ID|SESSION_TOKEN|SECURITY_TOKEN|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|APIKEY|CREDENTIALS)`;
const mixed = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

// Order matters: whole blocks and whole tokens first, then key = value forms, then bare shapes.
export const RULES: readonly Rule[] = [
  pattern(
    "PEM private key block",
    ["private key-----"],
    String.raw`-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)`,
    "none",
    false,
  ),
  shape("base64 PEM private key (kubeconfig client-key-data)", ["ls0tls1crudjti"], /LS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}/g, (m) => {
    const head = Buffer.from(m.slice(0, 64), "base64").toString("latin1");
    return /PRIVATE KEY/.test(head);
  }),
  pattern(
    "JWT (service-account and OIDC tokens)",
    ["eyJ"],
    String.raw`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?`,
    "none",
    false,
  ),
  pattern("EKS bearer token (aws eks get-token)", ["k8s-aws-v1."], String.raw`k8s-aws-v1\.[A-Za-z0-9_-]+`, "none", false),
  pattern(
    "STS session token by its prefix",
    ["IQoJb3JpZ2lu", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "FQoDYXdz", "AQoDYXdz", "AQoEXAMPLE"],
    String.raw`(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|FQoDYXdz|AQoDYXdz)[A-Za-z0-9/+=%_-]{16,}`,
    "none",
    false,
  ),
  pattern(
    "well-known API token prefixes (GitHub, GitLab, Slack, Stripe)",
    ["ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "glpat-", "xox", "sk_live_", "rk_live_"],
    String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|[sr]k_live_[A-Za-z0-9]{16,})`,
    "none",
    false,
  ),
  pattern("kubeconfig client key", ["client-key-data"], String.raw`(client-key-data${ASSIGN})[^\s"',}\\]+`, "prefix"),
  pattern(
    "an env entry whose name holds a credential, value on the next line or in the next field",
    ["name"],
    String.raw`(\bname\\?["']?\s*:\s*\\?["']?${SECRET_NAME}\\?["']?\s*,?\s*(?:\r?\n\s*)?\\?["']?value\\?["']?\s*:\s*\\?["']?)[^\s"',}\\]+`,
    "prefix",
    true,
    true,
  ),
  pattern(
    "secret access key after its name",
    ["secret"],
    String.raw`((?:aws_?)?secret_?(?:access_?)?key(?:_?id)?${ASSIGN})[A-Za-z0-9/+=]{16,}`,
    "prefix",
  ),
  pattern(
    "session or security token after its name",
    ["token"],
    String.raw`((?:session_?token|security_?token|x-amz-security-token|\btoken|access_?token|id_?token|refresh_?token|auth_?token|api_?token|bearer_?token)${ASSIGN})[A-Za-z0-9%_.~+=-][A-Za-z0-9/+=%_.~-]{15,}`,
    "prefix",
  ),
  pattern(
    "a secret on the line after its name",
    ["secret", "token", "password", "passwd", "private"],
    String.raw`(${SECRET_NAME}\\?["']?\s*[:=]\s*\\?["']?[ \t]*\r?\n[ \t]*(?:-[ \t]+)?\\?["']?)[A-Za-z0-9/+=_.~-]{12,}([ \t]*\\?["']?[ \t]*(?:\r?\n|$))`,
    "both",
    true,
    true,
  ),
  pattern(
    "credential command-line flag",
    ["--"],
    String.raw`(--(?:token|password|passwd|secret[a-z-]*|client-key|aws-secret-access-key|aws-session-token)(?:=|\\?["']?\s*,\s*\\?["']|\s*\r?\n\s*-\s+\\?["']?|\s+)\\?["']?)[^\s"',[\]\\][^\s"',\]\\]{5,}`,
    "prefix",
    true,
    true,
  ),
  pattern("authorization header", ["authorization"], String.raw`(authorization${ASSIGN}(?:bearer|basic|token)\s+)[^\s"',\\]+`, "prefix"),
  pattern("bearer token", ["bearer"], String.raw`(\bbearer\s+)[A-Za-z0-9._~+/=-]{12,}`, "prefix"),
  pattern("SigV4 signature", ["signature"], String.raw`((?:x-amz-)?signature=)[0-9a-f]{64}`, "prefix"),
  pattern(
    "password after its name",
    ["password", "passwd", "pwd"],
    String.raw`((?:password|passwd|\bpwd)${ASSIGN})[^\s"',;&\\]{3,}`,
    "prefix",
  ),
  pattern("password in a URL", ["://"], String.raw`([a-z][a-z0-9+.-]*://[^:/@\s"'\\]+:)[^@\s/"'\\]+(@)`, "both"),
  pattern(
    "AWS access key id (the prefix is kept: it says the kind of key)",
    ["AKIA", "ASIA", "ABIA", "ACCA"],
    String.raw`\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`,
    "prefix",
    false,
  ),
  shape("DER key or certificate in base64", ["mii"], /(?<![A-Za-z0-9/+=])MII[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9/+=])/g, () => true),
  // A bare 40-character secret access key: letters of both cases and digits (hex thumbprints and git
  // hashes have no capitals; ARNs and ids have separators).
  shape("bare secret access key", [], /(?<![A-Za-z0-9/+=_.-])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_.-])/g, mixed),
  // PEM body lines and other key material on lines of their own: a long base64 run of both cases and digits
  // that is the whole line. Inside a line such runs are ids (an S3 HostID), which the diagnosis quotes. A
  // base64 PEM (a cluster's certificate authority data) is judged by the base64 PEM rule above.
  {
    form: "long base64 key material on a line of its own",
    hints: [],
    apply(text) {
      let count = 0;
      const out = text.replace(/^([ \t]*)([A-Za-z0-9/+]{60,}={0,2})(?=[ \t]*\r?$)/gm, (all, indent: string, blob: string) =>
        mixed(blob) && !blob.startsWith("LS0tLS1CRUdJTi") ? (count++, indent + REDACTED) : all,
      );
      return { text: out, count };
    },
  },
];
