// The literal prefilter run over whole chunks of a log before any line is looked at: it finds the next
// place where one of the required literals occurs, so the scanner decodes and tests only the lines that
// hold one. Chunks are searched as latin1 text (one character per byte, so offsets are byte offsets and
// no UTF-8 decoding is paid for the lines that are rejected); literals are turned into the same bytes.
//
// The search itself uses V8's regular expressions, which is safe here: the pattern is an alternation of
// escaped literals (no quantifiers, nothing to backtrack into), so the cost stays linear in the chunk.

import type { RequiredLiteral } from "./literals.js";

export interface ChunkGate {
  /** Offset in `text` (latin1) of the next literal occurrence at or after `from`, or -1. */
  next(text: string, from: number): number;
  /** The same question for one line already decoded as UTF-8 (lines split across chunks). */
  testLine(line: string): boolean;
  /** The literals, for reports and tests. */
  readonly literals: readonly RequiredLiteral[];
}

const ESCAPE = /[.*+?^${}()|[\]\\/-]/g;

/** The literal's UTF-8 bytes as a latin1 string: what it looks like in a chunk decoded as latin1. */
const asLatin1 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");

function caselessClass(latin1: string): string {
  let out = "";
  for (const ch of latin1) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    // Only ASCII letters fold: a non-ASCII letter is several bytes here, matched as they are.
    out += ch < "\x80" && lower !== upper ? `[${lower}${upper}]` : ch.replace(ESCAPE, "\\$&");
  }
  return out;
}

/** A gate for these literals, or null when there are none (every line must then be tested). */
export function buildGate(literals: readonly RequiredLiteral[] | null): ChunkGate | null {
  if (literals === null || literals.length === 0 || literals.some((l) => l.text === "")) return null;
  const sorted = [...literals].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : Number(a.ignoreCase) - Number(b.ignoreCase)));
  const exact = sorted.filter((l) => !l.ignoreCase).map((l) => l.text);
  const caseless = sorted.filter((l) => l.ignoreCase).map((l) => l.text.toLowerCase());
  const testLine = (line: string): boolean => {
    if (exact.some((t) => line.includes(t))) return true;
    if (caseless.length === 0) return false;
    const lower = line.toLowerCase();
    return caseless.some((t) => lower.includes(t));
  };
  if (sorted.length === 1 && !sorted[0]!.ignoreCase) {
    const needle = asLatin1(sorted[0]!.text);
    return { literals: sorted, testLine, next: (text, from) => text.indexOf(needle, from) };
  }
  const allCaseless = exact.length === 0;
  const source = sorted
    .map((l) => (l.ignoreCase && !allCaseless ? caselessClass(asLatin1(l.text)) : asLatin1(l.text).replace(ESCAPE, "\\$&")))
    .join("|");
  const re = new RegExp(source, allCaseless ? "gi" : "g");
  return {
    literals: sorted,
    testLine,
    next(text, from) {
      re.lastIndex = from;
      const m = re.exec(text);
      return m === null ? -1 : m.index;
    },
  };
}
