// Loads every runbook of some directories: each *.md file directly inside (sorted, not recursive) is
// parsed; a bad file adds errors and the others still load. When two runbooks share an id, the first
// loaded (directories in the order given, files by name) is kept and the other is reported.
// The shipped runbooks are parsed at build time too (scripts/preparse-runbooks.mjs writes
// dist/runbook/preparsed.json): a file whose text is exactly one of those takes its parsed form from there
// instead of being parsed at every start (~30 ms with its triggers' re2js compiles). Any other text, an
// edited shipped runbook included, is parsed as always. The parser (gray-matter, js-yaml, yaml, zod) is
// imported only then, so a start that meets only the shipped runbooks does not load it.

import { readdir } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Runbook, RunbookError, RunbookSet } from "./types.js";
import { compareText } from "../util/compare.js";
import { UnsafeFileError, readRegularText } from "../util/safe-read.js";

/** A runbook is a few KB (the bundled one 11 KB); parsing time grows with the size, so a bound keeps get_runbook fast. */
const MAX_RUNBOOK_BYTES = 512 * 1024;

/** Runbooks parsed at build time, as written to preparsed.json; `file` is replaced by the path loaded from. */
export interface PreparsedRunbooks {
  runbooks: Runbook[];
}

/** @public The build step (scripts/preparse-runbooks.mjs) and its test import it from dist/, which knip does not follow. */
export const PREPARSED_RUNBOOKS_URL = new URL("./preparsed.json", import.meta.url);

export interface LoadRunbooksOptions {
  /** Default: dist/runbook/preparsed.json when it exists (none when running from src/). */
  preparsed?: PreparsedRunbooks | null;
}

export async function loadRunbooks(dirs: readonly string[], options: LoadRunbooksOptions = {}): Promise<RunbookSet> {
  const preparsed = options.preparsed === undefined ? readPreparsed() : options.preparsed;
  const byText = new Map((preparsed?.runbooks ?? []).map((runbook) => [runbook.markdown, runbook]));
  const runbooks: Runbook[] = [];
  const errors: RunbookError[] = [];
  const fileOfId = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      names = entries
        .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
        .map((entry) => entry.name)
        .sort();
    } catch (error) {
      errors.push({ file: dir, line: null, message: `cannot read the runbook directory: ${reasonOf(error)}; check the path` });
      continue;
    }
    for (const name of names) {
      const file = join(dir, name);
      let markdown: string;
      try {
        markdown = await readRegularText(file, { maxBytes: MAX_RUNBOOK_BYTES });
      } catch (error) {
        const why =
          error instanceof UnsafeFileError
            ? `the runbook ${error.message}${error.reason === "too_large" ? " (a runbook is a few KB; split it)" : ""}`
            : `cannot read the runbook: ${reasonOf(error)}`;
        errors.push({ file, line: null, message: why });
        continue;
      }
      const known = byText.get(markdown);
      const result = known ? { runbook: { ...structuredClone(known), file } } : (await import("./parse.js")).parseRunbook(markdown, file);
      if ("errors" in result) {
        errors.push(...result.errors);
        continue;
      }
      const earlier = fileOfId.get(result.runbook.id);
      if (earlier !== undefined) {
        errors.push({
          file,
          line: (await import("./frontmatter.js")).frontmatterKeyLine(markdown, "title"),
          message: `duplicate runbook id "${result.runbook.id}": ${earlier} already has it; give this runbook a different title`,
        });
        continue;
      }
      fileOfId.set(result.runbook.id, file);
      runbooks.push(result.runbook);
    }
  }
  runbooks.sort((a, b) => compareText(a.id, b.id));
  // A stable sort: errors on the same line keep the order the parser found them in.
  errors.sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { runbooks, errors };
}

/**
 * <package root>/runbooks, found by walking up from this file to the directory holding package.json,
 * so that it resolves both from src/runbook (tests) and from dist/runbook (the built package).
 */
export function bundledRunbooksDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "runbooks");
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}: cannot locate the bundled runbooks`);
    dir = parent;
  }
}

/** The build's pre-parsed runbooks, or null when there are none (from src/) or they cannot be read. */
function readPreparsed(): PreparsedRunbooks | null {
  try {
    return JSON.parse(readFileSync(PREPARSED_RUNBOOKS_URL, "utf8")) as PreparsedRunbooks;
  } catch {
    // Only a speed-up: without it every runbook is parsed.
    return null;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
