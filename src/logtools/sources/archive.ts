// A log bundle that is a .tar.gz / .tgz / .tar (as the EKS log collector writes it): read by streaming the
// archive through tar's parser (which inflates the outer gzip itself), never extracted. Indexing notes each
// file entry's name, size and time and peeks at its start; reading again streams the whole archive once
// more and hands each wanted entry to its sink as the parser reaches it. A .gz file inside the archive (a
// rotated log) is inflated on the way with zlib.

import { createGunzip } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { LogToolError, type IndexedSource, type LogProblem, type ReadControl, type SourceReader, type SourceSink } from "../types.js";
import type { IndexProgress } from "./directory.js";
import { MAX_SOURCES, describe } from "./directory.js";
import { HEAD_BYTES, isGzip } from "../../logs/file-kind.js";
import { skipReason } from "./head.js";
import { openRegularFile } from "../../util/safe-read.js";

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

/** "./kubelet/kubelet.log" -> "kubelet/kubelet.log". */
const displayName = (entryPath: string): string => entryPath.replace(/^(?:\.\/)+/, "").replace(/^\/+/, "");

/**
 * Streams the archive, calling `onFile` for each regular file entry with its ordinal among them. `archive` is
 * the collection's real path, pinned to itself: a link put in its place after collect is refused.
 */
async function walkArchive(
  archive: string,
  control: ReadControl | null,
  onFile: (entry: ReadEntry, ordinal: number) => void,
): Promise<void> {
  const fh = await openRegularFile(archive, archive);
  return new Promise((resolve, reject) => {
    const input = fh.createReadStream({ highWaterMark: 1024 * 1024 });
    const parser = new Parser({ strict: false });
    let ordinal = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      input.destroy();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => finish();
    control?.signal?.addEventListener("abort", onAbort, { once: true });
    parser.on("entry", (entry: ReadEntry) => {
      if (settled || control?.stopAll) {
        entry.resume();
        finish();
        return;
      }
      if (!FILE_TYPES.has(entry.type)) {
        entry.resume();
        return;
      }
      onFile(entry, ordinal++);
    });
    parser.on("warn", (code: string, message: string | Error) => {
      // TAR_ENTRY_INFO and the like are notes; a bad archive is an error the caller reports.
      if (code === "TAR_BAD_ARCHIVE" || code === "TAR_ABORT") finish(new Error(typeof message === "string" ? message : message.message));
    });
    parser.on("error", (error: Error) => finish(error));
    parser.on("end", () => finish());
    input.on("error", (error) => finish(error));
    input.pipe(parser as unknown as NodeJS.WritableStream);
  });
}

export async function indexArchive(archive: string, progress: IndexProgress): Promise<IndexedSource[]> {
  const out: IndexedSource[] = [];
  let found = 0;
  let capped = false;
  const walked = walkArchive(archive, null, (entry, ordinal) => {
    if (found >= MAX_SOURCES) {
      capped = true;
      entry.resume();
      return;
    }
    const name = displayName(entry.path);
    progress.found(++found);
    const head: Buffer[] = [];
    let headBytes = 0;
    entry.on("data", (chunk: Buffer) => {
      if (headBytes >= HEAD_BYTES) return;
      head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
      headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
    });
    entry.on("end", () => {
      const start = Buffer.concat(head);
      const skipped = skipReason(name, start);
      if (skipped === "") return;
      if (skipped) progress.problem({ source: name, message: skipped });
      const source: IndexedSource = {
        entry: {
          name,
          kind: "archive-entry",
          size: entry.size,
          compressed: isGzip(start),
          modified: entry.mtime ? entry.mtime.toISOString() : null,
          skipped,
        },
        locator: { kind: "archive-entry", archive, entryPath: entry.path, ordinal },
      };
      out.push(source);
      progress.indexed(source, entry.size);
    });
  });
  try {
    await walked;
  } catch (error) {
    // A damaged archive keeps the entries read before the damage; one that is not a tar at all fails.
    if (found === 0) {
      throw new LogToolError(
        `${archive} could not be read as a tar archive (${describe(error)}): pass the .tar.gz the EKS log collector wrote, or the directory it was extracted to.`,
      );
    }
    progress.problem({
      source: displayName(archive.split("/").pop() ?? archive),
      message: `the archive is damaged after ${found} file(s) (${describe(error)}); the files before the damage were indexed`,
    });
  }
  if (capped) progress.problem({ source: ".", message: `more than ${MAX_SOURCES} files in the archive: the rest were not indexed` });
  return out;
}

export const archiveReader: SourceReader = {
  async read(sources, openSink, control) {
    const problems: LogProblem[] = [];
    const wanted = new Map<number, IndexedSource>();
    let archive: string | null = null;
    for (const source of sources) {
      if (source.locator.kind !== "archive-entry" || source.entry.skipped) continue;
      wanted.set(source.locator.ordinal, source);
      archive = source.locator.archive;
    }
    if (archive === null || wanted.size === 0) return problems;
    const inflating: Inflating[] = [];
    try {
      await walkArchive(archive, control, (entry, ordinal) => {
        const source = wanted.get(ordinal);
        const sink = source && source.locator.kind === "archive-entry" && source.locator.entryPath === entry.path ? openSink(source) : null;
        if (!source || !sink) {
          entry.resume();
          return;
        }
        if (source.entry.compressed) inflating.push(inflateEntry(entry, sink, control, source.entry.name, problems));
        else feedEntry(entry, sink, control);
      });
      // Stopped early: entries cut off mid-way will never end; let their inflaters go.
      if (control.stopAll || control.signal?.aborted) for (const job of inflating) job.cancel();
      await Promise.all(inflating.map((job) => job.done));
    } catch (error) {
      problems.push({
        source: archive,
        message: `the archive could not be read to its end (${describe(error)}); the entries before the damage were read`,
      });
    }
    return problems;
  },
};

function feedEntry(entry: ReadEntry, sink: SourceSink, control: ReadControl): void {
  let stopped = false;
  entry.on("data", (chunk: Buffer) => {
    if (!stopped && (sink.write(chunk) === true || control.stopAll)) stopped = true;
  });
  entry.on("end", () => sink.end());
}

interface Inflating {
  done: Promise<void>;
  cancel(): void;
}

function inflateEntry(entry: ReadEntry, sink: SourceSink, control: ReadControl, name: string, problems: LogProblem[]): Inflating {
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  let cancel = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    cancel = () => {
      gunzip.destroy();
      resolve();
    };
    let stopped = false;
    gunzip.on("data", (chunk: Buffer) => {
      if (!stopped && (sink.write(chunk) === true || control.stopAll)) stopped = true;
    });
    gunzip.on("end", () => {
      sink.end();
      resolve();
    });
    gunzip.on("error", (error) => {
      problems.push({ source: name, message: `gzip data is corrupt or truncated (${describe(error)}); the lines before it were read` });
      sink.end();
      // Keep draining the entry so the archive's later entries are still reached.
      entry.unpipe(gunzip as unknown as NodeJS.WritableStream);
      entry.resume();
      resolve();
    });
    entry.pipe(gunzip as unknown as NodeJS.WritableStream);
  });
  return { done, cancel: () => cancel() };
}
