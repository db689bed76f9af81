// Reads the files of one bundle under its limits (limits.ts): each through the safe reader (regular files
// only, no link out of the bundle, re-checked at each read), each under its own cap, all under the bundle's
// byte budget. A refused or failed read is a problem naming the file and why, never its content. A file too big to
// hold whole is streamed to its consumer (a JSON List, split item by item) under the same checks.

import { type FileHandle, realpath } from "node:fs/promises";
import { join } from "node:path";
import { UnsafeFileError, formatBytes, openRegularFile, readRegularText } from "../../util/safe-read.js";
import type { SnapshotProblem } from "../types.js";
import { errorMessage } from "./files.js";
import { JsonListError } from "./json-list-stream.js";
import { LIMITS } from "./limits.js";

export interface BundleReader {
  /**
   * The text of `source` (relative to the bundle), or null after adding a problem saying why not; `hint`, what to
   * do, is added when the file is over its cap.
   */
  readText(source: string, maxBytes: number, hint?: string): Promise<string | null>;
  /**
   * Hands `source`'s bytes to `push` chunk by chunk (a file too big to hold whole); false after adding a problem
   * saying why not, including what `push` threw (a JsonListError, after `consumer`: who refused it).
   */
  streamBytes(source: string, maxBytes: number, push: (chunk: Buffer) => void, hint?: string, consumer?: string): Promise<boolean>;
}

const CHUNK = 1024 * 1024;

export async function bundleReader(dir: string, problems: SnapshotProblem[]): Promise<BundleReader> {
  const realRoot = await realpath(dir);
  let budget: number = LIMITS.bundleBytes;
  let budgetSaid = false;
  function spent(source: string): boolean {
    if (budget > 0) return false;
    if (!budgetSaid)
      problems.push({
        source,
        message: `the bundle's files already add up to ${formatBytes(LIMITS.bundleBytes)}: this file and the ones after it were not read`,
      });
    budgetSaid = true;
    return true;
  }
  function refused(source: string, err: unknown, maxBytes: number, hint: string | undefined, consumer = "it"): void {
    const why =
      err instanceof UnsafeFileError
        ? err.message
        : err instanceof JsonListError
          ? `${consumer} ${err.message}: not read`
          : `cannot be read: ${errorMessage(err)}`;
    const tooLarge = err instanceof UnsafeFileError && err.reason === "too_large";
    const left = maxBytes > budget && tooLarge ? ` (what is left of the bundle's ${formatBytes(LIMITS.bundleBytes)})` : "";
    problems.push({ source, message: `${why}${left}${tooLarge && hint ? ` — ${hint}` : ""}` });
  }
  return {
    async streamBytes(source, maxBytes, push, hint, consumer) {
      if (spent(source)) return false;
      const cap = Math.min(maxBytes, budget);
      const deadline = Date.now() + LIMITS.listReadTimeoutMs;
      let fh: FileHandle | undefined;
      try {
        fh = await openRegularFile(join(dir, source), realRoot);
        if ((await fh.stat()).size > cap) throw new UnsafeFileError("too_large", `is larger than ${formatBytes(cap)}: not read`);
        const buffer = Buffer.allocUnsafe(CHUNK);
        let total = 0;
        for (;;) {
          if (Date.now() > deadline) throw new UnsafeFileError("timeout", "took too long to read: not read");
          const { bytesRead } = await fh.read(buffer, 0, CHUNK, null);
          if (bytesRead === 0) break;
          total += bytesRead;
          // The size from stat can be wrong (a file still growing): never past the cap.
          if (total > cap) throw new UnsafeFileError("too_large", `is larger than ${formatBytes(cap)}: not read`);
          push(buffer.subarray(0, bytesRead));
        }
        budget -= total;
        return true;
      } catch (err) {
        refused(source, err, maxBytes, hint, consumer);
        return false;
      } finally {
        await fh?.close().catch(() => undefined);
      }
    },
    async readText(source, maxBytes, hint) {
      if (spent(source)) return null;
      try {
        const text = await readRegularText(join(dir, source), {
          maxBytes: Math.min(maxBytes, budget),
          within: realRoot,
          timeoutMs: LIMITS.readTimeoutMs,
        });
        budget -= Buffer.byteLength(text);
        return text;
      } catch (err) {
        refused(source, err, maxBytes, hint);
        return null;
      }
    },
  };
}
