// `irsa-doctor causes`: the causes a diagnosis can name, read from src/causes.ts, as a table or as JSON.

import { EXIT } from "../io.js";
import { HELP_OPTION_HELP } from "../options.js";
import { causesJson, formatCauseTable } from "../causes-text.js";
import type { CliCommand } from "./types.js";

export const causesCommand: CliCommand = {
  name: "causes",
  usage: "irsa-doctor causes [--json]",
  help: [
    "Options:",
    "  --json             Print JSON: { causes: [{ id, category, title, description, log_only }], outcomes }.",
    HELP_OPTION_HELP,
    "Exit codes: 0, or 2 for bad usage.",
  ].join("\n"),
  options: { json: { type: "boolean" } },
  async run(args, io) {
    io.stdout(args.values["json"] === true ? causesJson() : formatCauseTable());
    return EXIT.ok;
  },
};
