// The byte-level prefilter must find exactly where the literals occur — each next occurrence at or after a
// position, within the chunk's end — for short, medium and long literals, with and without case.

import { describe, expect, it } from "vitest";
import { buildGate } from "../../src/logtools/scan/gate.js";
import type { RequiredLiteral } from "../../src/logtools/scan/literals.js";
import { seededRandom } from "./support/random.js";

/** Every start offset of every literal, the naive way. */
function naive(text: string, literals: readonly RequiredLiteral[], end: number): number[] {
  const bytes = Buffer.from(text, "latin1").subarray(0, end).toString("latin1");
  const lower = bytes.toLowerCase();
  const starts = new Set<number>();
  for (const l of literals) {
    const hay = l.ignoreCase ? lower : bytes;
    const needle = l.ignoreCase ? l.text.toLowerCase() : l.text;
    for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) starts.add(at);
  }
  return [...starts].sort((a, b) => a - b);
}

function viaGate(text: string, literals: readonly RequiredLiteral[], end: number): number[] {
  const next = buildGate(literals)!.over(Buffer.from(text, "latin1"), end);
  const out: number[] = [];
  for (let at = next(0); at >= 0; at = next(at + 1)) out.push(at);
  return out;
}

describe("buildGate", () => {
  it("finds every occurrence of the runbook's literals and nothing else", () => {
    const literals = ["AssumeRoleWithWebIdentity", "ExpiredTokenException", "InvalidIdentityToken", "No OpenIDConnect provider"].map(
      (text) => ({ text, ignoreCase: false }),
    );
    const text =
      "x AssumeRoleWithWebIdentity y InvalidIdentityToke InvalidIdentityToken\nNo OpenIDConnect provider found ExpiredTokenException";
    expect(viaGate(text, literals, text.length)).toEqual(naive(text, literals, text.length));
    expect(viaGate(text, literals, text.length)).toHaveLength(4);
  });

  it("agrees with a naive search on random text for mixed short/medium/long, exact/caseless literal sets", () => {
    const rnd = seededRandom(11);
    const alphabet = "abAB-._ \n";
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 400 + rnd(400) }, () => alphabet[rnd(alphabet.length)]).join("");
      const literals: RequiredLiteral[] = Array.from({ length: 1 + rnd(6) }, () => {
        const length = [1, 2, 3, 4, 5, 7, 8, 12][rnd(8)]!;
        const at = rnd(text.length - length);
        return { text: text.slice(at, at + length).replace(/\n/g, "a"), ignoreCase: rnd(2) === 1 };
      });
      const end = text.length - rnd(20);
      expect(viaGate(text, literals, end), JSON.stringify({ literals, end })).toEqual(naive(text, literals, end));
    }
  });

  it("matches multi-byte UTF-8 literals as their bytes", () => {
    const literals = [{ text: "naïve ✓", ignoreCase: false }];
    const buf = Buffer.from("ok\nnaïve ✓ here\n", "utf8");
    const next = buildGate(literals)!.over(buf, buf.length);
    expect(next(0)).toBe(3);
    expect(next(4)).toBe(-1);
  });

  it("gives no gate when any literal is empty or there are none", () => {
    expect(buildGate(null)).toBeNull();
    expect(buildGate([])).toBeNull();
    expect(buildGate([{ text: "", ignoreCase: false }])).toBeNull();
  });
});
