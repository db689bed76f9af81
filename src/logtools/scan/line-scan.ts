// The hot loop: turns a source's byte chunks into the lines worth testing, with their line numbers, in
// bounded memory. A chunk's complete lines are searched as bytes by the literal gate; only the lines
// holding a literal are decoded (UTF-8) and handed on, the others are just counted. A line split
// across chunks is carried over (at most `maxLineBytes` of it); a longer line keeps its beginning for
// matching and is counted as cut, so the caller can say so.

import type { ChunkGate } from "./gate.js";

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** Called for each line that passed the gate; return true to stop reading this source. */
export interface LineHandler {
  (line: string, lineNo: number, truncated: boolean): boolean | void;
  /**
   * While this says true, every line is handed on, gate or not: the handler is reading a log record that a
   * matched line opened, and only the lines after it say where that record ends (src/logs/records.ts).
   */
  following?(): boolean;
  /** The source ended: called once, after its last line. */
  end?(): void;
}

const NL = 10;
const CR = 13;

export class LineScan {
  lines = 0;
  bytes = 0;
  truncatedLines = 0;
  firstTruncatedLine: number | null = null;
  stopped = false;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private carryOverflow = false;
  private pending = false;

  constructor(
    private readonly gate: ChunkGate | null,
    private readonly onLine: LineHandler,
    readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  write(chunk: Buffer): void {
    if (this.stopped) return;
    this.bytes += chunk.length;
    let pos = 0;
    if (this.pending) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        this.keep(chunk, 0, chunk.length);
        return;
      }
      this.keep(chunk, 0, nl);
      this.finishCarried();
      pos = nl + 1;
      if (this.stopped) return;
    }
    const last = chunk.lastIndexOf(NL);
    if (last >= pos) {
      if (this.gate) this.gated(chunk, pos, last + 1, this.gate);
      else this.every(chunk, pos, last + 1);
      pos = last + 1;
    }
    if (pos < chunk.length && !this.stopped) this.keep(chunk, pos, chunk.length);
  }

  /** The source ended: a last line without a newline still counts. */
  end(): void {
    if (this.pending && !this.stopped) this.finishCarried();
    this.onLine.end?.();
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    this.pending = true;
    const room = this.maxLineBytes - this.carryBytes;
    const take = Math.min(room, to - from);
    if (take > 0) {
      this.carry.push(Buffer.from(chunk.subarray(from, from + take))); // a copy: the chunk's memory is reused
      this.carryBytes += take;
    }
    if (to - from > take) this.carryOverflow = true;
  }

  private finishCarried(): void {
    const bytes = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes);
    const truncated = this.carryOverflow;
    this.carry = [];
    this.carryBytes = 0;
    this.carryOverflow = false;
    this.pending = false;
    this.lines += 1;
    if (truncated) this.noteTruncated(this.lines);
    const end = !truncated && bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    const line = bytes.toString("utf8", 0, end);
    if (this.gate && !this.onLine.following?.() && !this.gate.testLine(line)) return;
    if (this.onLine(line, this.lines, truncated) === true) this.stopped = true;
  }

  private noteTruncated(lineNo: number): void {
    this.truncatedLines += 1;
    this.firstTruncatedLine ??= lineNo;
  }

  /** [start, end) holds complete lines (end is just past a newline). */
  private gated(chunk: Buffer, start: number, end: number, gate: ChunkGate): void {
    const next = gate.over(chunk, end);
    const max = this.maxLineBytes;
    let counted = start; // newlines before this offset are already counted
    let from = start;
    while (from < end) {
      let lineStart = from;
      // A handler following a record takes the next line whatever it holds; otherwise the gate finds the next.
      if (!this.onLine.following?.()) {
        const hit = next(from);
        if (hit < 0) break;
        lineStart = hit === start ? start : chunk.lastIndexOf(NL, hit - 1) + 1;
      }
      const lineEnd = chunk.indexOf(NL, lineStart);
      this.countLines(chunk, counted, lineStart);
      this.lines += 1;
      counted = lineEnd + 1;
      from = lineEnd + 1;
      const truncated = lineEnd - lineStart > max;
      if (truncated) this.noteTruncated(this.lines);
      if (this.emit(chunk, lineStart, lineEnd, truncated)) return;
    }
    this.countLines(chunk, counted, end);
  }

  /** No gate: every line is decoded and handed on (a pattern without a required literal). */
  private every(chunk: Buffer, start: number, end: number): void {
    const max = this.maxLineBytes;
    let lineStart = start;
    while (lineStart < end) {
      const lineEnd = chunk.indexOf(NL, lineStart);
      this.lines += 1;
      const truncated = lineEnd - lineStart > max;
      if (truncated) this.noteTruncated(this.lines);
      if (this.emit(chunk, lineStart, lineEnd, truncated)) return;
      lineStart = lineEnd + 1;
    }
  }

  private emit(chunk: Buffer, lineStart: number, lineEnd: number, truncated: boolean): boolean {
    let stop = lineEnd;
    if (truncated) stop = lineStart + this.maxLineBytes;
    else if (stop > lineStart && chunk[stop - 1] === CR) stop -= 1;
    if (this.onLine(chunk.toString("utf8", lineStart, stop), this.lines, truncated) === true) {
      this.stopped = true;
      return true;
    }
    return false;
  }

  /** Counts the newlines in chunk[from, to) and notes the lines among them that were too long. */
  private countLines(chunk: Buffer, from: number, to: number): void {
    const max = this.maxLineBytes;
    let lineStart = from;
    let n = this.lines;
    for (;;) {
      const nl = chunk.indexOf(NL, lineStart);
      if (nl < 0 || nl >= to) break;
      n += 1;
      if (nl - lineStart > max) {
        this.lines = n;
        this.noteTruncated(n);
      }
      lineStart = nl + 1;
    }
    this.lines = n;
  }
}
