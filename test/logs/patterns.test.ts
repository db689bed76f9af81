// Keeps the pattern library honest: every registered pattern carries real example lines, matches each of
// them (with the captures stated) and none of its near-misses, and respects the library's own rules.

import { describe, expect, it } from "vitest";
import { RE2JS } from "re2js";
import { LOG_CAUSE_IDS } from "../../src/logs/causes.js";
import { PatternSet } from "../../src/logs/compile.js";
import { LOG_PATTERNS, PATTERN_FAMILIES, getLogPattern } from "../../src/logs/patterns/index.js";

const set = new PatternSet(LOG_PATTERNS);
const causes = new Set<string>(LOG_CAUSE_IDS);
const ids = LOG_PATTERNS.map((p) => p.id);

/** What the pattern alone says about a line (no other pattern, so no superseding). */
function ownMatch(id: string, line: string) {
  const single = new PatternSet([getLogPattern(id)!]);
  return single.matchLine(line)[0];
}

describe("the pattern registry", () => {
  it("is sorted by id with no duplicates", () => {
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it("lists every family's patterns under ids prefixed by that family", () => {
    for (const [family, patterns] of Object.entries(PATTERN_FAMILIES)) {
      expect(patterns.length, family).toBeGreaterThan(0);
      for (const p of patterns) expect(p.id.startsWith(`${family}.`), p.id).toBe(true);
    }
  });

  it("uses stable snake_case ids", () => {
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
  });

  it("only points to known cause ids and only supersedes patterns that exist", () => {
    for (const p of LOG_PATTERNS) {
      for (const c of p.suggests) expect(causes.has(c), `${p.id} suggests ${c}`).toBe(true);
      for (const s of p.supersededBy ?? []) expect(getLogPattern(s), `${p.id} supersededBy ${s}`).toBeDefined();
    }
  });

  it("never has two patterns supersede each other (a record holding both would report neither)", () => {
    for (const p of LOG_PATTERNS)
      for (const s of p.supersededBy ?? [])
        expect(getLogPattern(s)?.supersededBy ?? [], `${p.id} and ${s} supersede each other`).not.toContain(p.id);
  });

  it("only decides a cause it suggests, and only on a pattern that is high or medium", () => {
    for (const p of LOG_PATTERNS.filter((x) => x.decides)) {
      expect(p.suggests, p.id).toContain(p.decides);
      expect(p.severity, p.id).not.toBe("low");
    }
    // The messages issue 12 names as deciding on their own.
    for (const id of [
      "sts.no_oidc_provider",
      "sts.invalid_role_arn",
      "addon.no_role_for_service_account",
      "webhook.configuration_not_found",
    ]) {
      expect(getLogPattern(id)?.decides, id).toBeDefined();
    }
    // A message that fits several categories must not decide.
    for (const id of [
      "sts.web_identity_access_denied",
      "sts.incorrect_token_audience",
      "creds.go_no_valid_providers",
      "permissions.node_role_access_denied",
    ]) {
      expect(getLogPattern(id)?.decides, id).toBeUndefined();
    }
  });

  it("compiles every regex with re2js (no lookaround, no backreferences)", () => {
    for (const p of LOG_PATTERNS) expect(() => RE2JS.compile(p.regex), p.id).not.toThrow();
  });

  it("has no caseless prefilter literal of four bytes or fewer (the errors tool's byte gate searches each of its spellings)", () => {
    // "auth" alone was 16 searches of every chunk: a third of the errors tool's throughput (bench/logsearch.mjs).
    const short = LOG_PATTERNS.flatMap((p) =>
      p.ignoreCase ? p.prefilter.filter((l) => Buffer.byteLength(l) <= 4).map((l) => `${p.id}: ${l}`) : [],
    );
    expect(short).toEqual([]);
  });

  it("gives every pattern a meaning sentence, a prefilter and example lines", () => {
    for (const p of LOG_PATTERNS) {
      expect(p.meaning.length, p.id).toBeGreaterThan(20);
      expect(p.meaning.endsWith("."), p.id).toBe(true);
      expect(p.prefilter.length, p.id).toBeGreaterThan(0);
      expect(p.examples.match.length, `${p.id} has no example line`).toBeGreaterThan(0);
      expect(p.examples.nearMiss.length, `${p.id} has no near-miss line`).toBeGreaterThan(0);
    }
  });

  it("marks the runbook's trigger messages high", () => {
    const triggers = [
      "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
      "ExpiredTokenException: x",
      "InvalidIdentityToken: x",
      "No OpenIDConnect provider found in your account",
    ];
    for (const line of triggers) {
      const hits = set.matchLine(line);
      expect(hits.length, line).toBeGreaterThan(0);
      for (const h of hits) expect(h.pattern.severity, `${h.pattern.id} on ${line}`).toBe("high");
    }
  });
});

describe.each(LOG_PATTERNS.map((p) => [p.id, p] as const))("pattern %s", (id, pattern) => {
  it.each(pattern.examples.match.map((e) => [e.line.slice(0, 80), e] as const))("matches its example %s", (_title, example) => {
    const hit = ownMatch(id, example.line);
    expect(hit, example.line).toBeDefined();
    for (const [key, value] of Object.entries(example.captures ?? {})) expect(hit!.captures[key], key).toBe(value);
  });

  it("contains a prefilter literal in every example (so the prefilter never hides a match)", () => {
    for (const e of pattern.examples.match) {
      const line = pattern.ignoreCase ? e.line.toLowerCase() : e.line;
      const lits = pattern.ignoreCase ? pattern.prefilter.map((l) => l.toLowerCase()) : pattern.prefilter;
      expect(
        lits.some((l) => line.includes(l)),
        e.line,
      ).toBe(true);
    }
  });

  it.each(pattern.examples.nearMiss.map((l) => [l.slice(0, 80), l] as const))("does not match the near-miss %s", (_title, line) => {
    expect(ownMatch(id, line)).toBeUndefined();
  });
});
