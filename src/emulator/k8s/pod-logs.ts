// Pod logs from the snapshot's logs/ folder. A file belongs to a pod when the pod's name is one of its
// folders or its file name starts with the pod's name; it is one container's log when its stem (or a
// folder) names that container. The capture writes logs/pods/<namespace>/<pod>/<container>.log; loose
// files named after the pod are accepted too because people attach logs by hand.

import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { listFiles } from "../../snapshot/load/files.js";

export interface LogFile {
  /** Relative to the logs root, "/"-separated. */
  rel: string;
  dirs: string[];
  base: string;
  /** File name without its log extension and without a ".previous" marker. */
  stem: string;
  /** The log of the container's previous run (kubectl logs --previous). */
  previous: boolean;
}

/** Indexes the files under the logs root (walked by the snapshot layer's own lister: same order, no dotfiles). */
export async function indexLogFiles(root: string | null): Promise<LogFile[]> {
  if (root === null) return [];
  let rels: string[];
  try {
    rels = await listFiles(root, ".");
  } catch {
    return [];
  }
  return rels.map((rel) => {
    const parts = rel.split("/");
    const base = parts[parts.length - 1] as string;
    let stem = base.replace(/\.(log|txt)$/i, "");
    const previous = /\.previous$/.test(stem);
    if (previous) stem = stem.replace(/\.previous$/, "");
    return { rel, dirs: parts.slice(0, -1), base, stem, previous };
  });
}

export interface LogRequest {
  namespace: string;
  pod: string;
  /** The pod's containers (init containers included), from the pod object. */
  containers: string[];
  /** The container to read: the one asked for, or the pod's only container. */
  container: string;
  previous: boolean;
}

/** The pod's name as a folder, or as the start of the file name up to a separator ("web-1" is not "web-10.log"'s). */
function belongsToPod(f: LogFile, pod: string): boolean {
  return f.dirs.includes(pod) || (f.base.startsWith(pod) && /^([-_.]|$)/.test(f.base.slice(pod.length)));
}

/** The container a file is the log of, or null when it does not say. */
function containerOf(f: LogFile, pod: string, containers: string[]): string | null {
  if (containers.includes(f.stem)) return f.stem;
  const afterPod = f.stem.startsWith(pod) ? f.stem.slice(pod.length).replace(/^[-_.]/, "") : null;
  if (afterPod !== null && containers.includes(afterPod)) return afterPod;
  const dir = [...f.dirs].reverse().find((d) => containers.includes(d));
  return dir ?? null;
}

/**
 * The file holding the requested log, or null when the snapshot has none. Files under the pod's
 * namespace folder win over others, and a file that names the container wins over one that names none
 * (a pod-wide file is used only for a pod with a single container).
 */
export function findLogFile(files: readonly LogFile[], req: LogRequest): LogFile | null {
  const candidates = files.filter((f) => f.previous === req.previous && belongsToPod(f, req.pod));
  const rank = (f: LogFile): number => (f.dirs.includes(req.namespace) ? 0 : 1);
  const named = candidates.filter((f) => containerOf(f, req.pod, req.containers) === req.container).sort((a, b) => rank(a) - rank(b));
  if (named[0] !== undefined) return named[0];
  if (req.containers.length !== 1) return null;
  const podWide = candidates.filter((f) => containerOf(f, req.pod, req.containers) === null).sort((a, b) => rank(a) - rank(b));
  return podWide[0] ?? null;
}

/** Where the last `lines` lines of a file start, found by reading back from its end a chunk at a time. */
async function tailStart(file: FileHandle, size: number, lines: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  let end = size;
  let seen = 0;
  let last = true; // the file's final newline ends the last line, it does not start a new one
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await file.read(chunk, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (chunk[i] !== 0x0a) continue;
      if (last && start + i === size - 1) continue;
      if (++seen === lines) return start + i + 1;
    }
    last = false;
    end = start;
  }
  return 0;
}

/**
 * The log as the kubelet answers it: the last `tailLines` lines, then at most `limitBytes` of them. Only
 * those bytes are read, so a bundle's gigabyte log costs what the client asked for, not the whole file.
 */
export async function readLog(root: string, file: LogFile, tailLines?: number, limitBytes?: number): Promise<string> {
  if (tailLines === 0) return "";
  const handle = await open(join(root, ...file.rel.split("/")), "r");
  try {
    const { size } = await handle.stat();
    const start = tailLines === undefined ? 0 : await tailStart(handle, size, tailLines);
    const length = Math.min(size - start, limitBytes ?? Infinity);
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, start);
    let text = bytes.toString("utf8");
    // A last line without its newline comes back with one, as the kubelet's line reader gives it.
    if (tailLines !== undefined && start + length === size && text !== "" && !text.endsWith("\n")) text += "\n";
    if (limitBytes !== undefined && Buffer.byteLength(text) > limitBytes) text = Buffer.from(text).subarray(0, limitBytes).toString("utf8");
    return text;
  } finally {
    await handle.close();
  }
}
