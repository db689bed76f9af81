// A log bundle that is a directory (an extracted EKS log collector bundle, or any folder of logs): indexed
// by walking it and peeking at each file's start; read again in place, plain files through one reused
// buffer, gzip files through zlib. Nothing is copied or written anywhere.

import type { FileHandle } from "node:fs/promises";
import { basename } from "node:path";
import { createGunzip } from "node:zlib";
import { walkFiles } from "../../logs/walk.js";
import { UnsafeFileError, openRegularFile } from "../../util/safe-read.js";
import type { IndexedSource, LogProblem, ReadControl, SourceReader, SourceSink } from "../types.js";
import { HEAD_BYTES, isGzip } from "../../logs/file-kind.js";
import { skipReason } from "./head.js";

const CHUNK = 1024 * 1024;

export interface IndexProgress {
  found(total: number): void;
  indexed(source: IndexedSource, bytes: number): void;
  problem(problem: LogProblem): void;
}

/** Files indexed per collection at most: a real log bundle holds a few thousand; past this the rest is said, not read. */
export const MAX_SOURCES = 20_000;

/** `root` is the collection's real (pinned) path. */
export async function indexDirectory(root: string, progress: IndexProgress): Promise<IndexedSource[]> {
  const files: { abs: string; rel: string }[] = [];
  for await (const item of walkFiles(root)) {
    if (item.kind === "problem") progress.problem(item.problem);
    else if (files.length < MAX_SOURCES) files.push({ abs: item.abs, rel: item.rel });
    else {
      progress.problem({
        source: ".",
        message: `more than ${MAX_SOURCES} files: the rest were not indexed — collect a sub-folder on its own`,
      });
      break;
    }
  }
  progress.found(files.length);
  const out: IndexedSource[] = [];
  const head = Buffer.allocUnsafe(HEAD_BYTES);
  for (const file of files) {
    const source = await indexFile(file.abs, file.rel, root, head, progress);
    if (source) out.push(source);
  }
  return out;
}

/** One log file given as the whole bundle (`path` real): pinned to itself. */
export async function indexSingleFile(path: string, progress: IndexProgress): Promise<IndexedSource[]> {
  progress.found(1);
  const source = await indexFile(path, basename(path), path, Buffer.allocUnsafe(HEAD_BYTES), progress);
  return source ? [source] : [];
}

async function indexFile(abs: string, rel: string, within: string, head: Buffer, progress: IndexProgress): Promise<IndexedSource | null> {
  try {
    const fh = await openRegularFile(abs, within);
    let bytesRead: number;
    let info;
    try {
      info = await fh.stat();
      ({ bytesRead } = await fh.read(head, 0, HEAD_BYTES, 0));
    } finally {
      await fh.close();
    }
    const source = fileSource({ abs, rel, within, size: info.size, modified: info.mtime, head: head.subarray(0, bytesRead) });
    if (!source) return null;
    if (source.entry.skipped) progress.problem({ source: rel, message: source.entry.skipped });
    progress.indexed(source, info.size);
    return source;
  } catch (error) {
    progress.problem({ source: rel, message: `could not be read (${describe(error)}); left out` });
    return null;
  }
}

/** A file's index entry from its name, size, mtime and first bytes; null for a file skipped silently (not a log). */
export function fileSource(file: {
  abs: string;
  rel: string;
  within: string;
  size: number;
  modified: Date;
  head: Buffer;
}): IndexedSource | null {
  const skipped = skipReason(file.rel, file.head);
  if (skipped === "") return null;
  return {
    entry: {
      name: file.rel,
      kind: "file",
      size: file.size,
      compressed: isGzip(file.head),
      modified: file.modified.toISOString(),
      skipped,
    },
    locator: { kind: "file", path: file.abs, within: file.within },
  };
}

export const directoryReader: SourceReader = {
  async read(sources, openSink, control) {
    const problems: LogProblem[] = [];
    for (const source of sources) {
      if (control.stopAll || control.signal?.aborted) break;
      if (source.locator.kind !== "file" || source.entry.skipped) continue;
      const sink = openSink(source);
      if (!sink) continue;
      try {
        // Opened again through the pinned root: a file or folder swapped for a link since indexing is refused.
        const fh = await openRegularFile(source.locator.path, source.locator.within);
        if (source.entry.compressed) await readGzip(fh, sink, control);
        else await readPlain(fh, sink, control);
      } catch (error) {
        const what = source.entry.compressed ? "gzip data is corrupt or the file could not be read" : "the file could not be read";
        problems.push({ source: source.entry.name, message: `${what} (${describe(error)}); the lines before it were read` });
      }
      sink.end();
    }
    return problems;
  },
};

/** Reads ahead: the next chunk is on its way from the disk while this one is scanned. */
async function readPlain(fh: FileHandle, sink: SourceSink, control: ReadControl): Promise<void> {
  const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let position = 0;
  let which = 0;
  let pending = fh.read(buffers[which]!, 0, CHUNK, position);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) return;
      position += bytesRead;
      const chunk = buffers[which]!.subarray(0, bytesRead);
      which = 1 - which;
      pending = fh.read(buffers[which]!, 0, CHUNK, position);
      if (sink.write(chunk) === true || control.stopAll || control.signal?.aborted) return;
    }
  } finally {
    await pending.catch(() => undefined);
    await fh.close();
  }
}

async function readGzip(fh: FileHandle, sink: SourceSink, control: ReadControl): Promise<void> {
  const raw = fh.createReadStream({ highWaterMark: CHUNK });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on("error", (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (sink.write(chunk) === true || control.stopAll || control.signal?.aborted) return;
    }
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}

export function describe(error: unknown): string {
  if (error instanceof UnsafeFileError) return error.message;
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
