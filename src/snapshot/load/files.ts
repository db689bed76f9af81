// Walks a snapshot sub-folder. Paths come back relative to the snapshot directory with "/" separators
// (they are the evidence sources the report quotes) and sorted, so every load is deterministic.

import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** True when `path` exists and is a directory. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Every regular file under `folder` at any depth, dotfiles skipped, as sorted paths relative to `root`. */
export async function listFiles(root: string, folder: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(abs: string): Promise<void> {
    const entries = await readdir(abs, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(abs, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(relative(root, path).split(sep).join("/"));
    }
  }
  await walk(join(root, folder));
  return out.sort();
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
