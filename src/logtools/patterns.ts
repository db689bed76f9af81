// The errors tool's pattern library: src/logs's LOG_PATTERNS plus each loaded runbook's triggers, a trigger
// being a pattern of severity high. A trigger stands back when a library pattern recognises the same line
// (the library pattern says more: its meaning and the causes it points to), so it reports what the library
// does not know. The gate's literals are every pattern's prefilter; a trigger's come from its regex.

import { LOG_PATTERNS, MARKUP_LITERALS, type LogPattern } from "../logs/index.js";
import type { Runbook } from "../runbook/types.js";
import type { RequiredLiteral } from "./scan/literals.js";
import { requiredLiterals } from "./scan/literals.js";

export interface PatternLibrary {
  patterns: LogPattern[];
  /** The gate's literals, or null when some pattern has none (every line is then tested). */
  literals: RequiredLiteral[] | null;
}

/** "runbook.<runbook id>.trigger_<n>" (1-based, in the runbook's order). */
const triggerPatternId = (runbookId: string, index: number): string => `runbook.${runbookId}.trigger_${index + 1}`;

function triggerPatterns(runbooks: readonly Runbook[]): LogPattern[] {
  const libraryIds = LOG_PATTERNS.map((p) => p.id);
  return runbooks.flatMap((runbook) =>
    runbook.triggers.map((regex, index): LogPattern => {
      const literals = requiredLiterals(regex);
      return {
        id: triggerPatternId(runbook.id, index),
        regex,
        // An empty literal is in every line: a trigger with no required literal is tested on every line.
        prefilter: literals ? literals.map((l) => l.text) : [""],
        severity: "high",
        meaning: `Matches a trigger of runbook ${runbook.id} (${runbook.title}): this message is one the runbook was written to diagnose.`,
        suggests: [],
        supersededBy: libraryIds,
        examples: { match: [], nearMiss: [] },
      };
    }),
  );
}

export function buildLibrary(runbooks: readonly Runbook[]): PatternLibrary {
  const patterns = [...LOG_PATTERNS, ...triggerPatterns(runbooks)];
  const literals: RequiredLiteral[] = [];
  for (const p of patterns) {
    if (p.prefilter.some((l) => l === "")) return { patterns, literals: null };
    for (const text of p.prefilter) literals.push({ text, ignoreCase: p.ignoreCase === true });
  }
  // A line of rendered HTML is matched on the text it shows (src/logs/compile.ts): its markup lets it through.
  for (const text of MARKUP_LITERALS) literals.push({ text, ignoreCase: false });
  const seen = new Set<string>();
  const unique = literals.filter((l) => {
    const key = `${l.ignoreCase ? "i" : "c"}:${l.ignoreCase ? l.text.toLowerCase() : l.text}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { patterns, literals: unique };
}
