// A pattern's regex is compiled when a line first passes its literals, not when the set is built: a bad
// regex therefore surfaces on the first line that reaches it (the library's own regexes are all compiled
// by patterns.test.ts), and a set that meets none of a pattern's literals never pays for compiling it.

import { describe, expect, it } from "vitest";
import { PatternSet } from "../../src/logs/compile.js";
import type { LogPattern } from "../../src/logs/types.js";

const pattern = (id: string, regex: string, prefilter: string[]): LogPattern => ({
  id,
  regex,
  prefilter,
  severity: "high",
  meaning: "test pattern",
  suggests: [],
  examples: { match: [], nearMiss: [] },
});

describe("PatternSet", () => {
  it("compiles a regex only once a line passes that pattern's literals", () => {
    const broken = pattern("test.broken", "(unclosed", ["never-in-these-lines"]);
    const set = new PatternSet([broken, pattern("test.ok", String.raw`token (?P<id>\d+) expired`, ["expired"])]);
    expect(set.matchLine("token 42 expired")).toMatchObject([{ pattern: { id: "test.ok" }, captures: { id: "42" } }]);
    expect(() => set.matchLine("never-in-these-lines")).toThrow(/log pattern test.broken: its regex does not compile with re2js/);
  });

  it("still refuses a pattern without a prefilter literal when the set is built", () => {
    expect(() => new PatternSet([pattern("test.bare", "x", [])])).toThrow(/test.bare: it has no prefilter literal/);
  });

  it("reports a last-resort pattern only for a line no other pattern recognises", () => {
    const net = { ...pattern("test.net", String.raw`\bAccessDenied\b`, ["AccessDenied"]), lastResort: true };
    const set = new PatternSet([net, pattern("test.specific", String.raw`AccessDenied: User: (?P<who>\S+)`, ["User:"])]);
    expect(set.matchLine("AccessDenied: User: arn:aws:sts::111122223333:assumed-role/app/1").map((m) => m.pattern.id)).toEqual([
      "test.specific",
    ]);
    expect(set.matchLine("AccessDenied: Cannot call GetSessionToken with session credentials").map((m) => m.pattern.id)).toEqual([
      "test.net",
    ]);
  });

  it("gives the same matches from a second set over the same patterns (compiled regexes are shared)", () => {
    const p = pattern("test.shared", String.raw`role (?P<role>[a-z-]+) denied`, ["denied"]);
    const first = new PatternSet([p]).matchLine("role app-reader denied");
    expect(new PatternSet([p]).matchLine("role app-reader denied")).toEqual(first);
    expect(first).toMatchObject([{ captures: { role: "app-reader" }, start: 0 }]);
  });
});
