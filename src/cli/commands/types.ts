// The shape of a CLI command module. Commands are loaded only when chosen (commands/index.ts), so each may
// import what it needs without slowing the others down.

import type { ParseArgsConfig } from "node:util";
import type { CliIo } from "../io.js";

export type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CliCommand {
  name: string;
  /** The synopsis, e.g. "irsa-doctor runbooks [--id ID] [--json]". */
  usage: string;
  /** Options, environment variables and exit codes, as printed by --help. */
  help: string;
  options: OptionsConfig;
  /** Words after the command name that are not options (e.g. `phase triage`); default none. */
  allowPositionals?: boolean;
  /** Returns the exit code. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
