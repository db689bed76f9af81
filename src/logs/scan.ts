// Scans a directory of collected logs (any depth; plain text or gzip, recognised by its magic bytes) and
// live log lines for the pattern library's messages, streaming line by line.
// What is binary, gzip or an archive is decided by file-kind.ts, as the log tools decide it.

import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { createGunzip } from "node:zlib";
import type { LogEvidence, SnapshotProblem } from "../snapshot/types.js";
import { binaryNote, isArchiveName, isBinaryContent, isGzip } from "./file-kind.js";
import { capLines, splitLines } from "./lines.js";
import { LogScanner, type ScanOptions, type SourceScan } from "./scanner.js";
import { walkFiles } from "./walk.js";

export interface LogScanResult {
  evidence: LogEvidence;
  problems: SnapshotProblem[];
}

export interface DirScanOptions extends ScanOptions {
  /** Stop reading a file after this many (decompressed) bytes and say so. Default 1 GiB. */
  maxBytesPerFile?: number;
  /** Scan at most this many files and say so when there are more (a bundle is untrusted input). Default no limit. */
  maxFiles?: number;
}

const CHUNK = 64 * 1024;

class Stop extends Error {}

export async function scanLogDir(root: string, options: DirScanOptions = {}): Promise<LogScanResult> {
  const scanner = new LogScanner(options);
  const problems: SnapshotProblem[] = [];
  let info;
  try {
    info = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : `could not be read (${code ?? (error as Error).message})`;
    problems.push({ source: root, message: `logs directory ${why}: pass the directory that holds the collected log files` });
    return { evidence: scanner.result(), problems };
  }
  const files = info.isDirectory() ? walkFiles(root) : single(root);
  let scanned = 0;
  for await (const item of files) {
    if (item.kind === "problem") problems.push(item.problem);
    else if (++scanned > (options.maxFiles ?? Number.POSITIVE_INFINITY)) {
      problems.push({ source: ".", message: `more than ${options.maxFiles} log files: the rest were not scanned` });
      break;
    } else await scanFile(scanner, item.abs, item.rel, options.maxBytesPerFile ?? 1024 ** 3, problems);
  }
  problems.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { evidence: scanner.result(), problems };
}

/** Scans lines already split (a live pod's log tail); `source` names it, e.g. "pod/<ns>/<name>/<container>". */
export async function scanLines(
  source: string,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ScanOptions = {},
): Promise<LogScanResult> {
  const scanner = new LogScanner(options);
  const problems = await addLines(scanner, source, lines);
  return { evidence: scanner.result(), problems };
}

/**
 * Adds one live source to a scanner shared by several (every container of the target pods into one
 * LogEvidence: call `scanner.result()` at the end). A stream that fails part-way keeps what it gave.
 */
export async function addLines(
  scanner: LogScanner,
  source: string,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<SnapshotProblem[]> {
  const scan = scanner.source(source);
  const problems: SnapshotProblem[] = [];
  try {
    for await (const line of capLines(lines, scanner.maxLineLength)) scan.line(line.text, line.truncated);
  } catch (error) {
    problems.push({ source, message: `reading the log stopped after line ${scan.lines}: ${(error as Error).message}` });
  }
  noteTruncation(scan, scanner.maxLineLength, problems);
  return problems;
}

async function* single(file: string): AsyncGenerator<{ kind: "file"; abs: string; rel: string }> {
  yield { kind: "file", abs: file, rel: path.basename(file) };
}

async function scanFile(scanner: LogScanner, abs: string, rel: string, maxBytes: number, problems: SnapshotProblem[]): Promise<void> {
  if (isArchiveName(rel)) {
    problems.push({ source: rel, message: "archive: not scanned — extract it into the logs directory to have its logs read" });
    return;
  }
  let gzip: boolean;
  try {
    gzip = await startsWithGzipMagic(abs);
  } catch (error) {
    problems.push({
      source: rel,
      message: `could not be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); not read`,
    });
    return;
  }
  const raw = createReadStream(abs, { highWaterMark: CHUNK });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  if (gzip) raw.on("error", (e) => stream.destroy(e));
  let scan: SourceScan | undefined;
  let bytes = 0;
  const chunks = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (bytes === 0 && isBinaryContent(chunk)) {
        const note = binaryNote(rel, "scanned");
        if (note) problems.push({ source: rel, message: note });
        throw new Stop();
      }
      scan ??= scanner.source(rel);
      bytes += chunk.length;
      if (bytes > maxBytes) {
        problems.push({
          source: rel,
          message: `larger than ${maxBytes} bytes${gzip ? " once decompressed" : ""}: only the first ${maxBytes} bytes were read`,
        });
        const room = chunk.length - (bytes - maxBytes);
        if (room > 0) yield chunk.subarray(0, room);
        throw new Stop();
      }
      yield chunk;
    }
    scan ??= scanner.source(rel); // an empty file was still read
  };
  try {
    for await (const batch of splitLines(chunks(), scanner.maxLineLength)) for (const line of batch) scan!.line(line.text, line.truncated);
  } catch (error) {
    if (!(error instanceof Stop)) {
      const what = gzip ? "gzip data is corrupt or truncated" : "read failed";
      problems.push({
        source: rel,
        message: `${what} (${(error as Error).message})${scan ? ` after line ${scan.lines}; the lines before it were scanned` : "; not read"}`,
      });
    }
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
  if (scan) noteTruncation(scan, scanner.maxLineLength, problems);
}

async function startsWithGzipMagic(abs: string): Promise<boolean> {
  const fh = await open(abs, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return isGzip(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

function noteTruncation(scan: SourceScan, max: number, problems: SnapshotProblem[]): void {
  if (scan.truncatedLines === 0) return;
  problems.push({
    source: scan.source,
    message: `${scan.truncatedLines} line(s) longer than ${max} characters were cut to their first ${max} for matching (first at line ${scan.firstTruncatedLine})`,
  });
}
