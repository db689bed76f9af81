// Options shared by several commands: --runbooks DIR (repeatable) and IRSA_DOCTOR_RUNBOOKS, both adding
// folders to the bundled runbooks/, and --help.

import { statSync } from "node:fs";
import { delimiter, resolve } from "node:path";
import type { OptionsConfig, ParsedArgs } from "./commands/types.js";
import type { CliIo } from "./io.js";

export const RUNBOOKS_OPTION: OptionsConfig = { runbooks: { type: "string", multiple: true } };
export const HELP_OPTION: OptionsConfig = { help: { type: "boolean", short: "h" } };

export const RUNBOOKS_OPTION_HELP = [
  "  --runbooks DIR     Also load the runbooks (*.md) in DIR; repeat for more folders. The bundled",
  "                     runbooks/ are always loaded first.",
].join("\n");

export const HELP_OPTION_HELP = "  -h, --help         Show this help.";

export const RUNBOOKS_ENV_HELP = `  IRSA_DOCTOR_RUNBOOKS  More runbook folders, separated by "${delimiter}" (loaded before --runbooks ones).`;

/**
 * Folders from the environment variable `env` (separated by the path delimiter) first, then from the
 * repeatable option `option`; relative paths are from the cwd.
 */
export function foldersFrom(args: ParsedArgs, io: CliIo, option: string, env: string): string[] {
  const fromEnv = (io.env[env] ?? "").split(delimiter).filter((dir) => dir.trim() !== "");
  const flag = args.values[option];
  const fromFlags = Array.isArray(flag) ? flag.filter((dir): dir is string => typeof dir === "string") : [];
  return [...new Set([...fromEnv, ...fromFlags].map((dir) => resolve(io.cwd, dir)))];
}

/** --runbooks and IRSA_DOCTOR_RUNBOOKS. */
const runbookDirsFrom = (args: ParsedArgs, io: CliIo): string[] => foldersFrom(args, io, "runbooks", "IRSA_DOCTOR_RUNBOOKS");

/**
 * --runbooks and IRSA_DOCTOR_RUNBOOKS, each checked to be a folder: a mistyped one is said (naming it) and
 * the command stops with exit 2, rather than running without the runbooks the operator meant to add.
 */
export function checkedRunbookDirs(args: ParsedArgs, io: CliIo, command: string): string[] | undefined {
  const dirs = runbookDirsFrom(args, io);
  const missing = dirs.filter((dir) => !statSync(dir, { throwIfNoEntry: false })?.isDirectory());
  if (missing.length === 0) return dirs;
  const list = missing.join(", ");
  io.stderr(
    `irsa-doctor ${command}: runbook folder${missing.length > 1 ? "s" : ""} ${list} (from --runbooks or IRSA_DOCTOR_RUNBOOKS) ` +
      `${missing.length > 1 ? "do" : "does"} not exist or ${missing.length > 1 ? "are" : "is"} not a folder: check the path.\n`,
  );
  return undefined;
}
