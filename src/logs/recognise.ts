// One error text (a pasted message, a log excerpt) through the same pattern library the diagnosis and the
// errors tool scan logs with, line by line: which credential messages it holds. match_runbook uses it so
// that every message the diagnosis recognises also leads to the runbook that diagnoses it.

import { PatternSet, type LineMatch } from "./compile.js";
import { LOG_PATTERNS } from "./patterns/index.js";
import { RecordReader } from "./records.js";
import { WrappedLines } from "./wrapped.js";
import type { Severity } from "./types.js";

let library: PatternSet | undefined;
/** The whole library as one set, built once per process (its regexes compile on first use). */
export const libraryPatternSet = (): PatternSet => (library ??= new PatternSet(LOG_PATTERNS));

export interface RecognisedMessage {
  patternId: string;
  severity: Severity;
  meaning: string;
}

/**
 * The library patterns that match a line of `text`, first seen first, one entry per pattern, keeping a log
 * record's most specific matches as the diagnosis's scanner and the errors tool do (records.ts): a pasted
 * wrapper and its reason on the next line give the reason. Low-severity patterns (an SDK's version line)
 * say which path is in use, not that it failed, and are left out.
 */
export function recogniseMessages(text: string): RecognisedMessage[] {
  const set = libraryPatternSet();
  const kept: LineMatch[] = [];
  const records = new RecordReader<LineMatch>((matches) => void kept.push(...matches));
  const wrapped = new WrappedLines(set);
  text.split(/\r?\n/).forEach((line, index) => {
    const matches = set.matchLine(line);
    const joined = wrapped.line(line, matches).map((j) => j.match);
    records.line(line, index + 1, [...matches, ...joined], wrapped.joined);
  });
  records.end();
  const seen = new Map<string, RecognisedMessage>();
  for (const m of kept) {
    if (m.pattern.severity === "low" || seen.has(m.pattern.id)) continue;
    seen.set(m.pattern.id, { patternId: m.pattern.id, severity: m.pattern.severity, meaning: m.pattern.meaning });
  }
  return [...seen.values()];
}
