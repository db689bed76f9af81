// Scans a directory of collected logs (any depth; plain text or gzip, recognised by its magic bytes) and
// live log lines for the pattern library's messages, streaming line by line.
// What is binary, gzip or an archive is decided by file-kind.ts, as the log tools decide it.

import { stat } from "node:fs/promises";
import path from "node:path";
import type { LogEvidence, SnapshotProblem } from "../snapshot/types.js";
import { capLines } from "./lines.js";
import { noteTruncation, scanFile, type LogFileTap } from "./scan-file.js";
import { LogScanner, type ScanOptions } from "./scanner.js";
import { walkFiles } from "./walk.js";

export type { LogFileTap } from "./scan-file.js";

export interface LogScanResult {
  evidence: LogEvidence;
  problems: SnapshotProblem[];
}

export interface DirScanOptions extends ScanOptions {
  /** Stop reading a file after this many (decompressed) bytes and say so. Default 1 GiB. */
  maxBytesPerFile?: number;
  /** Scan at most this many files and say so when there are more (a bundle is untrusted input). Default no limit. */
  maxFiles?: number;
  /** Another reader given every file's bytes as this scan reads them (one pass over the folder serves both). */
  tap?: LogFileTap;
}

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
    } else await scanFile(scanner, item, options.maxBytesPerFile ?? 1024 ** 3, problems, options.tap);
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
  scan.end();
  noteTruncation(scan, scanner.maxLineLength, problems);
  return problems;
}

async function* single(file: string): AsyncGenerator<{ kind: "file"; abs: string; rel: string }> {
  yield { kind: "file", abs: file, rel: path.basename(file) };
}
