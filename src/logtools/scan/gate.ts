// The literal prefilter run over whole chunks of bytes before any line is looked at: it finds the next
// place where one of the required literals occurs, so the scanner decodes and tests only the lines that
// hold one. It searches the bytes themselves (no decoding), with a Wu-Manber skip loop per group of
// literals of similar length — most positions are jumped over, several bytes at a time, as grep does — and
// Buffer.indexOf for literals too short to skip with. Literals are compared as UTF-8 bytes; caseless ones
// fold ASCII letters only (requiredLiterals never gives a caseless literal anything else to fold).

import type { RequiredLiteral } from "./literals.js";

export interface ChunkGate {
  /** A searcher over buf[0, end): each call gives the offset of the next literal occurrence at or after `from`, or -1. */
  over(buf: Buffer, end: number): (from: number) => number;
  /** The same question for one line already decoded as UTF-8 (lines split across chunks). */
  testLine(line: string): boolean;
  readonly literals: readonly RequiredLiteral[];
}

interface Searcher {
  next(buf: Buffer, from: number, end: number): number;
}

/** ASCII upper case to lower case; every other byte unchanged. */
const FOLD = new Uint8Array(256).map((_, b) => (b >= 65 && b <= 90 ? b + 32 : b));
const IDENTITY = new Uint8Array(256).map((_, b) => b);

/** Multi-literal search (Wu-Manber, blocks of two bytes): skips by up to m-1 bytes where no literal can end. */
class WuManber implements Searcher {
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly buckets = new Map<number, Uint8Array[]>();
  private readonly fold: Uint8Array;

  constructor(literals: readonly Uint8Array[], caseless: boolean) {
    this.fold = caseless ? FOLD : IDENTITY;
    const folded = literals.map((l) => l.map((b) => this.fold[b]!));
    this.m = Math.min(255, ...folded.map((l) => l.length));
    const m = this.m;
    this.shift = new Uint8Array(65536).fill(m - 1);
    for (const lit of folded) {
      for (let j = 1; j < m; j++) {
        const block = (lit[j - 1]! << 8) | lit[j]!;
        if (m - 1 - j < this.shift[block]!) this.shift[block] = m - 1 - j;
      }
      const last = (lit[m - 2]! << 8) | lit[m - 1]!;
      const bucket = this.buckets.get(last);
      if (bucket) bucket.push(lit);
      else this.buckets.set(last, [lit]);
    }
  }

  next(buf: Buffer, from: number, end: number): number {
    const { m, shift, fold } = this;
    for (let pos = from + m - 1; pos < end;) {
      const block = (fold[buf[pos - 1]!]! << 8) | fold[buf[pos]!]!;
      const s = shift[block]!;
      if (s !== 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      for (const lit of this.buckets.get(block)!) {
        if (start + lit.length > end) continue;
        let k = 0;
        while (k < lit.length && fold[buf[start + k]!] === lit[k]) k++;
        if (k === lit.length) return start;
      }
      pos += 1;
    }
    return -1;
  }
}

class IndexOf implements Searcher {
  constructor(private readonly needle: Buffer) {}
  next(buf: Buffer, from: number, end: number): number {
    const at = buf.indexOf(this.needle, from);
    return at >= 0 && at + this.needle.length <= end ? at : -1;
  }
}

/** Every ASCII-case spelling of a short literal (at most 2^4). */
function caseVariants(bytes: Uint8Array): Buffer[] {
  let out: number[][] = [[]];
  for (const b of bytes) {
    const lower = FOLD[b]!;
    const upper = lower >= 97 && lower <= 122 ? lower - 32 : lower;
    out = out.flatMap((prefix) =>
      upper === lower
        ? [[...prefix, lower]]
        : [
            [...prefix, lower],
            [...prefix, upper],
          ],
    );
  }
  return out.map((v) => Buffer.from(v));
}

// Measured on the benchmark bundle: Buffer.indexOf (native) beats a skip loop that can only skip 1-3 bytes
// for literals of up to 4 bytes; literals of 5-7 and of 8+ bytes skip best in separate groups.
const SHORT = 4;
const LONG = 8;

function searchersFor(literals: readonly RequiredLiteral[]): Searcher[] {
  const out: Searcher[] = [];
  for (const caseless of [false, true]) {
    const group = literals.filter((l) => l.ignoreCase === caseless).map((l) => Buffer.from(l.text, "utf8"));
    for (const lit of group.filter((b) => b.length <= SHORT)) {
      for (const needle of caseless ? caseVariants(lit) : [lit]) out.push(new IndexOf(needle));
    }
    const medium = group.filter((b) => b.length > SHORT && b.length < LONG);
    const long = group.filter((b) => b.length >= LONG);
    if (medium.length > 0) out.push(new WuManber(medium, caseless));
    if (long.length > 0) out.push(new WuManber(long, caseless));
  }
  return out;
}

/** A gate for these literals, or null when there are none (every line must then be tested). */
export function buildGate(literals: readonly RequiredLiteral[] | null): ChunkGate | null {
  if (literals === null || literals.length === 0 || literals.some((l) => l.text === "")) return null;
  const sorted = [...literals].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : Number(a.ignoreCase) - Number(b.ignoreCase)));
  const exact = sorted.filter((l) => !l.ignoreCase).map((l) => l.text);
  const caseless = sorted.filter((l) => l.ignoreCase).map((l) => l.text.toLowerCase());
  const searchers = searchersFor(sorted);
  return {
    literals: sorted,
    testLine(line) {
      if (exact.some((t) => line.includes(t))) return true;
      if (caseless.length === 0) return false;
      const lower = line.toLowerCase();
      return caseless.some((t) => lower.includes(t));
    },
    over(buf, end) {
      if (searchers.length === 1) return (from) => searchers[0]!.next(buf, from, end);
      // Each searcher's next hit, kept until the scan moves past it: a chunk is searched once per searcher.
      const hits = searchers.map(() => -2);
      return (from) => {
        let best = -1;
        for (let i = 0; i < searchers.length; i++) {
          let hit = hits[i]!;
          if (hit !== -1 && hit < from) hits[i] = hit = searchers[i]!.next(buf, from, end);
          if (hit >= 0 && (best < 0 || hit < best)) best = hit;
        }
        return best;
      };
    },
  };
}
