// Every line of an offline snapshot's logs/ folder, streamed with a byte budget, for the runbook's `search`
// steps: the snapshot itself keeps only the recognised lines, and a search for "projected.*token" wants the
// others too. Plain text and gzip (by its magic bytes); binary files and archives are left out.

import { createReadStream, existsSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { createGunzip } from "node:zlib";
import { splitLines } from "../logs/lines.js";
import { walkFiles } from "../logs/walk.js";

export interface LogLine {
  file: string;
  line: number;
  text: string;
}

export interface LineBudget {
  /** Decompressed bytes read at most over all files. */
  maxBytes: number;
}

export interface LineWalk {
  files: number;
  lines: number;
  /** The budget ran out before every file was read to its end. */
  cut: boolean;
}

const ARCHIVE = /\.(?:tar|tgz|tar\.gz|zip|7z|rar|jar)$/i;
const MAX_LINE = 4096;

/** The logs/ folder of an offline snapshot, or null (live evidence, or a snapshot without logs). */
export function logsRootOf(origin: string): string | null {
  if (origin === "live") return null;
  const root = join(origin, "logs");
  try {
    return existsSync(root) && statSync(root).isDirectory() ? root : null;
  } catch {
    return null;
  }
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Calls `visit` for each line; returns what was read. Unreadable files are skipped (the loader reported them). */
export async function walkLogLines(root: string, budget: LineBudget, visit: (line: LogLine) => void): Promise<LineWalk> {
  const walk: LineWalk = { files: 0, lines: 0, cut: false };
  let bytes = 0;
  for await (const item of walkFiles(root)) {
    if (item.kind !== "file" || ARCHIVE.test(item.rel)) continue;
    if (bytes >= budget.maxBytes) {
      walk.cut = true;
      break;
    }
    let gzip: boolean;
    try {
      gzip = await isGzip(item.abs);
    } catch {
      continue;
    }
    const raw = createReadStream(item.abs, { highWaterMark: 64 * 1024 });
    const stream = gzip ? raw.pipe(createGunzip()) : raw;
    if (gzip) raw.on("error", (e) => stream.destroy(e));
    let first = true;
    let binary = false;
    const chunks = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (first && chunk.includes(0)) {
          binary = true;
          return;
        }
        first = false;
        const room = budget.maxBytes - bytes;
        bytes += chunk.length;
        if (chunk.length > room) {
          walk.cut = true;
          if (room > 0) yield chunk.subarray(0, room);
          return;
        }
        yield chunk;
      }
    };
    let n = 0;
    try {
      for await (const batch of splitLines(chunks(), MAX_LINE)) {
        for (const l of batch) visit({ file: item.rel, line: ++n, text: l.text });
      }
    } catch {
      // a corrupt gzip or a vanished file: keep the lines read so far
    } finally {
      raw.destroy();
      if (stream !== raw) stream.destroy();
    }
    if (!binary) {
      walk.files += 1;
      walk.lines += n;
    }
  }
  return walk;
}
