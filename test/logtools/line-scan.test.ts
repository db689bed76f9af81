// The hot loop's contract: the same lines with the same numbers whatever the chunking, CRLF and a last line
// without a newline handled, over-long lines cut (and counted) instead of held whole, and the gate changing
// speed only, never which lines reach the handler.

import { describe, expect, it } from "vitest";
import { buildGate } from "../../src/logtools/scan/gate.js";
import { LineScan, type LineHandler } from "../../src/logtools/scan/line-scan.js";
import { requiredLiterals } from "../../src/logtools/scan/literals.js";
import { seededRandom } from "./support/random.js";

type Seen = [number, string, boolean];

function run(data: Buffer, chunkSizes: number[], query: string | null, maxLine = 64 * 1024): { seen: Seen[]; scan: LineScan } {
  const gate = query === null ? null : buildGate(requiredLiterals(query));
  const seen: Seen[] = [];
  const scan = new LineScan(gate, (line, n, cut) => void seen.push([n, line, cut]), maxLine);
  let at = 0;
  let i = 0;
  while (at < data.length) {
    const size = chunkSizes[i++ % chunkSizes.length]!;
    scan.write(data.subarray(at, at + size));
    at += size;
  }
  scan.end();
  return { seen, scan };
}

const sample = Buffer.from(
  [
    "2024-11-28T10:00:00Z info starting",
    "2024-11-28T10:00:01Z error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\r",
    "",
    "naïve UTF-8 line — InvalidIdentityToken ✓",
    "2024-11-28T10:00:02Z info done",
    "ExpiredTokenException at the end without newline",
  ].join("\n"),
  "utf8",
);

describe("LineScan", () => {
  it("hands the same lines and numbers whatever the chunk sizes (1 byte, odd sizes, one chunk)", () => {
    const whole = run(sample, [sample.length], "AccessDenied|InvalidIdentityToken|ExpiredTokenException").seen;
    expect(whole).toEqual([
      [2, "2024-11-28T10:00:01Z error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity", false],
      [4, "naïve UTF-8 line — InvalidIdentityToken ✓", false],
      [6, "ExpiredTokenException at the end without newline", false],
    ]);
    for (const sizes of [[1], [3, 7], [17], [64, 5]]) {
      const { seen, scan } = run(sample, sizes, "AccessDenied|InvalidIdentityToken|ExpiredTokenException");
      expect(seen, `chunks ${sizes}`).toEqual(whole);
      expect(scan.lines).toBe(6);
      expect(scan.bytes).toBe(sample.length);
    }
  });

  it("without a gate hands every line, numbered, CR stripped", () => {
    const { seen } = run(sample, [11], null);
    expect(seen.map(([n]) => n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen[1]![1].endsWith("\r")).toBe(false);
    expect(seen[2]![1]).toBe("");
  });

  it("cuts a 1 MB line to its first maxLine bytes for matching, counts it, and keeps the numbering", () => {
    const long = `AccessDenied ${"x".repeat(1024 * 1024)} tail`;
    const data = Buffer.from(`first\n${long}\nAccessDenied after\n`);
    for (const sizes of [[data.length], [4096], [65536, 1000]]) {
      const { seen, scan } = run(data, sizes, "AccessDenied");
      expect(seen.map(([n, line, cut]) => [n, line.length, cut])).toEqual([
        [2, 64 * 1024, true],
        [3, "AccessDenied after".length, false],
      ]);
      expect(scan.truncatedLines).toBe(1);
      expect(scan.firstTruncatedLine).toBe(2);
    }
  });

  it("counts over-long lines that no literal selects too", () => {
    const data = Buffer.from(`${"y".repeat(70_000)}\nshort\n${"z".repeat(70_000)}\n`);
    const { seen, scan } = run(data, [16 * 1024], "AccessDenied");
    expect(seen).toEqual([]);
    expect(scan.lines).toBe(3);
    expect(scan.truncatedLines).toBe(2);
    expect(scan.firstTruncatedLine).toBe(1);
  });

  it("the gate only filters: with and without it the handler gets the same matching lines (random data)", () => {
    const rnd = seededRandom(7);
    const words = ["token", "Token", "expired", "refresh", "AccessDenied", "ok", "é", "\r", " "];
    const lines = Array.from({ length: 2000 }, () => Array.from({ length: rnd(8) }, () => words[rnd(words.length)]).join(""));
    const data = Buffer.from(lines.join("\n"));
    const re = /token.*expir|token.*refresh/;
    const all = run(data, [997], null).seen.filter(([, line]) => re.test(line));
    const gated = run(data, [997], "token.*expir|token.*refresh").seen.filter(([, line]) => re.test(line));
    expect(gated.length).toBeGreaterThan(10);
    expect(gated).toEqual(all);
  });

  it("a caseless gate finds the literal in any ASCII case", () => {
    const data = Buffer.from("x\nACCESSDENIED here\naccessdenied\nnothing\n");
    const seen: number[] = [];
    const scan = new LineScan(buildGate(requiredLiterals("(?i)accessdenied")), (_l, n) => void seen.push(n));
    scan.write(data);
    scan.end();
    expect(seen).toEqual([2, 3]);
  });

  it("hands every line, gate or not, while the handler follows a record, whatever the chunking", () => {
    // The handler follows the two lines after each hit (as the errors tool follows a record a match opened).
    const data = Buffer.from("a\nhit 1\nb\n\nc\nd\ne\nhit 2\nf\ng\nh\nhit 3");
    const run = (sizes: number[]): { seen: number[]; ended: number } => {
      const seen: number[] = [];
      let left = 0;
      let ended = 0;
      const handler: LineHandler = (line, n) => {
        seen.push(n);
        left = line.startsWith("hit") ? 2 : Math.max(0, left - 1);
      };
      handler.following = () => left > 0;
      handler.end = () => void (ended += 1);
      const scan = new LineScan(buildGate(requiredLiterals("hit")), handler);
      let at = 0;
      for (let i = 0; at < data.length; i++) {
        const size = sizes[i % sizes.length]!;
        scan.write(data.subarray(at, at + size));
        at += size;
      }
      scan.end();
      expect(scan.lines).toBe(12);
      return { seen, ended };
    };
    const whole = run([data.length]);
    expect(whole).toEqual({ seen: [2, 3, 4, 8, 9, 10, 12], ended: 1 });
    for (const sizes of [[1], [3, 7], [5], [11, 2]]) expect(run(sizes), `chunks ${sizes}`).toEqual(whole);
  });

  it("stops reading a source when the handler says so", () => {
    const data = Buffer.from("hit 1\nhit 2\nhit 3\n");
    const seen: number[] = [];
    const scan = new LineScan(buildGate(requiredLiterals("hit")), (_l, n) => (seen.push(n), n === 2));
    scan.write(data);
    scan.end();
    expect(seen).toEqual([1, 2]);
    expect(scan.stopped).toBe(true);
  });
});
