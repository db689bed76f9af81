// `irsa-doctor serve`: the MCP server over stdio. stdout is the protocol from here on; logs go to stderr.

import { delimiter } from "node:path";
import { serveStdio } from "../../mcp/stdio/serve.js";
import { createLogger, isLogLevel, logOptionsFromEnv } from "../../util/log.js";
import { EXIT } from "../io.js";
import { foldersFrom, HELP_OPTION_HELP, RUNBOOKS_ENV_HELP, RUNBOOKS_OPTION_HELP, RUNBOOKS_OPTION, checkedRunbookDirs } from "../options.js";
import type { CliCommand } from "./types.js";
import { parseToolsets, TOOLSET_NAMES } from "../../mcp/toolsets.js";

export const serveCommand: CliCommand = {
  name: "serve",
  usage:
    "irsa-doctor serve [--toolsets diagnose,runbook,cluster,logs,audit|all] [--runbooks DIR]... [--allow-path DIR]... " +
    "[--log-level debug|info|warn|error] [--log-format plain|json]",
  help: [
    "Speaks MCP (newline-delimited JSON-RPC) on stdin/stdout; logs go to stderr. Toolsets (--toolsets):",
    "  diagnose  diagnose_irsa, irsa_phase (one runbook phase, step by step), list_access   (default)",
    "  runbook   list_runbooks, get_runbook, match_runbook                                    (default)",
    "  cluster   list_k8s_resources, read_k8s_resource, get_k8s_events, cluster_health, get_cloudwatch_logs",
    "  logs      collect, status, errors, search, correlate, summarize",
    "  audit     audit_irsa",
    "Resources runbook://{id} and runbook://{id}/parsed; one prompt per runbook. All read-only.",
    "",
    "Tools read local snapshot folders and log bundles only inside the client's roots (when it offers",
    "roots), else the working directory (unless that is / or your home directory), the folders given with",
    "--allow-path, and the bundled example scenarios.",
    "",
    "Options:",
    `  --toolsets LIST    Comma-separated toolsets to offer (${TOOLSET_NAMES.join(", ")}), or all; default diagnose,runbook.`,
    RUNBOOKS_OPTION_HELP,
    "  --allow-path DIR   Let tools read snapshots and log bundles under DIR too; repeat for more folders.",
    "  --log-level LEVEL  debug, info (default), warn or error.",
    "  --log-format FMT   plain (default) or json (one JSON object per line).",
    HELP_OPTION_HELP,
    "Environment:",
    RUNBOOKS_ENV_HELP,
    `  IRSA_DOCTOR_ALLOW_PATHS  More folders for tools to read, separated by "${delimiter}".`,
    "  IRSA_DOCTOR_TOOLSETS     Default for --toolsets.",
    "  IRSA_DOCTOR_LOG_LEVEL, IRSA_DOCTOR_LOG_FORMAT  Defaults for --log-level and --log-format.",
    "  IRSA_DOCTOR_FAST_START=0  Load the full server before answering initialize (for debugging).",
    "Exit codes: 0 when the client closes stdin, 1 if the server cannot start, 2 for bad usage.",
  ].join("\n"),
  options: {
    ...RUNBOOKS_OPTION,
    toolsets: { type: "string" },
    "allow-path": { type: "string", multiple: true },
    "log-level": { type: "string" },
    "log-format": { type: "string" },
  },
  async run(args, io) {
    const defaults = logOptionsFromEnv(io.env);
    const level = args.values["log-level"] ?? defaults.level;
    const format = args.values["log-format"] ?? defaults.format;
    if (!isLogLevel(level) || (format !== "plain" && format !== "json")) {
      io.stderr("irsa-doctor serve: --log-level takes debug, info, warn or error; --log-format takes plain or json.\n");
      return EXIT.usage;
    }
    const given = args.values["toolsets"];
    const toolsets = parseToolsets(typeof given === "string" ? given : io.env["IRSA_DOCTOR_TOOLSETS"]);
    if ("error" in toolsets) {
      io.stderr(`irsa-doctor serve: ${given !== undefined ? "--toolsets" : "IRSA_DOCTOR_TOOLSETS"}: ${toolsets.error}.\n`);
      return EXIT.usage;
    }
    const runbookDirs = checkedRunbookDirs(args, io, "serve");
    if (!runbookDirs) return EXIT.usage;
    const logger = createLogger({ level, format });
    const allowedPaths = foldersFrom(args, io, "allow-path", "IRSA_DOCTOR_ALLOW_PATHS");
    serveStdio({ runbookDirs, allowedPaths, logger, toolsets: toolsets.toolsets, fastStart: io.env["IRSA_DOCTOR_FAST_START"] !== "0" });
    return EXIT.ok;
  },
};
