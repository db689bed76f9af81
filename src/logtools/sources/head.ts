// Looks at the first bytes of a source to decide how to read it, as the diagnosis's scan of logs/ decides
// (src/logs/file-kind.ts): gzip by its magic bytes, an archive by its name, binary content by NUL bytes in
// the first 64 KiB once decompressed, skipped and reported unless it is plainly not a log ("" skips silently).

import { constants, gunzipSync } from "node:zlib";
import { GZIP_HEAD_BYTES, binaryNote, isArchiveName, isBinaryContent, isGzip } from "../../logs/file-kind.js";

/** Why a source with this name and these first bytes is not read, or null to read it. "" means skip silently. */
export function skipReason(name: string, head: Buffer): string | null {
  if (isArchiveName(name)) return `archive inside the bundle: not read — collect it on its own with path=<its path>`;
  let content = head;
  if (isGzip(head)) {
    try {
      content = gunzipSync(head.subarray(0, GZIP_HEAD_BYTES), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      return `gzip data is corrupt (${(error as Error).message}); not read`;
    }
  }
  return isBinaryContent(content) ? (binaryNote(name, "read") ?? "") : null;
}
