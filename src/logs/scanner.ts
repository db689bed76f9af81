// Accumulates pattern matches over any number of log sources into one LogEvidence: every match counted,
// but only a bounded sample kept per (pattern, source) — the first half and the last half of the budget,
// so both the start and the end of a burst of failures survive. Lines are redacted and trimmed only when
// a kept match is turned into output. A source's matches are held back until the log record they belong to
// ends (records.ts), so a wrapper superseded by the reason on a neighbouring line of the record is dropped.

import type { LogEvidence, LogMatch } from "../snapshot/types.js";
import { PatternSet } from "./compile.js";
import { DEFAULT_MAX_LINE_LENGTH } from "./lines.js";
import { libraryPatternSet } from "./recognise.js";
import { RecordReader } from "./records.js";
import { WrappedLines } from "./wrapped.js";
import { redactSecrets } from "./redact.js";
import { noteYear, parseLineTime } from "./time.js";
import type { LogPattern } from "./types.js";
import { compareText } from "../util/compare.js";

const CLIENT_ADDR = /"client-addr"\s*:\s*"\[?([0-9a-fA-F.:]+?)\]?:\d+"/;

export interface ScanOptions {
  /** Matches kept per (pattern, source); all are counted. Default 20. */
  maxMatchesPerPatternAndFile?: number;
  /** Longer lines are cut to this many characters for matching. Default 65536. */
  maxLineLength?: number;
  /** Length of a match's `text`. Default 500. */
  maxTextLength?: number;
  /** The patterns to look for; default the whole registry. */
  patterns?: readonly LogPattern[];
}

interface Held {
  pattern: LogPattern;
  line: string;
  lineNo: number;
  truncated: boolean;
  captures: Record<string, string>;
  year: number | null;
}

interface Bucket {
  head: Held[];
  tail: Held[];
}

const patternSetFor = (patterns?: readonly LogPattern[]): PatternSet => (patterns ? new PatternSet(patterns) : libraryPatternSet());

export function excerpt(text: string, at: number, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const room = max - 2; // for the two ellipses
  const start = Math.max(0, Math.min(at < 0 ? 0 : at - 80, text.length - room));
  const end = Math.min(text.length, start + room);
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}

/** One source being read: feed it its lines in order, then `end()` it (the scanner's result ends any left open). */
export class SourceScan {
  private lineNo = 0;
  private readonly time = { year: null as number | null };
  /** The matches of the current record, held once it closes. */
  private readonly records: RecordReader<Held>;
  /** A line a pane, a box or a hard wrap cut: its pieces are matched joined too. */
  private readonly wrapped: WrappedLines;
  truncatedLines = 0;
  firstTruncatedLine: number | null = null;

  constructor(
    private readonly scanner: LogScanner,
    readonly source: string,
  ) {
    this.records = new RecordReader((kept) => {
      for (const held of kept) scanner.hold(held, source);
    });
    this.wrapped = new WrappedLines(scanner.set);
  }

  get lines(): number {
    return this.lineNo;
  }

  line(text: string, truncated = false): void {
    this.lineNo += 1;
    if (truncated) {
      this.truncatedLines += 1;
      this.firstTruncatedLine ??= this.lineNo;
    }
    noteYear(text, this.time);
    const matches = this.scanner.set.matchLine(text);
    const joined = this.wrapped.line(text, matches);
    if (matches.length > 0) parseLineTime(text, this.time); // keeps the file's year current for klog/syslog lines further on
    const lineNo = this.lineNo;
    const year = this.time.year;
    this.records.line(
      text,
      lineNo,
      [
        ...matches.map((m) => ({ pattern: m.pattern, line: text, lineNo, truncated, captures: m.captures, year })),
        ...joined.map(({ match: m, text: logical }) => ({
          pattern: m.pattern,
          line: logical,
          lineNo,
          truncated,
          captures: m.captures,
          year,
        })),
      ],
      this.wrapped.joined,
    );
  }

  /** Closes the current record: its most specific matches are held. */
  end(): void {
    this.records.end();
  }
}

export class LogScanner {
  readonly set: PatternSet;
  readonly maxLineLength: number;
  private readonly maxKept: number;
  private readonly maxText: number;
  private readonly sources = new Set<string>();
  private readonly counts = new Map<string, number>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly open: SourceScan[] = [];

  constructor(options: ScanOptions = {}) {
    this.set = patternSetFor(options.patterns);
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.maxKept = Math.max(1, options.maxMatchesPerPatternAndFile ?? 20);
    this.maxText = Math.max(120, options.maxTextLength ?? 500);
  }

  /** Starts reading a source (a file path relative to the logs root, or "pod/<ns>/<name>/<container>"). */
  source(name: string): SourceScan {
    this.sources.add(name);
    const scan = new SourceScan(this, name);
    this.open.push(scan);
    return scan;
  }

  /** @internal */
  hold(held: Held, source: string): void {
    const id = held.pattern.id;
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    const key = `${source}\u0000${id}`;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { head: [], tail: [] }));
    const headSize = Math.ceil(this.maxKept / 2);
    if (bucket.head.length < headSize) bucket.head.push(held);
    else {
      bucket.tail.push(held);
      if (bucket.tail.length > this.maxKept - headSize) bucket.tail.shift();
    }
  }

  result(): LogEvidence {
    for (const scan of this.open.splice(0)) scan.end();
    const matches: LogMatch[] = [];
    for (const [key, bucket] of this.buckets) {
      const file = key.slice(0, key.indexOf("\u0000"));
      for (const held of [...bucket.head, ...bucket.tail]) matches.push(this.toMatch(held, file));
    }
    matches.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.patternId, b.patternId));
    const counts: Record<string, number> = {};
    for (const id of [...this.counts.keys()].sort(compareText)) counts[id] = this.counts.get(id)!;
    return { files: [...this.sources].sort(compareText), matches, counts };
  }

  private toMatch(held: Held, file: string): LogMatch {
    const redacted = redactSecrets(held.line);
    const note = held.truncated ? ` [line longer than ${this.maxLineLength} characters: only its beginning was read]` : "";
    const text = excerpt(redacted, this.set.locate(held.pattern, redacted), this.maxText - note.length) + note;
    const captures: Record<string, string> = {};
    for (const k of Object.keys(held.captures).sort(compareText)) {
      captures[k] = excerpt(redactSecrets(held.captures[k]!), 0, this.maxText);
    }
    // The Pod Identity agent logs the calling pod's address on every line: kept whole, since the excerpt
    // may cut it, so the diagnosis can tell the target's lines from its neighbours'.
    const client = CLIENT_ADDR.exec(held.line)?.[1];
    if (client && captures["clientAddr"] === undefined) captures["clientAddr"] = client;
    return {
      patternId: held.pattern.id,
      file,
      line: held.lineNo,
      text,
      time: parseLineTime(held.line, { year: held.year }),
      captures,
    };
  }
}
