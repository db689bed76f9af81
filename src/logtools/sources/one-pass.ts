// An offline session's logs/ read once: the snapshot loader's scan of the folder (the facts) hands every
// file's bytes to this tap as it reads them, and the tap runs the errors tool's pass over the same bytes and
// indexes the files, so the session's collection (for the search step) and its findings (F-001...) come
// without reading the folder again. Nothing is kept of the bytes but the findings.

import type { LogFileTap } from "../../logs/scan.js";
import type { RunbookSet } from "../../runbook/types.js";
import { errorsPass, knownErrors } from "../errors.js";
import { DEFAULT_MAX_LINE_BYTES } from "../scan/line-scan.js";
import { lineSink, sortProblems, type ScanOutcome } from "../scan/run.js";
import type { Collection, IndexedSource, LogProblem } from "../types.js";
import { directoryReader, fileSource } from "./directory.js";
import { compareText } from "../../util/compare.js";

export interface OnePass {
  tap: LogFileTap;
  /** The folder as a collection whose findings are known (once the scan has read it). */
  collection(now: Date): Collection;
}

/** `root`: the logs/ folder the loader scans (its files' paths start with it). */
export function onePass(root: string, runbooks: RunbookSet): OnePass {
  const errors = errorsPass(runbooks);
  const sources: IndexedSource[] = [];
  const problems: LogProblem[] = [];
  const outcome: ScanOutcome = { files: 0, bytes: 0, problems: [] };
  return {
    tap: {
      file(file) {
        const source = fileSource({ ...file, within: root });
        if (!source) return null;
        sources.push(source);
        if (source.entry.skipped) {
          problems.push({ source: file.rel, message: source.entry.skipped });
          return null;
        }
        const sink = lineSink(source, errors.open(source), errors.gate, DEFAULT_MAX_LINE_BYTES, outcome);
        return { write: (chunk) => void sink.write(chunk), end: () => sink.end() };
      },
    },
    collection(now) {
      sources.sort((a, b) => compareText(a.entry.name, b.entry.name));
      const collection: Collection = {
        key: root,
        kind: "directory",
        location: root,
        sources,
        problems,
        collectedAt: now.toISOString(),
        reader: directoryReader,
      };
      sortProblems(outcome.problems);
      knownErrors(collection, runbooks, errors.result(outcome));
      return collection;
    },
  };
}
