// Reads one file of a logs directory for the scanner: opened once, its first bytes decide gzip and binary
// (file-kind.ts), then the same handle streams the rest, decompressed if need be, in bounded chunks. A tap
// (the log tools' errors pass over an offline session's logs/) is given the same chunks as they are read,
// so a second reader of the folder does not read it again; neither keeps the chunks.

import type { Stats } from "node:fs";
import { type FileHandle, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { SnapshotProblem } from "../snapshot/types.js";
import { openRegularFile } from "../util/safe-read.js";
import { HEAD_BYTES, binaryNote, isArchiveName, isBinaryContent, isGzip } from "./file-kind.js";
import { splitLines } from "./lines.js";
import type { LogScanner, SourceScan } from "./scanner.js";

/** A file of the folder as the scan met it. */
interface TappedFile {
  /** Path under the logs root, "/"-separated. */
  rel: string;
  abs: string;
  size: number;
  modified: Date;
  /** Its first bytes as stored (at most 64 KiB; compressed for gzip); empty for an archive, which is not opened. */
  head: Buffer;
}

/** Receives one file's (decompressed) bytes in order, as the scanner reads them. */
interface LogFileSink {
  write(chunk: Buffer): void;
  end(): void;
}

/** Another reader of the same pass: told of every file walked, it returns a sink for the bytes, or null. */
export interface LogFileTap {
  file(file: TappedFile): LogFileSink | null;
}

const CHUNK = 64 * 1024;

class Stop extends Error {}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export async function scanFile(
  scanner: LogScanner,
  file: { abs: string; rel: string },
  maxBytes: number,
  problems: SnapshotProblem[],
  tap?: LogFileTap,
): Promise<void> {
  const { abs, rel } = file;
  if (isArchiveName(rel)) {
    problems.push({ source: rel, message: "archive: not scanned — extract it into the logs directory to have its logs read" });
    // Not opened; its size and date still index it for a reader that says why it is left out.
    const info = tap ? await stat(abs).catch(() => null) : null;
    if (info) tap!.file({ rel, abs, size: info.size, modified: info.mtime, head: Buffer.alloc(0) });
    return;
  }
  let fh: FileHandle;
  let info: Stats;
  let head: Buffer;
  try {
    fh = await openRegularFile(abs);
  } catch (error) {
    problems.push({ source: rel, message: `could not be opened (${codeOf(error)}); not read` });
    return;
  }
  try {
    info = await fh.stat();
    const buffer = Buffer.allocUnsafe(HEAD_BYTES);
    const { bytesRead } = await fh.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } catch (error) {
    await fh.close().catch(() => undefined);
    problems.push({ source: rel, message: `read failed (${(error as Error).message}); not read` });
    return;
  }
  const gzip = isGzip(head);
  const sink = tap?.file({ rel, abs, size: info.size, modified: info.mtime, head }) ?? null;
  // The rest of the file from where the head ended: no byte is read twice.
  const raw = fh.createReadStream({ start: head.length, highWaterMark: CHUNK, autoClose: false });
  const gunzip = gzip ? createGunzip({ chunkSize: CHUNK }) : null;
  if (gunzip) {
    raw.on("error", (e) => gunzip.destroy(e));
    gunzip.write(head);
    raw.pipe(gunzip);
  }
  let scan: SourceScan | undefined;
  let bytes = 0;
  const chunks = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of gunzip ? (gunzip as AsyncIterable<Buffer>) : plain(head, raw)) {
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
        if (room > 0) yield tee(sink, chunk.subarray(0, room));
        throw new Stop();
      }
      yield tee(sink, chunk);
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
    sink?.end();
    raw.destroy();
    gunzip?.destroy();
    await fh.close().catch(() => undefined);
  }
  scan?.end();
  if (scan) noteTruncation(scan, scanner.maxLineLength, problems);
}

export function noteTruncation(scan: SourceScan, max: number, problems: SnapshotProblem[]): void {
  if (scan.truncatedLines === 0) return;
  problems.push({
    source: scan.source,
    message: `${scan.truncatedLines} line(s) longer than ${max} characters were cut to their first ${max} for matching (first at line ${scan.firstTruncatedLine})`,
  });
}

/** The bytes as the scanner gets them, handed to the tap too. */
function tee(sink: LogFileSink | null, chunk: Buffer): Buffer {
  sink?.write(chunk);
  return chunk;
}

/** A plain file's bytes: the head already read, then the rest. */
async function* plain(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for await (const chunk of rest) yield chunk;
}
