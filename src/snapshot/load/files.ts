// Walks a snapshot sub-folder. Paths come back relative to the snapshot directory with "/" separators
// (they are the evidence sources the report quotes) and sorted, so every load is deterministic.

import { readdir, realpath, stat } from "node:fs/promises";
import type { SnapshotProblem } from "../types.js";
import { join, relative, sep } from "node:path";
import { isInside } from "../../util/safe-read.js";

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
 * .gitkeep) are skipped; a symbolic link to a file inside `root` is read, one leading out of it is not
 * followed (a bundle's link to /etc/shadow or ~/.aws/credentials must not be read); anything else that is
 * not a file or a folder is a problem, so nothing is left out without a word. At most `maxFiles` files.
 */
export async function listSnapshotFiles(
  root: string,
  folder: string,
  options: { maxFiles?: number; capMessage?: string } = {},
): Promise<{ files: string[]; problems: SnapshotProblem[] }> {
  const files: string[] = [];
  const problems: SnapshotProblem[] = [];
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  let capped = false;
  const rel = (path: string) => relative(root, path).split(sep).join("/");
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (err) {
    return {
      files,
      problems: [{ source: `${folder}/`, message: `folder cannot be listed (${errorMessage(err)}); its files were not read` }],
    };
  }
  async function walk(abs: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      problems.push({ source: `${rel(abs)}/`, message: `folder cannot be listed (${errorMessage(err)}); its files were not read` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      if (files.length >= maxFiles) {
        capped = true;
        return;
      }
      const path = join(abs, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(rel(path));
      else if (entry.isSymbolicLink()) {
        const why = await linkProblem(path, realRoot);
        if (why === null) files.push(rel(path));
        else problems.push({ source: rel(path), message: why });
      } else problems.push({ source: rel(path), message: "not a regular file (a socket, FIFO or device): not read" });
    }
  }
  // The folder itself may be a link (k8s -> /etc): refuse it as a whole rather than file by file.
  const start = join(root, folder);
  const outside = await realpath(start).then(
    (real) => !isInside(real, realRoot),
    () => false,
  );
  if (outside)
    problems.push({
      source: `${folder}/`,
      message: "a symbolic link leading outside the bundle: not followed — copy the folder itself into the bundle",
    });
  else await walk(start);
  if (capped) problems.push({ source: `${folder}/`, message: options.capMessage ?? `more than ${maxFiles} files: the rest were not read` });
  return { files: files.sort(), problems };
}

/** Null when the link leads to a regular file inside the bundle; else why it is not read (never its target's content). */
async function linkProblem(path: string, realRoot: string): Promise<string | null> {
  let target: string;
  try {
    target = await realpath(path);
  } catch {
    return "a symbolic link whose target does not exist (or a link loop): not read";
  }
  if (!isInside(target, realRoot)) return "a symbolic link leading outside the bundle: not followed — copy the file itself into the bundle";
  const info = await stat(target).catch(() => null);
  if (!info?.isFile()) return "a symbolic link to a folder, socket, FIFO or device: not read";
  return null;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The files of listSnapshotFiles alone (the emulator's log index uses it). Throws if `folder` cannot be listed. */
export async function listFiles(root: string, folder: string): Promise<string[]> {
  await readdir(join(root, folder));
  return (await listSnapshotFiles(root, folder)).files;
}
