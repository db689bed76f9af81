// The required-literal reading that lets scanners skip lines: it must never name a literal a match can do
// without (that would hide matching lines), and should find the literals of the runbook's own queries.

import { describe, expect, it } from "vitest";
import { RE2JS } from "re2js";
import { LOG_PATTERNS } from "../../src/logs/index.js";
import { requiredLiterals } from "../../src/logtools/scan/literals.js";
import { seededRandom } from "./support/random.js";

const texts = (pattern: string, ignoreCase = false) => requiredLiterals(pattern, ignoreCase)?.map((l) => l.text) ?? null;

describe("requiredLiterals", () => {
  it.each([
    [
      "AccessDenied.*AssumeRoleWithWebIdentity|ExpiredTokenException|InvalidIdentityToken|No OpenIDConnect provider",
      ["AssumeRoleWithWebIdentity", "ExpiredTokenException", "InvalidIdentityToken", "No OpenIDConnect provider"],
    ],
    [
      "eks.amazonaws.com/role-arn|AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE",
      ["com/role-arn", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"],
    ],
    ["token.*expir|token.*refresh", ["token", "refresh"]],
    ["169.254.170.23|eks-pod-identity-agent|Read timeout", ["169", "eks-pod-identity-agent", "Read timeout"]],
    ["sts\\.amazonaws\\.com", ["sts.amazonaws.com"]],
    ["abc+d", ["abc"]],
    ["colou?r", ["colo"]],
    ["x{2,}yz", ["yz"]],
    ["ab+cdef", ["cdef"]],
    ["(?:foo|bar)bazz", ["bazz"]],
    ["\\Qa.b*c\\E", ["a.b*c"]],
    ["\\x41BC", ["ABC"]],
    ["a\\d+bcd", ["bcd"]],
    ["[A-Z]+Exception", ["Exception"]],
    ["{not a repeat}", ["{not a repeat}"]],
  ])("%s -> %j", (pattern, expected) => {
    expect(texts(pattern)).toEqual(expected);
  });

  it.each(["", ".*", "a*", "foo|", "[abc]", "(x)", "\\d+", "foo|\\w+", "a(?i)b", "(unbalanced"])(
    "gives no literal for %j (every line must be tested)",
    (pattern) => {
      expect(requiredLiterals(pattern)).toBeNull();
    },
  );

  it("marks (?i) patterns and the ignoreCase option as caseless, splitting around letters RE2 folds beyond ASCII", () => {
    expect(requiredLiterals("(?i)accessdenied")).toEqual([{ text: "denied", ignoreCase: true }]);
    expect(requiredLiterals("OpenID", true)).toEqual([{ text: "OpenID", ignoreCase: true }]);
    expect(texts("(?i)café au lait")).toEqual([" au lait"]);
  });

  it("every library pattern's example that its regex matches contains one of the literals read from that regex", () => {
    for (const pattern of LOG_PATTERNS) {
      const literals = requiredLiterals(pattern.regex, pattern.ignoreCase === true);
      if (literals === null) continue;
      const re = RE2JS.compile(pattern.regex, pattern.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
      for (const example of [...pattern.examples.match.map((m) => m.line), ...pattern.examples.nearMiss]) {
        if (!re.test(example)) continue;
        const lower = example.toLowerCase();
        const held = literals.some((l) => (l.ignoreCase ? lower.includes(l.text.toLowerCase()) : example.includes(l.text)));
        expect(held, `${pattern.id}: ${example}`).toBe(true);
      }
    }
  });

  it("never names a literal a generated match lacks (random regexes over a small alphabet, with and without case)", () => {
    const rnd = seededRandom(42);
    let matched = 0;
    const atoms = ["a", "b", "c", "ab", "(a|b)", "[ab]", ".", "\\.", "x", "(?:bc)", "\\Qa|b\\E"];
    const quants = ["", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}"];
    const lines = Array.from({ length: 300 }, () => Array.from({ length: 1 + rnd(12) }, () => "abcxAB.|"[rnd(8)]).join(""));
    for (let n = 0; n < 400; n++) {
      const branches = Array.from({ length: 1 + rnd(3) }, () =>
        Array.from({ length: 1 + rnd(4) }, () => atoms[rnd(atoms.length)]! + quants[rnd(quants.length)]!).join(""),
      );
      const pattern = branches.join("|");
      const caseless = n % 2 === 1;
      const literals = requiredLiterals(pattern, caseless);
      if (literals === null) continue;
      const re = RE2JS.compile(pattern, caseless ? RE2JS.CASE_INSENSITIVE : 0);
      for (const line of lines) {
        const held = literals.some((l) => (caseless ? line.toLowerCase().includes(l.text.toLowerCase()) : line.includes(l.text)));
        if (!re.test(line)) continue;
        matched += 1;
        expect(held, `${pattern} on ${line}`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(1000);
  });
});
