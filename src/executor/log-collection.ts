// An offline snapshot's logs/ folder as a log-tools collection, so the runbook's errors and search steps use
// the same engine as the errors and search MCP tools: the same pattern library (with the runbooks' triggers),
// the same finding ids F-001... for the same folder, streaming with bounded memory, gzip and archives handled.
// Live evidence keeps only the recognised lines, so it has no collection. A session opened from a snapshot
// folder gets both from the loader's own read of logs/ (sessionLogPass); logCollectionOf reads the folder
// itself, for a snapshot loaded without that pass.

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { findErrors, type Collection, type LogProblem } from "../logtools/index.js";
import { directoryReader, indexDirectory } from "../logtools/sources/directory.js";
import { onePass, type OnePass } from "../logtools/sources/one-pass.js";
import type { RunbookSet } from "../runbook/types.js";
import type { LogFinding } from "./log-findings.js";

/** The logs/ folder of an offline snapshot, or null (live evidence, or a snapshot without logs). */
function logsRootOf(origin: string): string | null {
  if (origin === "live") return null;
  const root = join(origin, "logs");
  try {
    return existsSync(root) && statSync(root).isDirectory() ? root : null;
  } catch {
    return null;
  }
}

/** The pass that shares the snapshot loader's read of `<snapshot>/logs`: give `tap` to the loader. */
export function sessionLogPass(snapshotDir: string, runbooks: RunbookSet): OnePass {
  return onePass(join(snapshotDir, "logs"), runbooks);
}

export async function logCollectionOf(origin: string, now: Date): Promise<Collection | null> {
  const root = logsRootOf(origin);
  if (root === null) return null;
  const problems: LogProblem[] = [];
  const sources = await indexDirectory(root, { found: () => {}, indexed: () => {}, problem: (p) => void problems.push(p) });
  sources.sort((a, b) => (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));
  return { key: root, kind: "directory", location: root, sources, problems, collectedAt: now.toISOString(), reader: directoryReader };
}

/** The errors tool's findings for the collection, in the executor's shape (pattern by id). */
export async function collectionFindings(collection: Collection, runbooks: RunbookSet): Promise<LogFinding[]> {
  const { findings } = await findErrors(collection, runbooks);
  return findings.map((f) => ({
    id: f.id,
    severity: f.severity,
    pattern: f.pattern.id,
    meaning: f.meaning,
    suggests: f.suggests,
    file: f.file,
    count: f.count,
    first_seen: f.first_seen,
    last_seen: f.last_seen,
    sample: f.sample,
    sample_line: f.sample_line,
  }));
}
