// correlate: a timeline around each occurrence of a pivot (a regex, or a word such as AccessDenied).
// First pass: the pivot's times, merged into windows of ±timeWindow seconds. Second pass: every line in a
// window that is a pivot or a recognised pattern (the errors tool's library), across all sources, sorted by
// time. Each window keeps its earliest events (its share of maxEvents); lines without a readable time
// cannot be placed and are listed apart as untimed.

import type { RE2JS } from "re2js";
import { PatternSet, redactSecrets, SEVERITY_RANK, type LogPattern } from "../logs/index.js";
import { excerpt } from "../logs/scanner.js";
import type { RunbookSet } from "../runbook/types.js";
import { MAX_TEXT } from "./errors.js";
import { buildLibrary } from "./patterns.js";
import { buildGate } from "./scan/gate.js";
import { compileQuery } from "./scan/regex.js";
import { compareText } from "../util/compare.js";
import { scanCollection, type ScanOutcome } from "./scan/run.js";
import { SourceClock } from "./time.js";
import { LogToolError, type Collection } from "./types.js";

/** @public Re-exported for the correlate tool (see index.ts). */
export const DEFAULT_WINDOW_SECONDS = 120;
const DEFAULT_MAX_EVENTS = 200;
const MAX_EVENTS = 1000;
const MAX_UNTIMED = 50;
const MAX_PIVOT_TIMES = 1_000_000;

interface TimelineEvent {
  time: string;
  file: string;
  line: number;
  pivot: boolean;
  pattern: { id: string; severity: string } | null;
  text: string;
}

interface UntimedLine {
  file: string;
  line: number;
  pivot: boolean;
  pattern: { id: string; severity: string } | null;
  text: string;
}

interface TimeWindow {
  start: string;
  end: string;
  pivots: number;
  events: number;
}

export interface CorrelateResult {
  pivot: { query: string; occurrences: number; timed: number; untimed: number };
  windows: TimeWindow[];
  timeline: TimelineEvent[];
  truncated: boolean;
  untimed: UntimedLine[];
  untimed_count: number;
  scanned: { files: number; bytes: number };
  problems: ScanOutcome["problems"];
}

export interface CorrelateRequest {
  pivotEvent: string;
  timeWindow?: number;
  maxEvents?: number;
  signal?: AbortSignal;
}

interface Held extends TimelineEvent {
  ms: number;
}

const byTime = (a: Held, b: Held): number => a.ms - b.ms || compareText(a.file, b.file) || a.line - b.line;

export async function correlateCollection(
  collection: Collection,
  runbooks: RunbookSet,
  request: CorrelateRequest,
): Promise<CorrelateResult> {
  const pivot = compileQuery(request.pivotEvent, false, "pivotEvent");
  if ("error" in pivot) throw new LogToolError(pivot.error);
  const windowMs = (request.timeWindow ?? DEFAULT_WINDOW_SECONDS) * 1000;
  const maxEvents = Math.min(Math.max(1, request.maxEvents ?? DEFAULT_MAX_EVENTS), MAX_EVENTS);
  const control = { stopAll: false, ...(request.signal ? { signal: request.signal } : {}) };
  const untimed: UntimedLine[] = [];
  let untimedCount = 0;
  const noteUntimed = (item: UntimedLine): void => {
    untimedCount += 1;
    if (untimed.length < MAX_UNTIMED) untimed.push(item);
  };

  // Pass 1: when did the pivot happen?
  let times: Float64Array = new Float64Array(1024);
  let timed = 0;
  let untimedPivots = 0;
  const first = await scanCollection(collection, {
    gate: buildGate(pivot.literals),
    control,
    open(source) {
      const clock = new SourceClock(source.entry.modified);
      return (line, lineNo) => {
        if (!pivot.re.test(line)) return;
        const time = clock.timeOf(line);
        if (time === null) {
          untimedPivots += 1;
          noteUntimed({ file: source.entry.name, line: lineNo, pivot: true, pattern: null, text: textOf(line, pivot.re) });
          return;
        }
        if (timed === MAX_PIVOT_TIMES) return;
        if (timed === times.length) times = growTo(times, times.length * 2);
        times[timed++] = Date.parse(time);
      };
    },
  });
  const windows = mergeWindows(times.subarray(0, timed).sort(), windowMs);
  const result: CorrelateResult = {
    pivot: { query: request.pivotEvent, occurrences: timed + untimedPivots, timed, untimed: untimedPivots },
    windows: [],
    timeline: [],
    truncated: false,
    untimed,
    untimed_count: untimedCount,
    scanned: { files: first.files, bytes: first.bytes },
    problems: first.problems,
  };
  if (windows.length === 0) return result;

  // Pass 2: what else happened in those windows?
  const library = buildLibrary(runbooks.runbooks);
  const set = new PatternSet(library.patterns);
  const share = Math.max(1, Math.ceil(maxEvents / windows.length));
  const kept: Held[][] = windows.map(() => []);
  const counts = windows.map(() => 0);
  const literals = library.literals && pivot.literals ? [...library.literals, ...pivot.literals] : null;
  const second = await scanCollection(collection, {
    gate: buildGate(literals),
    control,
    open(source) {
      const clock = new SourceClock(source.entry.modified);
      const file = source.entry.name;
      return (line, lineNo) => {
        const isPivot = pivot.re.test(line);
        const pattern = mostSevere(set.matchLine(line).map((m) => m.pattern));
        if (!isPivot && !pattern) return;
        const time = clock.timeOf(line);
        if (time === null) {
          if (!isPivot) noteUntimed({ file, line: lineNo, pivot: false, pattern, text: textOf(line, pivot.re) });
          return;
        }
        const ms = Date.parse(time);
        const w = windowOf(windows, ms);
        if (w < 0) return;
        counts[w]! += 1;
        const bucket = kept[w]!;
        bucket.push({ time, ms, file, line: lineNo, pivot: isPivot, pattern, text: textOf(line, pivot.re) });
        if (bucket.length > 2 * share) bucket.sort(byTime).length = share;
      };
    },
  });
  result.untimed_count = untimedCount;
  result.problems = [
    ...first.problems,
    ...second.problems.filter((p) => !first.problems.some((q) => q.source === p.source && q.message === p.message)),
  ];
  let room = maxEvents;
  windows.forEach((w, i) => {
    const bucket = kept[i]!.sort(byTime).slice(0, Math.min(share, room));
    room -= bucket.length;
    if (bucket.length < counts[i]!) result.truncated = true;
    result.windows.push({
      start: new Date(w.start).toISOString(),
      end: new Date(w.end).toISOString(),
      pivots: w.pivots,
      events: counts[i]!,
    });
    for (const { ms: _ms, ...event } of bucket) result.timeline.push(event);
  });
  return result;
}

function growTo(times: Float64Array, size: number): Float64Array {
  const bigger = new Float64Array(size);
  bigger.set(times);
  return bigger;
}

interface Window {
  start: number;
  end: number;
  pivots: number;
}

function mergeWindows(sorted: Float64Array, windowMs: number): Window[] {
  const out: Window[] = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    if (last && t - windowMs <= last.end) {
      last.end = Math.max(last.end, t + windowMs);
      last.pivots += 1;
    } else out.push({ start: t - windowMs, end: t + windowMs, pivots: 1 });
  }
  return out;
}

function windowOf(windows: readonly Window[], ms: number): number {
  let lo = 0;
  let hi = windows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = windows[mid]!;
    if (ms < w.start) hi = mid - 1;
    else if (ms > w.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function mostSevere(patterns: LogPattern[]): { id: string; severity: string } | null {
  const best = [...patterns].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareText(a.id, b.id))[0];
  return best ? { id: best.id, severity: best.severity } : null;
}

function textOf(line: string, pivot: RE2JS): string {
  const redacted = redactSecrets(line);
  const m = pivot.matcher(redacted);
  return excerpt(redacted, m.find() ? m.start() : -1, MAX_TEXT);
}
