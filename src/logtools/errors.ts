// errors: every recognised message in a collection, grouped by (pattern, file) into findings numbered as
// src/logs/findings.ts says (the runbook's errors step numbers a snapshot's matches the same way). The
// result is computed once per collection and pattern library.

import { numberFindings, PatternSet, redactSecrets, type FindingFields, type LogPattern } from "../logs/index.js";
import { RecordReader } from "../logs/records.js";
import { WrappedLines } from "../logs/wrapped.js";
import { excerpt } from "../logs/scanner.js";
import type { RunbookSet } from "../runbook/types.js";
import { buildLibrary } from "./patterns.js";
import { buildGate, type ChunkGate } from "./scan/gate.js";
import { DEFAULT_MAX_LINE_BYTES, type LineHandler } from "./scan/line-scan.js";
import { compareText } from "../util/compare.js";
import { scanCollection, type ScanOutcome } from "./scan/run.js";
import { SourceClock } from "./time.js";
import type { Collection, IndexedSource } from "./types.js";

export const MAX_TEXT = 500;

/** `sample`: the first matching line, secrets redacted, cut to 500 characters around the match. */
export interface Finding extends FindingFields {
  pattern: { id: string; regex: string };
}

export interface ErrorsResult {
  findings: Finding[];
  scanned: { files: number; bytes: number };
  problems: ScanOutcome["problems"];
}

/** A match on one line, waiting for its record to close. */
interface Hit {
  pattern: LogPattern;
  line: string;
  lineNo: number;
  truncated: boolean;
  time: string | null;
}

interface Group {
  pattern: LogPattern;
  file: string;
  count: number;
  first: string | null;
  last: string | null;
  sample: string;
  sampleLine: number;
}

const cache = new WeakMap<Collection, WeakMap<RunbookSet, Promise<ErrorsResult>>>();

/** All findings of the collection (every severity), computed once per collection and runbook set. */
export function findErrors(collection: Collection, runbooks: RunbookSet): Promise<ErrorsResult> {
  let byRunbooks = cache.get(collection);
  if (!byRunbooks) cache.set(collection, (byRunbooks = new WeakMap()));
  let result = byRunbooks.get(runbooks);
  if (!result) {
    result = computeErrors(collection, runbooks);
    byRunbooks.set(runbooks, result);
    result.catch(() => byRunbooks!.delete(runbooks));
  }
  return result;
}

async function computeErrors(collection: Collection, runbooks: RunbookSet): Promise<ErrorsResult> {
  const pass = errorsPass(runbooks);
  const outcome = await scanCollection(collection, { gate: pass.gate, open: (source) => pass.open(source) });
  return pass.result(outcome);
}

/**
 * The errors tool's grouping, apart from how the bytes arrive: `open` gives each source's line handler (for
 * the gate's candidate lines), `result` numbers the groups once every source has been read. scanCollection
 * drives it over a collection; an offline session's one pass over logs/ drives it from the loader's scan.
 */
export interface ErrorsPass {
  gate: ChunkGate | null;
  open(source: IndexedSource): LineHandler;
  result(outcome: ScanOutcome): ErrorsResult;
}

export function errorsPass(runbooks: RunbookSet): ErrorsPass {
  const library = buildLibrary(runbooks.runbooks);
  const set = new PatternSet(library.patterns);
  const groups = new Map<string, Group>();
  const readers: RecordReader<Hit>[] = [];
  return {
    gate: buildGate(library.literals),
    open(source) {
      const clock = new SourceClock(source.entry.modified);
      const file = source.entry.name;
      // A match is counted once its record closes, and only if the record holds nothing more specific: the
      // diagnosis's scanner keeps a record's matches by the same rule (src/logs/records.ts).
      const records = new RecordReader<Hit>((kept) => {
        for (const hit of kept) count(hit);
      });
      readers.push(records);
      const count = (hit: Hit): void => {
        const key = `${hit.pattern.id}\u0000${file}`;
        const group = groups.get(key);
        if (!group) {
          groups.set(key, {
            pattern: hit.pattern,
            file,
            count: 1,
            first: hit.time,
            last: hit.time,
            sample: sampleOf(set, hit.pattern, hit.line, hit.truncated),
            sampleLine: hit.lineNo,
          });
          return;
        }
        group.count += 1;
        if (hit.time !== null) {
          if (group.first === null || hit.time < group.first) group.first = hit.time;
          if (group.last === null || hit.time > group.last) group.last = hit.time;
        }
      };
      // A line a pane, a box or a hard wrap cut is matched joined too, as the diagnosis's scanner does; the gate
      // hands on the line after one that may continue, so the two see the same pairs.
      const wrapped = new WrappedLines(set);
      let lastLineNo = 0;
      const handler: LineHandler = (line, lineNo, truncated) => {
        if (lineNo !== lastLineNo + 1) wrapped.gap();
        lastLineNo = lineNo;
        const matches = set.matchLine(line);
        const joined = wrapped.line(line, matches);
        const time = matches.length > 0 || joined.length > 0 ? clock.timeOf(line) : null;
        records.line(
          line,
          lineNo,
          [
            ...matches.map((m) => ({ pattern: m.pattern, line, lineNo, truncated, time })),
            ...joined.map(({ match: m, text }) => ({ pattern: m.pattern, line: text, lineNo, truncated, time })),
          ],
          wrapped.joined,
        );
      };
      handler.following = () => records.open || wrapped.wantsNext;
      handler.end = () => records.end();
      return handler;
    },
    result(outcome) {
      // A source whose reading stopped before its end still has its last record counted.
      for (const records of readers.splice(0)) records.end();
      return {
        findings: numbered(groups),
        scanned: { files: outcome.files, bytes: outcome.bytes },
        problems: outcome.problems,
      };
    },
  };
}

/** Gives findErrors the result of a pass made elsewhere over exactly this collection's readable sources. */
export function knownErrors(collection: Collection, runbooks: RunbookSet, result: ErrorsResult): void {
  let byRunbooks = cache.get(collection);
  if (!byRunbooks) cache.set(collection, (byRunbooks = new WeakMap()));
  byRunbooks.set(runbooks, Promise.resolve(result));
}

function numbered(groups: Map<string, Group>): Finding[] {
  return numberFindings(groups.values(), (g) => ({
    severity: g.pattern.severity,
    count: g.count,
    patternId: g.pattern.id,
    file: g.file,
  })).map(({ id, group: g }): Finding => ({
    id,
    severity: g.pattern.severity,
    pattern: { id: g.pattern.id, regex: g.pattern.regex },
    meaning: g.pattern.meaning,
    suggests: [...g.pattern.suggests].sort(compareText),
    file: g.file,
    count: g.count,
    first_seen: g.first,
    last_seen: g.last,
    sample: g.sample,
    sample_line: g.sampleLine,
  }));
}

export function cutNote(maxLineBytes: number): string {
  return ` [line longer than ${maxLineBytes} bytes: only its beginning was read]`;
}

function sampleOf(set: PatternSet, pattern: LogPattern, line: string, truncated: boolean): string {
  const redacted = redactSecrets(line);
  const note = truncated ? cutNote(DEFAULT_MAX_LINE_BYTES) : "";
  return excerpt(redacted, set.locate(pattern, redacted), MAX_TEXT - note.length) + note;
}
