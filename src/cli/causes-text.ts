// Text generated from src/causes.ts: the `irsa-doctor causes` table and the README's "Causes it names"
// section (a test keeps the README equal to causesMarkdown()).

import { CAUSES, categoryOf, type CauseEntry } from "../causes.js";

/** One line per cause, id then title, grouped by category; `(logs only)` marks a cause no check diagnoses. */
export function formatCauseTable(causes: readonly CauseEntry[] = CAUSES): string {
  const width = Math.max(...causes.map((c) => c.id.length));
  const lines = causes.map((c) => `${c.id.padEnd(width)}  ${c.title}${c.logOnly ? " (logs only)" : ""}`);
  return `${causes.length} cause(s), and the outcomes healthy and inconclusive:\n${lines.join("\n")}\n`;
}

/** What `irsa-doctor causes --json` prints. */
export function causesJson(causes: readonly CauseEntry[] = CAUSES): string {
  const list = causes.map((c) => ({
    id: c.id,
    category: categoryOf(c.id),
    title: c.title,
    description: c.description,
    log_only: c.logOnly === true,
  }));
  return JSON.stringify({ causes: list, outcomes: ["healthy", "inconclusive"] }, null, 2) + "\n";
}

export const CAUSES_BEGIN = "<!-- causes:begin: generated from src/causes.ts; UPDATE_GOLDEN=1 npx vitest run test/cli/causes.test.ts -->";
export const CAUSES_END = "<!-- causes:end -->";

/** The README's cause table, between its markers. */
export function causesMarkdown(causes: readonly CauseEntry[] = CAUSES): string {
  const rows = causes.map((c) => `| \`${c.id}\` | ${c.title.replace(/\|/g, "\\|")}${c.logOnly ? " (named from logs only)" : ""} |`);
  return [
    CAUSES_BEGIN,
    "| cause | what it means |",
    "| --- | --- |",
    ...rows,
    "",
    "And the outcomes `healthy` and `inconclusive` (when only ambiguous evidence is there, the report names the",
    "candidates and what would decide between them). `irsa-doctor causes` prints this list, `--json` with each",
    "cause's description.",
    CAUSES_END,
  ].join("\n");
}
