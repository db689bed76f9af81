// One error text (a pasted message, a log excerpt) through the same pattern library the diagnosis and the
// errors tool scan logs with, line by line: which credential messages it holds. match_runbook uses it so
// that every message the diagnosis recognises also leads to the runbook that diagnoses it.

import { PatternSet } from "./compile.js";
import { LOG_PATTERNS } from "./patterns/index.js";
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
 * The library patterns that match a line of `text`, first seen first, one entry per pattern. Low-severity
 * patterns (an SDK's version line) say which path is in use, not that it failed, and are left out.
 */
export function recogniseMessages(text: string): RecognisedMessage[] {
  const set = libraryPatternSet();
  const seen = new Map<string, RecognisedMessage>();
  for (const line of text.split(/\r?\n/)) {
    for (const m of set.matchLine(line)) {
      if (m.pattern.severity === "low" || seen.has(m.pattern.id)) continue;
      seen.set(m.pattern.id, { patternId: m.pattern.id, severity: m.pattern.severity, meaning: m.pattern.meaning });
    }
  }
  return [...seen.values()];
}
