// Looks at the first bytes of a source to decide how to read it: gzip (by its magic bytes, whatever the
// name) and binary content (NUL bytes in the first 64 KiB once decompressed), which is skipped and
// reported — unless it is obviously not a log (images, executables), which is skipped silently.

import { constants, gunzipSync } from "node:zlib";

export const HEAD_BYTES = 64 * 1024;
/** Compressed bytes inflated to look at a gzip source's start (at most ~4 MiB out, usually ~40 KiB). */
export const GZIP_HEAD_BYTES = 4 * 1024;

const SILENT_BINARY = /\.(?:png|jpe?g|gif|bmp|ico|svg|webp|pdf|woff2?|ttf|otf|eot|exe|dll|so|dylib|o|a|class|pyc|wasm|bin|db|sqlite3?|pcap(?:ng)?|DS_Store)$/i;
const ARCHIVE = /\.(?:tar|tgz|tar\.gz|tar\.bz2|tbz2|tar\.xz|txz|tar\.zst|zip|7z|rar|jar|war)$/i;
const JOURNAL = /\.journal~?$/i;

export const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Why a source with this name and these first bytes is not read, or null to read it. "" means skip silently. */
export function skipReason(name: string, head: Buffer): string | null {
  if (ARCHIVE.test(name)) return `archive inside the bundle: not read — collect it on its own with path=<its path>`;
  let content = head;
  if (isGzip(head)) {
    try {
      content = gunzipSync(head.subarray(0, GZIP_HEAD_BYTES), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      return `gzip data is corrupt (${(error as Error).message}); not read`;
    }
  }
  if (!content.subarray(0, HEAD_BYTES).includes(0)) return null;
  if (SILENT_BINARY.test(name)) return "";
  if (JOURNAL.test(name)) return "systemd journal (binary): not read — export it as text, e.g. journalctl --file <file> -o short-iso";
  return "binary content (NUL bytes near the start): skipped — if it holds logs, convert it to text";
}
