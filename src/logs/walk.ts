// Lists the regular files under a logs root, at any depth, in a stable order (names compared by code
// unit). Symbolic links are not followed: one inside the root points at a file that is listed anyway
// (/var/log/containers/*.log → /var/log/pods/…), one that leaves the root or dangles is reported.

import { lstat, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import type { SnapshotProblem } from "../snapshot/types.js";
import { compareText } from "../util/compare.js";

export type WalkItem = { kind: "file"; abs: string; rel: string } | { kind: "problem"; problem: SnapshotProblem };

const toPosix = (p: string): string => p.split(path.sep).join("/");

export async function* walkFiles(root: string): AsyncGenerator<WalkItem> {
  const realRoot = await realpath(root);
  yield* walkDir(root, "", realRoot);
}

async function* walkDir(dir: string, relDir: string, realRoot: string): AsyncGenerator<WalkItem> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort(compareText);
  } catch (error) {
    yield problem(
      relDir || ".",
      `directory could not be listed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its logs were not read — check its permissions`,
    );
    return;
  }
  for (const name of names) {
    const abs = path.join(dir, name);
    const rel = relDir ? `${relDir}/${name}` : name;
    let stat;
    try {
      stat = await lstat(abs);
    } catch (error) {
      yield problem(rel, `could not be examined (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); not read`);
      continue;
    }
    if (stat.isDirectory()) yield* walkDir(abs, rel, realRoot);
    else if (stat.isFile()) yield { kind: "file", abs, rel };
    else if (stat.isSymbolicLink()) {
      const issue = await symlinkIssue(abs, realRoot);
      if (issue) yield problem(rel, issue);
    } else yield problem(rel, "not a regular file (socket, FIFO or device); not read");
  }
}

async function symlinkIssue(abs: string, realRoot: string): Promise<string | null> {
  let target: string;
  try {
    target = await realpath(abs);
  } catch {
    return "symbolic link whose target does not exist; not read — copy the file itself into the logs directory";
  }
  const inside = target === realRoot || target.startsWith(realRoot + path.sep);
  return inside
    ? null
    : `symbolic link to ${toPosix(target)}, outside the logs directory; not followed — copy the file itself into the logs directory`;
}

const problem = (source: string, message: string): WalkItem => ({ kind: "problem", problem: { source, message } });
