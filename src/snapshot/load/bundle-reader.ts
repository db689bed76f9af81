// Reads the files of one bundle under its limits (limits.ts): each through the safe reader (regular files
// only, no link out of the bundle, re-checked at each read), each under its own cap, all under the bundle's
// byte budget. A refused or failed read is a problem naming the file and why, never its content.

import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { UnsafeFileError, formatBytes, readRegularText } from "../../util/safe-read.js";
import type { SnapshotProblem } from "../types.js";
import { errorMessage } from "./files.js";
import { LIMITS } from "./limits.js";

export interface BundleReader {
  /** The text of `source` (relative to the bundle), or null after adding a problem saying why not. */
  readText(source: string, maxBytes: number): Promise<string | null>;
}

export async function bundleReader(dir: string, problems: SnapshotProblem[]): Promise<BundleReader> {
  const realRoot = await realpath(dir);
  let budget: number = LIMITS.bundleBytes;
  let budgetSaid = false;
  return {
    async readText(source, maxBytes) {
      if (budget <= 0) {
        if (!budgetSaid)
          problems.push({
            source,
            message: `the bundle's files already add up to ${formatBytes(LIMITS.bundleBytes)}: this file and the ones after it were not read`,
          });
        budgetSaid = true;
        return null;
      }
      try {
        const text = await readRegularText(join(dir, source), {
          maxBytes: Math.min(maxBytes, budget),
          within: realRoot,
          timeoutMs: LIMITS.readTimeoutMs,
        });
        budget -= Buffer.byteLength(text);
        return text;
      } catch (err) {
        const why = err instanceof UnsafeFileError ? err.message : `cannot be read: ${errorMessage(err)}`;
        problems.push({
          source,
          message:
            maxBytes > budget && err instanceof UnsafeFileError && err.reason === "too_large"
              ? `${why} (what is left of the bundle's ${formatBytes(LIMITS.bundleBytes)})`
              : why,
        });
        return null;
      }
    },
  };
}
