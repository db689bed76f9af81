// Matches one line against a set of log patterns with re2js (linear-time matching, whatever the input):
// one combined test for any prefilter literal (most lines stop there), then each pattern's own literals,
// its regex only when they pass, and finally the "superseded by" rule so a line reports its most specific
// meaning only. A regex is compiled the first time a line passes its literals, once per process: re2js
// takes ~70 ms to compile the whole library, and most runs meet a handful of patterns. The combined test is
// a native regex of the literals alone over the lower-cased line (an alternation of plain strings cannot
// backtrack): compiling it in re2js cost ~40 ms at every start that read a log, and testing each line ~20.

import { RE2JS } from "re2js";
import type { LogPattern } from "./types.js";

export interface LineMatch {
  pattern: LogPattern;
  captures: Record<string, string>;
  /** Offset of the match in the line. */
  start: number;
}

interface CompiledRegex {
  re: RE2JS;
  /** [group name, capture key] in group order: `host_2` fills `host`. */
  groups: readonly (readonly [string, string])[];
}

interface PreparedPattern {
  pattern: LogPattern;
  prefilter: readonly string[];
}

const ALIAS_SUFFIX = /_\d+$/;
const compiledRegexes = new WeakMap<LogPattern, CompiledRegex>();

function compiled(pattern: LogPattern): CompiledRegex {
  const known = compiledRegexes.get(pattern);
  if (known) return known;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern.regex, pattern.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new Error(`log pattern ${pattern.id}: its regex does not compile with re2js: ${(error as Error).message}`, { cause: error });
  }
  const named = re.namedGroups() as Record<string, number>;
  const groups = Object.entries(named)
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => [name, name.replace(ALIAS_SUFFIX, "")] as const);
  const result = { re, groups };
  compiledRegexes.set(pattern, result);
  return result;
}

// A log pasted as rendered HTML (a highlighter's code block copied with its markup: highlight.js and
// Prism wrap each token in <span class="...">) is read as the text it shows. Only lines holding a closing
// span are rewritten; the errors tool's literal gate lets them through for that reason (MARKUP_LITERALS).
export const MARKUP_LITERALS: readonly string[] = ["</span>"];
const MARKUP_TAG = /<\/?span\b[^<>]{0,200}>/g;
const ENTITIES: Readonly<Record<string, string>> = { "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };

function withoutMarkup(line: string): string {
  if (!line.includes("</span>")) return line;
  return line.replace(MARKUP_TAG, "").replace(/&(?:quot|#39|lt|gt|amp);/g, (e) => ENTITIES[e]!);
}

const escapeLiteral = (literal: string): string => literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

function prepare(pattern: LogPattern): PreparedPattern {
  if (pattern.prefilter.length === 0) throw new Error(`log pattern ${pattern.id}: it has no prefilter literal`);
  const prefilter = pattern.ignoreCase ? pattern.prefilter.map((p) => p.toLowerCase()) : pattern.prefilter;
  return { pattern, prefilter };
}

export class PatternSet {
  private readonly prepared: readonly PreparedPattern[];
  /** Any prefilter literal of any pattern, lower-cased, tested on the lower-cased line: without one a line
   * matches nothing (a literal in the line is in its lower case too). */
  private readonly gate: RegExp;

  constructor(patterns: readonly LogPattern[]) {
    const ids = new Set<string>();
    for (const p of patterns) {
      if (ids.has(p.id)) throw new Error(`log pattern ${p.id} is defined twice`);
      ids.add(p.id);
    }
    this.prepared = patterns.map(prepare);
    const literals = [...new Set(this.prepared.flatMap((c) => c.pattern.prefilter.map((l) => l.toLowerCase())))].sort();
    this.gate = new RegExp(literals.map(escapeLiteral).join("|") || "$^");
  }

  get patterns(): readonly LogPattern[] {
    return this.prepared.map((c) => c.pattern);
  }

  /** The patterns that match this line, most specific only, in the set's order. */
  matchLine(raw: string): LineMatch[] {
    const line = withoutMarkup(raw);
    const lower = line.toLowerCase();
    if (!this.gate.test(lower)) return [];
    const found: LineMatch[] = [];
    for (const c of this.prepared) {
      const haystack = c.pattern.ignoreCase ? lower : line;
      if (!c.prefilter.some((lit) => haystack.includes(lit))) continue;
      const { re, groups } = compiled(c.pattern);
      const m = re.matcher(line);
      if (!m.find()) continue;
      const captures: Record<string, string> = {};
      for (const [group, key] of groups) {
        if (captures[key] !== undefined) continue;
        const value = m.group(group);
        if (value !== null && value !== undefined && value !== "") captures[key] = value;
      }
      found.push({ pattern: c.pattern, captures, start: m.start() });
    }
    if (found.length < 2) return found;
    const matched = new Set(found.map((f) => f.pattern.id));
    const specific = found.some((f) => !f.pattern.lastResort);
    return found.filter((f) => !(specific && f.pattern.lastResort) && !(f.pattern.supersededBy ?? []).some((id) => matched.has(id)));
  }

  /** Where the pattern matches in `text` (used to centre an excerpt after redaction), or -1. */
  locate(pattern: LogPattern, text: string): number {
    if (!this.prepared.some((c) => c.pattern === pattern)) return -1;
    const m = compiled(pattern).re.matcher(text);
    return m.find() ? m.start() : -1;
  }
}
