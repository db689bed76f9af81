// The runbooks a server (or a CLI command) works with: the bundled runbooks/ folder plus any extra folders,
// loaded once on first use. The runbook engine is imported lazily so that a server answering tools/list has
// not paid for the markdown and YAML parsers yet; loading takes only the loader (which imports the parser
// when a runbook is not one of the build's pre-parsed ones) and matching only the trigger matcher. Loading problems are kept (for list_runbooks.errors and the
// CLI) and logged once on stderr.

import { resolve } from "node:path";
import type { RunbookSet, TriggerMatch } from "./types.js";
import type { Logger } from "../util/log.js";
import { compareText } from "../util/compare.js";

export interface RunbookCatalog {
  /** Loads on the first call; later calls share the same result. Never rejects. */
  load(): Promise<RunbookSet>;
  /** Runbooks whose triggers match `text`, best first. */
  match(text: string): Promise<TriggerMatch[]>;
}

export interface RunbookCatalogOptions {
  /** Folders added to the bundled runbooks (--runbooks, IRSA_DOCTOR_RUNBOOKS). */
  extraDirs: readonly string[];
  /** false leaves the bundled runbooks/ out (tests of error cases); default true. */
  includeBundled?: boolean;
  logger: Logger;
}

export function createRunbookCatalog(options: RunbookCatalogOptions): RunbookCatalog {
  let loaded: Promise<RunbookSet> | undefined;
  const load = () =>
    (loaded ??= (async (): Promise<RunbookSet> => {
      let folders = options.extraDirs.map((dir) => resolve(dir));
      try {
        const loader = await import("./load.js");
        if (options.includeBundled !== false) folders = [resolve(loader.bundledRunbooksDir()), ...folders];
        folders = [...new Set(folders)];
        const set = sortSet(await loader.loadRunbooks(folders));
        logOutcome(options.logger, folders, set);
        return set;
      } catch (error) {
        // The engine reports bad runbooks as errors; a throw is a bug. Serve with what we know instead of dying.
        options.logger.error("runbook loading failed unexpectedly (a bug in irsa-doctor)", { error });
        const message = `Runbooks could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
        return { runbooks: [], errors: (folders.length > 0 ? folders : ["runbooks"]).map((file) => ({ file, line: null, message })) };
      }
    })());
  return {
    load,
    async match(text) {
      const [set, { matchRunbooks }] = await Promise.all([load(), import("./triggers.js")]);
      // Best first, ties by id, whatever order the engine used: answers must be deterministic.
      return [...matchRunbooks(set.runbooks, text)].sort((a, b) => b.score - a.score || compareText(a.runbookId, b.runbookId));
    },
  };
}

function sortSet(set: RunbookSet): RunbookSet {
  return {
    runbooks: [...set.runbooks].sort((a, b) => compareText(a.id, b.id)),
    errors: [...set.errors].sort(
      (a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.message, b.message),
    ),
  };
}

function logOutcome(logger: Logger, folders: string[], set: RunbookSet): void {
  const summary = { runbooks: set.runbooks.map((runbook) => runbook.id), dirs: folders };
  if (set.errors.length === 0) {
    logger.info(`loaded ${set.runbooks.length} runbook(s)`, summary);
    return;
  }
  logger.warn(`loaded ${set.runbooks.length} runbook(s); ${set.errors.length} runbook problem(s) below`, summary);
  for (const error of set.errors) {
    logger.warn(`runbook problem: ${error.file}${error.line === null ? "" : `:${error.line}`}: ${error.message}`);
  }
}
