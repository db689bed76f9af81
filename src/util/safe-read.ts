// Reads one file of untrusted input (a bundle, a runbook folder, a log bundle) safely: only a regular file
// is read (a FIFO would block the process, and with it every other call of the MCP server; a device such as
// /dev/zero never ends), never more than a size cap, never longer than a deadline, and, given the folder it
// belongs to, never a file that a symbolic link leads out of that folder. Checked at each read, not once: a
// folder replaced by a link after it was admitted is caught here. Errors say what was refused, never what
// the file holds.

import { constants } from "node:fs";
import { type FileHandle, open, realpath } from "node:fs/promises";
import { sep } from "node:path";

export type UnsafeReason = "outside" | "not_regular" | "too_large" | "timeout" | "unreadable";

/** A read refused or failed; `message` is a sentence fragment naming no content ("is a FIFO: not read"). */
export class UnsafeFileError extends Error {
  override readonly name = "UnsafeFileError";
  constructor(
    readonly reason: UnsafeReason,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface SafeReadOptions {
  /** Refuse the file when it holds more bytes than this. */
  maxBytes: number;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** The real (symlink-free) path of the folder the file must stay in; when given, links out are refused. */
  within?: string;
}

const CHUNK = 1024 * 1024;
const DEFAULT_READ_TIMEOUT_MS = 10_000;

/** True when `path` is `root` or under it (both real paths). */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** What kind of non-regular file a stat describes, for messages. */
export function fileKind(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink?(): boolean;
}): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSymbolicLink?.()) return "a symbolic link";
  return "not a regular file";
}

/** Resolves `path` and checks it stays within `root` (a real path); returns the real path. */
async function resolveWithin(path: string, root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnsafeFileError(
      "unreadable",
      code === "ENOENT" ? "does not exist (or is a dangling link)" : `cannot be resolved (${code ?? "error"})`,
      code,
    );
  }
  if (!isInside(real, root))
    throw new UnsafeFileError("outside", "is a symbolic link leading outside the folder: not followed — copy the file itself in");
  return real;
}

/**
 * Opens `path` for reading only if it is a regular file (and, given `within`, resolves inside it); the caller
 * closes the handle. For streaming readers (logs, archives) that cannot take the whole file at once.
 */
export async function openRegularFile(path: string, within?: string): Promise<FileHandle> {
  const target = within === undefined ? path : await resolveWithin(path, within);
  // O_NONBLOCK: opening a FIFO for reading would wait for a writer; O_NOFOLLOW: the resolved path was checked,
  // a link put in its place since is not followed.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (within !== undefined ? (constants.O_NOFOLLOW ?? 0) : 0);
  let fh: FileHandle;
  try {
    fh = await open(target, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new UnsafeFileError("outside", "was replaced by a symbolic link while being read: not followed", code);
    throw new UnsafeFileError("unreadable", code === "ENOENT" ? "does not exist" : `cannot be opened (${code ?? "error"})`, code);
  }
  const stat = await fh.stat().catch(async (error: unknown) => {
    await fh.close().catch(() => undefined);
    throw error;
  });
  if (!stat.isFile()) {
    await fh.close().catch(() => undefined);
    throw new UnsafeFileError("not_regular", `is ${fileKind(stat)}: only regular files are read`);
  }
  return fh;
}

/** The file's bytes, or UnsafeFileError saying why not. */
async function readRegularFile(path: string, options: SafeReadOptions): Promise<Buffer> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
  const fh = await openRegularFile(path, options.within);
  try {
    const stat = await fh.stat();
    if (stat.size > options.maxBytes) throw tooLarge(options.maxBytes);
    return await readAll(fh, options.maxBytes, deadline);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** readRegularFile as UTF-8 text. */
export async function readRegularText(path: string, options: SafeReadOptions): Promise<string> {
  return (await readRegularFile(path, options)).toString("utf8");
}

async function readAll(fh: FileHandle, maxBytes: number, deadline: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    if (Date.now() > deadline) throw new UnsafeFileError("timeout", "took too long to read: not read");
    // The size from stat can be wrong (a file still growing, /proc): never read past the cap plus one byte.
    const want = Math.min(CHUNK, maxBytes + 1 - total);
    const buffer = Buffer.allocUnsafe(want);
    const { bytesRead } = await withDeadline(fh.read(buffer, 0, want, null), deadline);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(buffer.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnsafeFileError("timeout", "took too long to read: not read")), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function tooLarge(maxBytes: number): UnsafeFileError {
  return new UnsafeFileError("too_large", `is larger than ${formatBytes(maxBytes)}: not read`);
}

/** "32 MB", "64 KB": limits as the README states them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
