// Runs one scan over a collection: every readable source, one after the other, through the literal gate
// and the line splitter, into the handler the caller opens for it. Returns what was scanned and the
// problems met (sources that could not be read again, lines cut for being too long).

import type { Collection, IndexedSource, LogProblem, ReadControl, SourceSink } from "../types.js";
import type { ChunkGate } from "./gate.js";
import { DEFAULT_MAX_LINE_BYTES, LineScan, type LineHandler } from "./line-scan.js";
import { compareText } from "../../util/compare.js";

export interface ScanOutcome {
  files: number;
  bytes: number;
  problems: LogProblem[];
}

export interface ScanOptions {
  gate: ChunkGate | null;
  /** Opens a handler for the source's candidate lines, or null to leave the source out. */
  open(source: IndexedSource): LineHandler | null;
  control?: ReadControl;
  maxLineBytes?: number;
}

export async function scanCollection(collection: Collection, options: ScanOptions): Promise<ScanOutcome> {
  const control = options.control ?? { stopAll: false };
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const outcome: ScanOutcome = { files: 0, bytes: 0, problems: [] };
  const readable = collection.sources.filter((s) => s.entry.skipped === null);
  const problems = await collection.reader.read(
    readable,
    (source) => {
      const handler = options.open(source);
      return handler ? lineSink(source, handler, options.gate, maxLine, outcome) : null;
    },
    control,
  );
  outcome.problems.push(...problems);
  sortProblems(outcome.problems);
  return outcome;
}

/** One source's bytes into its line handler, tallied into `outcome` (files, bytes, lines cut) when it ends. */
export function lineSink(
  source: IndexedSource,
  handler: LineHandler,
  gate: ChunkGate | null,
  maxLine: number,
  outcome: ScanOutcome,
): SourceSink {
  const scan = new LineScan(gate, handler, maxLine);
  outcome.files += 1;
  return {
    write: (chunk) => {
      scan.write(chunk);
      return scan.stopped;
    },
    end: () => {
      scan.end();
      outcome.bytes += scan.bytes;
      if (scan.truncatedLines > 0) {
        outcome.problems.push({
          source: source.entry.name,
          message: `${scan.truncatedLines} line(s) longer than ${maxLine} bytes were cut to their first ${maxLine} bytes for matching (first at line ${scan.firstTruncatedLine})`,
        });
      }
    },
  };
}

export const sortProblems = (problems: LogProblem[]): LogProblem[] =>
  problems.sort((a, b) => compareText(a.source, b.source) || compareText(a.message, b.message));
