// The log half of a live Snapshot: the tails read from the diagnosed pod's containers (and the Pod
// Identity agent on its node) are scanned with the pattern library, each under the name capture saves it
// as (pods/<ns>/<pod>/<container>.log), so live and offline report the same lines the same way.

import { type Evidence, found, unavailable } from "../snapshot/evidence.js";
import { scanLines } from "../logs/index.js";
import type { LogEvidence, LogMatch, SnapshotProblem } from "../snapshot/types.js";
import type { LogRead } from "./kubernetes/collect.js";
import { failureEvidence } from "./outcome.js";
import { compareText } from "../util/compare.js";

function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export async function logEvidence(
  reads: LogRead[],
  lookedFor: boolean,
  source: string,
): Promise<{ evidence: Evidence<LogEvidence>; problems: SnapshotProblem[] }> {
  const problems: SnapshotProblem[] = [];
  if (!lookedFor) {
    return { evidence: unavailable("not_collected", "no pod was found, so no container log was read"), problems };
  }
  const read = reads.filter((r) => r.outcome.ok);
  for (const r of reads) if (!r.outcome.ok) problems.push({ source: `logs/${r.file}`, message: r.outcome.failure.detail });
  const firstFailure = reads.find((r) => !r.outcome.ok)?.outcome;
  if (read.length === 0) {
    return {
      evidence:
        firstFailure && !firstFailure.ok
          ? failureEvidence(firstFailure.failure, source)
          : unavailable("not_collected", "the pod has no container whose log could be read"),
      problems,
    };
  }
  const files: string[] = [];
  const matches: LogMatch[] = [];
  const counts: Record<string, number> = {};
  for (const r of read) {
    const scanned = await scanLines(r.file, linesOf(r.outcome.ok ? r.outcome.value : ""));
    files.push(...scanned.evidence.files);
    matches.push(...scanned.evidence.matches);
    for (const [id, n] of Object.entries(scanned.evidence.counts)) counts[id] = (counts[id] ?? 0) + n;
    problems.push(...scanned.problems.map((p) => ({ ...p, source: `logs/${p.source}` })));
  }
  matches.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.patternId, b.patternId));
  const sortedCounts = Object.fromEntries(
    Object.keys(counts)
      .sort(compareText)
      .map((k) => [k, counts[k] as number]),
  );
  return { evidence: found({ files: files.sort(compareText), matches, counts: sortedCounts }, source), problems };
}
