// The one rule for numbering log findings, wherever recognised messages are grouped by (pattern, file):
// the `errors` tool over a collection (src/logtools/errors.ts) and the runbook's errors step over a
// snapshot's matches (src/executor/log-findings.ts). Sorted by severity, then count (most first), then
// pattern id and file; ids F-001, F-002, ... are given over every severity, so the list at any minimum
// severity is a prefix with the same ids and summarize can name any finding.

import { compareText } from "../util/compare.js";
import type { Severity } from "./types.js";

/** Higher is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** What every findings list says of one (pattern, file) group; each list adds how it names the pattern. */
export interface FindingFields {
  /** F-001, F-002, ... in finding order. */
  id: string;
  severity: Severity;
  /** What the message means for the pod's credentials (from the pattern library). */
  meaning: string;
  /** The causes the message points to. */
  suggests: string[];
  file: string;
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  /** The first matching line. */
  sample: string;
  sample_line: number;
}

export interface FindingOrder {
  severity: Severity;
  count: number;
  patternId: string;
  file: string;
}

const findingId = (index: number): string => `F-${String(index + 1).padStart(3, "0")}`;

/** The groups in finding order, each with its id. */
export function numberFindings<T>(groups: Iterable<T>, orderOf: (group: T) => FindingOrder): { id: string; group: T }[] {
  const keyed = [...groups].map((group) => ({ group, key: orderOf(group) }));
  keyed.sort(
    ({ key: a }, { key: b }) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      b.count - a.count ||
      compareText(a.patternId, b.patternId) ||
      compareText(a.file, b.file),
  );
  return keyed.map(({ group }, index) => ({ id: findingId(index), group }));
}

/** The findings at `minimum` severity or above (a prefix of a numbered list). */
export function atLeast<T extends { severity: Severity }>(findings: readonly T[], minimum: Severity): T[] {
  return findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[minimum]);
}
