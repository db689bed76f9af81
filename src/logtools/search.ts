// search: the lines of a collection matching a regular expression (RE2 syntax, linear-time matching),
// as S-001, S-002, ... in (file, line) order, each redacted and cut to 500 characters around the match.
// The literal prefilter rejects most lines before the regex runs. At most maxResults are returned; once
// that many are held, sources that sort after the last one kept are not read at all.

import type { RE2JS } from "re2js";
import { redactSecrets } from "../logs/index.js";
import { excerpt } from "../logs/scanner.js";
import { cutNote, MAX_TEXT } from "./errors.js";
import { buildGate } from "./scan/gate.js";
import { DEFAULT_MAX_LINE_BYTES } from "./scan/line-scan.js";
import { compileQuery } from "./scan/regex.js";
import { compareText } from "../util/compare.js";
import { scanCollection, type ScanOutcome } from "./scan/run.js";
import { SourceClock } from "./time.js";
import { LogToolError, type Collection, type ReadControl } from "./types.js";

const DEFAULT_MAX_RESULTS = 100;
const MAX_RESULTS = 1000;

interface SearchHit {
  id: string;
  file: string;
  line: number;
  time: string | null;
  text: string;
}

export interface SearchResult {
  results: SearchHit[];
  truncated: boolean;
  scanned: { files: number; bytes: number };
  problems: ScanOutcome["problems"];
}

export interface SearchRequest {
  query: string;
  maxResults?: number;
  ignoreCase?: boolean;
  signal?: AbortSignal;
}

export async function searchCollection(collection: Collection, request: SearchRequest): Promise<SearchResult> {
  const compiled = compileQuery(request.query, request.ignoreCase === true);
  if ("error" in compiled) throw new LogToolError(compiled.error);
  const { re } = compiled;
  const max = Math.min(Math.max(1, request.maxResults ?? DEFAULT_MAX_RESULTS), MAX_RESULTS);
  const hits: Omit<SearchHit, "id">[] = [];
  let truncated = false;
  // Once `max` hits are held, the last one's file: a source named after it cannot get into the list.
  let cutoff: string | null = null;
  const unread = new Set(collection.sources.filter((s) => s.entry.skipped === null).map((s) => s.entry.name));
  const control: ReadControl = { stopAll: false, ...(request.signal ? { signal: request.signal } : {}) };

  const trim = (): void => {
    if (hits.length <= max) return;
    hits.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
    hits.length = max;
    truncated = true;
    cutoff = hits[max - 1]!.file;
    if ([...unread].every((name) => name > cutoff!)) control.stopAll = true;
  };

  const outcome = await scanCollection(collection, {
    gate: buildGate(compiled.literals),
    control,
    open(source) {
      const file = source.entry.name;
      unread.delete(file);
      if (cutoff !== null && file > cutoff) return null;
      const clock = new SourceClock(source.entry.modified);
      let inThisSource = 0;
      return (line, lineNo, cut) => {
        const m = re.matcher(line);
        if (!m.find()) return;
        hits.push({ file, line: lineNo, time: clock.timeOf(line), text: textOf(line, re, cut) });
        inThisSource += 1;
        // Lines come in order within a source: past max + 1 of its own, none of its later lines can stay.
        if (inThisSource > max) {
          trim();
          return true;
        }
        if (hits.length > 2 * max) trim();
      };
    },
  });
  trim();
  hits.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return {
    results: hits.map((h, index) => ({ id: `S-${String(index + 1).padStart(3, "0")}`, ...h })),
    truncated,
    scanned: { files: outcome.files, bytes: outcome.bytes },
    problems: outcome.problems,
  };
}

function textOf(line: string, re: RE2JS, cut: boolean): string {
  const redacted = redactSecrets(line);
  const m = re.matcher(redacted);
  const note = cut ? cutNote(DEFAULT_MAX_LINE_BYTES) : "";
  return excerpt(redacted, m.find() ? m.start() : -1, MAX_TEXT - note.length) + note;
}
