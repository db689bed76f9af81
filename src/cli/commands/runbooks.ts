// `irsa-doctor runbooks`: lists the runbooks the server would load, or shows one parsed. Runbook files that
// fail to load are listed on stderr; the exit code is 1 only when no runbook loaded at all (or --id names
// none), so one broken extra runbook does not break scripts that use the others.

import { createRunbookCatalog } from "../../runbook/catalog.js";
import { findRunbook, summarizeRunbook, withoutMarkdown } from "../../runbook/views.js";
import { silentLogger } from "../../util/log.js";
import { EXIT } from "../io.js";
import { HELP_OPTION_HELP, RUNBOOKS_ENV_HELP, RUNBOOKS_OPTION, RUNBOOKS_OPTION_HELP, checkedRunbookDirs } from "../options.js";
import { formatRunbook, formatRunbookErrors, formatRunbookList } from "../runbook-text.js";
import type { CliCommand } from "./types.js";

export const runbooksCommand: CliCommand = {
  name: "runbooks",
  usage: "irsa-doctor runbooks [--id ID] [--json] [--runbooks DIR]...",
  help: [
    "Options:",
    "  --id ID            Show this runbook parsed: phases, steps, tools, guardrails, output format.",
    "  --json             Print JSON: { runbooks, errors } as list_runbooks returns it, or the parsed runbook.",
    RUNBOOKS_OPTION_HELP,
    HELP_OPTION_HELP,
    "Environment:",
    RUNBOOKS_ENV_HELP,
    "Runbook files that fail to load are listed on stderr (and under errors with --json).",
    "Exit codes: 0 when at least one runbook loaded, 1 when none did or --id names no runbook, 2 for bad usage.",
  ].join("\n"),
  options: { ...RUNBOOKS_OPTION, id: { type: "string" }, json: { type: "boolean" } },
  async run(args, io) {
    const runbookDirs = checkedRunbookDirs(args, io, "runbooks");
    if (!runbookDirs) return EXIT.usage;
    const catalog = createRunbookCatalog({ extraDirs: runbookDirs, logger: silentLogger() });
    const set = await catalog.load();
    if (set.errors.length > 0) io.stderr(formatRunbookErrors(set.errors, io.cwd));
    const json = args.values["json"] === true;
    const id = args.values["id"];
    if (typeof id === "string") {
      const runbook = findRunbook(set, id);
      if (!runbook.found) {
        io.stderr(`irsa-doctor runbooks: ${runbook.message}\n`);
        return EXIT.failed;
      }
      io.stdout(json ? JSON.stringify(withoutMarkdown(runbook.value), null, 2) + "\n" : formatRunbook(runbook.value, io.cwd));
      return EXIT.ok;
    }
    const summaries = set.runbooks.map(summarizeRunbook);
    io.stdout(json ? JSON.stringify({ runbooks: summaries, errors: set.errors }, null, 2) + "\n" : formatRunbookList(summaries, io.cwd));
    if (set.runbooks.length === 0) {
      io.stderr("irsa-doctor runbooks: no runbook loaded; check the folders given with --runbooks / IRSA_DOCTOR_RUNBOOKS.\n");
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};
