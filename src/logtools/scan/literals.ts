// Finds literal text a regular expression cannot match without: for each top-level alternative, its longest
// run of plain characters that every match contains. A line holding none of them cannot match, so the
// scanners reject most lines with a substring search and run the real (linear-time) regex on the rest.
// The reading is deliberately conservative: anything it does not understand ends a run or, for the whole
// pattern, gives no literals at all (every line is then tested), never a literal that is not required.

export interface RequiredLiteral {
  text: string;
  ignoreCase: boolean;
}

const REPEAT = /^\{(\d+)(?:,(\d*))?\}/;
const LITERAL_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", a: "\x07" };

/**
 * One required literal per top-level alternative (the longest run in it), or null when some alternative
 * has none: then no substring test can rule a line out.
 */
export function requiredLiterals(pattern: string, ignoreCase = false): RequiredLiteral[] | null {
  let source = pattern;
  let caseless = ignoreCase;
  const flags = /^\(\?([imsU]+)\)/.exec(source);
  if (flags) {
    if (flags[1]!.includes("i")) caseless = true;
    source = source.slice(flags[0].length);
  }
  const branches = splitTopLevel(source);
  if (branches === null) return null;
  const out: RequiredLiteral[] = [];
  for (const branch of branches) {
    const read = literalRuns(branch);
    if (read === null) return null;
    const runs = caseless ? read.flatMap(caseSafe) : read;
    const best = runs.reduce((a, b) => (byteLength(b) > byteLength(a) ? b : a), "");
    if (best === "") return null;
    out.push({ text: best, ignoreCase: caseless });
  }
  const seen = new Set<string>();
  return out.filter((l) => (seen.has(l.text) ? false : (seen.add(l.text), true)));
}

const byteLength = (s: string): number => Buffer.byteLength(s, "utf8");

/**
 * Case-insensitive RE2 folds more than ASCII case: k with the Kelvin sign, s with the long s, and any
 * non-ASCII letter with its other forms. The prefilter compares ASCII case only, so those characters
 * cannot be part of a caseless literal: the run is split around them.
 */
// eslint-disable-next-line no-control-regex -- [^\x00-\x7f] is "not ASCII", on purpose
const caseSafe = (run: string): string[] => run.split(/[ksKS]|[^\x00-\x7f]/u).filter((part) => part !== "");

/** Splits on `|` outside groups and classes; null when the brackets do not balance. */
function splitTopLevel(source: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      if (source[i + 1] === "Q") {
        const end = source.indexOf("\\E", i + 2);
        i = end < 0 ? source.length : end + 1;
      } else i++;
    } else if (c === "[") {
      const end = classEnd(source, i);
      if (end < 0) return null;
      i = end;
    } else if (c === "(") depth++;
    else if (c === ")") {
      if (--depth < 0) return null;
    } else if (c === "|" && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(source.slice(start));
  return parts;
}

/** Index of the `]` closing the class that opens at `open`, or -1. */
function classEnd(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++; // a leading ] is literal
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[" && source[i + 1] === ":") {
      const end = source.indexOf(":]", i + 2);
      if (end < 0) return -1;
      i = end + 1;
    } else if (c === "]") return i;
  }
  return -1;
}

/** Index just past the `)` that closes the group opening at `open`, or -1. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") {
      const end = classEnd(source, i);
      if (end < 0) return -1;
      i = end;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return -1;
}

/** The runs of plain characters in one alternative; null when the pattern cannot be read. */
function literalRuns(branch: string): string[] | null {
  const runs: string[] = [];
  let run = "";
  // The last atom, when it was a single literal character still at the end of `run`.
  let lastWasChar = false;
  const endRun = (): void => {
    if (run !== "") runs.push(run);
    run = "";
    lastWasChar = false;
  };
  let i = 0;
  while (i < branch.length) {
    const c = branch[i]!;
    const quantifier = readQuantifier(branch, i);
    if (quantifier !== null) {
      // The atom before may be repeated (it stays, but what follows is not adjacent to the run) or absent
      // (it leaves the run).
      if (lastWasChar && quantifier.min === 0) {
        const chars = [...run];
        chars.pop();
        run = chars.join("");
      }
      endRun();
      i += quantifier.length;
      continue;
    }
    if (c === "\\") {
      const next = branch[i + 1];
      if (next === undefined) return null;
      if (next === "Q") {
        const end = branch.indexOf("\\E", i + 2);
        const text = branch.slice(i + 2, end < 0 ? branch.length : end);
        i = end < 0 ? branch.length : end + 2;
        if (text === "") continue;
        // Only the last character of the quoted text can be taken by a following quantifier.
        run += text;
        lastWasChar = true;
        continue;
      }
      const literal = /[A-Za-z0-9]/.test(next) ? LITERAL_ESCAPES[next] : next;
      const hex = next === "x" ? /^\\x([0-9A-Fa-f]{2})/.exec(branch.slice(i)) : null;
      if (hex) {
        run += String.fromCharCode(parseInt(hex[1]!, 16));
        lastWasChar = true;
        i += hex[0].length;
      } else if (literal !== undefined) {
        run += literal;
        lastWasChar = true;
        i += 2;
      } else {
        // \d \w \s \b \p{..} \x{..} \1 ...: not a literal; skip the escape with its braces if any.
        endRun();
        i += 2;
        if ((next === "p" || next === "P" || next === "x") && branch[i] === "{") {
          const close = branch.indexOf("}", i);
          if (close < 0) return null;
          i = close + 1;
        } else if (next === "p" || next === "P") i += 1;
      }
      continue;
    }
    if (c === "[") {
      const end = classEnd(branch, i);
      if (end < 0) return null;
      endRun();
      i = end + 1;
      continue;
    }
    if (c === "(") {
      const end = groupEnd(branch, i);
      if (end < 0) return null;
      // Flags in the middle of a pattern change what follows: give up rather than guess.
      if (/^\(\?[imsU-]+\)/.test(branch.slice(i))) return null;
      endRun();
      i = end;
      continue;
    }
    if (c === "." || c === "^" || c === "$") {
      endRun();
      i++;
      continue;
    }
    const cp = branch.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    run += ch;
    lastWasChar = true;
    i += ch.length;
  }
  endRun();
  return runs;
}

function readQuantifier(branch: string, i: number): { min: number; length: number } | null {
  const c = branch[i];
  let min: number;
  let length: number;
  if (c === "*" || c === "?") {
    min = 0;
    length = 1;
  } else if (c === "+") {
    min = 1;
    length = 1;
  } else if (c === "{") {
    const m = REPEAT.exec(branch.slice(i));
    if (!m) return null; // RE2 reads a brace that is not a repetition as a literal
    min = Number(m[1]);
    length = m[0].length;
  } else return null;
  if (branch[i + length] === "?") length++; // lazy form
  return { min, length };
}
