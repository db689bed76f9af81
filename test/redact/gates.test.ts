// The redaction pre-filters (src/redact/gates.ts) skip a rule only where it could not have changed the text:
// generated texts built from every rule's names, separators and secrets redact the same with the gates as
// without them; each gate admits every text its rule changes; each gate is linear on hostile input; and a
// secret put into output that was redacted once is still caught by the next pass.

import { describe, expect, it } from "vitest";
import { GATES } from "../../src/redact/gates.js";
import { RULES, redactDeep, redactText, redactTextCounted } from "../../src/redact/index.js";
import type { Redacted } from "../../src/redact/text.js";

/** The engine as it was before the gates: every rule whose hint the text holds. */
function ungated(text: string): Redacted {
  if (text.length < 8) return { text, count: 0 };
  let out = text;
  let count = 0;
  for (const rule of RULES) {
    if (rule.hints.length > 0 && !rule.hints.some((h) => out.toLowerCase().includes(h))) continue;
    const r = rule.apply(out);
    out = r.text;
    count += r.count;
  }
  return { text: out, count };
}

// Pieces of the forms the gated rules catch and of the look-alikes around them, including the blanks and
// case foldings where JavaScript and re2 differ (a no-break space, a vertical tab, the long s, the Kelvin sign).
const NAMES = [
  "aws_secret_access_key",
  "SecretAccessKey",
  "ſecret_key",
  "AWS_SESSION_TOKEN",
  "TO\u212aEN",
  "id_token",
  "x-amz-security-token",
  "DB_PASSWORD",
  "passwd",
  "pwd",
  "API_KEY",
  "ACCESS_KEY_ID",
  "CREDENTIALS",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "region",
];
const QUOTES = ["", "", '"', "'", '\\"'];
const BLANKS = ["", "", " ", "  ", "\t", "\u00a0", "\v"];
const NEWLINES = ["\n", "\r\n", "\n  ", "\n    - "];
const SECRETS = [
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "q9vX2mLp8RtZ4nBc7Hd1",
  "hunter2hunter2",
  "pr0xyP4ss",
  "abc",
  "/var/run/secrets/token",
];
const FLAGS = ["--token", "--password", "--secret-key", "--client-key", "--aws-session-token", "--role-name"];
const FRAGMENTS = [
  ...NAMES,
  ...FLAGS,
  ...QUOTES,
  ...BLANKS,
  ...NEWLINES,
  ...SECRETS,
  "token",
  "name",
  "value",
  "http://",
  "svc",
  "@",
  ":",
  "=",
  ",",
  "AKIA",
  "ASIA",
  "IOSFODNN7EXAMPLE",
];

/** A seeded generator, so a failure names a text that can be run again: the gated forms, put together from
 * parts that sometimes fit and often do not, between runs of loose fragments. */
function* texts(count: number, seed = 15): Generator<string> {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const loose = () => Array.from({ length: Math.floor(next() * 4) }, () => pick(FRAGMENTS)).join("");
  const forms = [
    () => `${pick(NAMES)}${pick(QUOTES)}${pick(BLANKS)}${pick([":", "=", " "])}${pick(BLANKS)}${pick(QUOTES)}${pick(SECRETS)}`,
    () =>
      `name${pick(QUOTES)}${pick(BLANKS)}:${pick(BLANKS)}${pick(QUOTES)}${pick(NAMES)}${pick(QUOTES)}${pick(["", ","])}${pick(BLANKS)}` +
      `${pick(["", ...NEWLINES])}${pick(QUOTES)}value${pick(QUOTES)}:${pick(BLANKS)}${pick(QUOTES)}${pick(SECRETS)}`,
    () => `${pick(NAMES)}${pick(QUOTES)}:${pick(BLANKS)}${pick(NEWLINES)}${pick(QUOTES)}${pick(SECRETS)}${pick(QUOTES)}${pick(NEWLINES)}`,
    () => `${pick(FLAGS)}${pick(["=", " ", '","', "\n- "])}${pick(QUOTES)}${pick(SECRETS)}`,
    () => `${pick(["http", "https", "s3"])}://${pick(["svc", "u\u00a0x", "a\vb", "ab/c"])}:${pick(SECRETS)}@proxy.internal`,
    () => `${pick(["AKIA", "ASIA", "akia"])}${pick(["IOSFODNN7EXAMPLE", "IOSFODNN7EXAMPL", "IOSFODNN7EXAMPLE1"])}`,
  ];
  for (let i = 0; i < count; i++) yield loose() + pick(forms)() + loose();
}

describe("redaction gates", () => {
  it("each gate belongs to a rule of the table (a renamed rule would silently lose its gate)", () => {
    const forms = new Set(RULES.map((r) => r.form));
    for (const form of GATES.keys()) expect(forms, form).toContain(form);
  });

  it("each gate admits every generated text its rule changes, and each rule changes some", () => {
    const fired = new Map<string, number>();
    for (const text of texts(4000)) {
      for (const rule of RULES) {
        const gate = GATES.get(rule.form);
        if (!gate || rule.apply(text).count === 0) continue;
        fired.set(rule.form, (fired.get(rule.form) ?? 0) + 1);
        expect(gate.test(text), `${rule.form}: ${JSON.stringify(text)}`).toBe(true);
      }
    }
    for (const form of GATES.keys()) expect(fired.get(form) ?? 0, form).toBeGreaterThan(20);
  });

  it("redacts every generated text exactly as the engine without gates does", () => {
    let changed = 0;
    for (const text of texts(3000, 99)) {
      const want = ungated(text);
      expect(redactTextCounted(text), JSON.stringify(text)).toEqual(want);
      if (want.count > 0) changed++;
    }
    expect(changed).toBeGreaterThan(1000);
  });

  it("redacts a report that names tokens and secret paths but holds no secret unchanged, and one that does", () => {
    const report = [
      "content: the pod has AWS_ROLE_ARN and the web identity token mounted at /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
      "  - hop: token_file",
      "    source: aws iam get-role --role-name payments-api-irsa (https://docs.aws.amazon.com/sdkref/latest/guide/)",
    ].join("\n");
    expect(redactTextCounted(report)).toEqual({ text: report, count: 0 });
    const leaked = `${report}\n    session_token: "FwoGZXIvYXdzEJr0123456789abcdef"\nHTTPS_PROXY=http://svc:pr0xyP4ss@proxy:3128`;
    const r = redactTextCounted(leaked);
    expect(r).toEqual(ungated(leaked));
    expect(r.text).not.toContain("FwoGZXIvYXdzEJr");
    expect(r.text).not.toContain("pr0xyP4ss");
  });

  it("a secret added to output that was already redacted is caught by the next pass", () => {
    const once = redactDeep({ evidence: ["token mounted at /var/run/secrets/token"], note: "aws_secret_access_key = [REDACTED]" });
    const later = { ...once, evidence: [...once.evidence, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"] };
    expect(JSON.stringify(redactDeep(later))).not.toContain("wJalrXUtnFEMI");
    const text = `${redactText("token mounted at /var/run/secrets/token")}\n--token q9vX2mLp8RtZ4nBc7Hd1`;
    expect(redactText(text)).not.toContain("q9vX2mLp8Rt");
  });

  it("each gate is linear on hostile input (long runs after its literal)", () => {
    const hostile = [
      `token${" ".repeat(200_000)}`,
      `${"token ".repeat(40_000)}`,
      `secret${'"'.repeat(100_000)}value`.repeat(2),
      `://${"a".repeat(100_000)}:${"b".repeat(100_000)}`,
      "://a:".repeat(40_000),
      `${"key\\'".repeat(50_000)}`,
    ];
    for (const [form, gate] of GATES) {
      for (const text of hostile) {
        const started = performance.now();
        gate.test(text);
        expect(performance.now() - started, `${form} on ${text.slice(0, 12)}…`).toBeLessThan(250);
      }
    }
  });
});
