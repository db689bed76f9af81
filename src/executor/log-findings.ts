// The runbook's `errors` findings, built from the snapshot's recognised log lines: grouped by (pattern, file)
// and numbered as src/logs/findings.ts says, like the errors tool's findings over a collection.

import { atLeast, getLogPattern, numberFindings, type FindingFields, type Severity } from "../logs/index.js";
import { valueOf } from "../snapshot/evidence.js";
import { compareText } from "../util/compare.js";
import type { LogMatch, Snapshot } from "../snapshot/types.js";

/** `count`: lines of this pattern in this file (the snapshot keeps a bounded number of each). */
export interface LogFinding extends FindingFields {
  pattern: string;
}

export function logFindings(snapshot: Snapshot): LogFinding[] {
  const logs = valueOf(snapshot.logs);
  if (!logs) return [];
  const groups = new Map<string, LogMatch[]>();
  for (const m of logs.matches) {
    const key = `${m.patternId}\u0000${m.file}`;
    const list = groups.get(key) ?? [];
    list.push(m);
    groups.set(key, list);
  }
  const filesPerPattern = new Map<string, number>();
  for (const list of groups.values()) filesPerPattern.set(list[0]!.patternId, (filesPerPattern.get(list[0]!.patternId) ?? 0) + 1);
  const unnumbered = [...groups.values()].map((list) => {
    const first = list[0]!;
    const pattern = getLogPattern(first.patternId);
    const times = list
      .map((m) => m.time)
      .filter((t): t is string => t !== null)
      .sort(compareText);
    // The snapshot counts every line per pattern; that total belongs to this group when it is the only file.
    const total = filesPerPattern.get(first.patternId) === 1 ? (logs.counts[first.patternId] ?? list.length) : list.length;
    return {
      severity: pattern?.severity ?? "low",
      pattern: first.patternId,
      meaning: pattern?.meaning ?? "a recognised message",
      suggests: [...(pattern?.suggests ?? [])].sort(),
      file: first.file,
      count: Math.max(total, list.length),
      first_seen: times[0] ?? null,
      last_seen: times[times.length - 1] ?? null,
      sample: first.text,
      sample_line: first.line,
    };
  });
  return numberFindings(unnumbered, (f) => ({ severity: f.severity, count: f.count, patternId: f.pattern, file: f.file })).map(
    ({ id, group }) => ({ id, ...group }),
  );
}

const SEVERITIES: readonly string[] = ["high", "medium", "low"] satisfies Severity[];

/** The findings at `severity` or worse ("high" keeps high only; "medium" keeps high and medium); all of
 * them when the runbook step names no severity or one this library does not know. */
export function atSeverity(findings: readonly LogFinding[], severity: string | null): LogFinding[] {
  const wanted = severity?.toLowerCase();
  return wanted !== undefined && SEVERITIES.includes(wanted) ? atLeast(findings, wanted as Severity) : [...findings];
}
