// Walks a snapshot sub-folder. Paths come back relative to the snapshot directory with "/" separators
// (they are the evidence sources the report quotes) and sorted, so every load is deterministic.

import { readdir, stat } from "node:fs/promises";
import type { SnapshotProblem } from "../types.js";
import { join, relative, sep } from "node:path";

/** True when `path` exists and is a directory. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every file under `folder` at any depth, as sorted paths relative to `root`. Dotfiles (.DS_Store,
 * .gitkeep) are skipped; a symbolic link to a file is read, anything else that is not a file or a
 * folder is a problem, so nothing is left out without a word.
 */
export async function listSnapshotFiles(root: string, folder: string): Promise<{ files: string[]; problems: SnapshotProblem[] }> {
  const files: string[] = [];
  const problems: SnapshotProblem[] = [];
  const rel = (path: string) => relative(root, path).split(sep).join("/");
  async function walk(abs: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      problems.push({ source: `${rel(abs)}/`, message: `folder cannot be listed (${errorMessage(err)}); its files were not read` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(abs, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(rel(path));
      else if (entry.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false))) files.push(rel(path));
      else problems.push({ source: rel(path), message: "not a regular file (a dangling or folder link, socket or device): not read" });
    }
  }
  await walk(join(root, folder));
  return { files: files.sort(), problems };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The files of listSnapshotFiles alone (the emulator's log index uses it). Throws if `folder` cannot be listed. */
export async function listFiles(root: string, folder: string): Promise<string[]> {
  await readdir(join(root, folder));
  return (await listSnapshotFiles(root, folder)).files;
}
