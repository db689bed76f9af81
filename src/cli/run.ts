// The CLI dispatcher: picks the command (serve when none is given and stdin is a pipe), parses its flags with
// node:util parseArgs, and turns usage mistakes into a message saying what to type (exit 2). Commands are
// loaded lazily, so `serve` starts without the code of the others.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { commands, findCommand, type CommandEntry } from "./commands/index.js";
import type { CliCommand, ParsedArgs } from "./commands/types.js";
import { EXIT, type CliIo } from "./io.js";
import { HELP_OPTION } from "./options.js";

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h") return (io.stdout(topHelp()), EXIT.ok);
  if (first === "--version") return (io.stdout(`${packageVersion()}\n`), EXIT.ok);
  if (first === "help") return helpFor(rest[0], io);
  if (first === undefined || first.startsWith("-")) {
    // No command: an MCP client launching us (stdin is a pipe) gets the server, flags included.
    if (!io.stdinIsTTY) return runCommand(findCommand("serve")!, argv, io);
    io.stderr(`irsa-doctor: no command given.\n\n${topHelp()}`);
    return EXIT.usage;
  }
  const entry = findCommand(first);
  if (!entry) {
    io.stderr(
      `irsa-doctor: unknown command "${first}". Commands: ${commands.map((c) => c.name).join(", ")}. ` +
        "Type `irsa-doctor --help` for usage.\n",
    );
    return EXIT.usage;
  }
  return runCommand(entry, rest, io);
}

async function runCommand(entry: CommandEntry, argv: readonly string[], io: CliIo): Promise<number> {
  const command = await entry.load();
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...command.options, ...HELP_OPTION },
      strict: true,
      allowPositionals: command.allowPositionals ?? false,
    });
  } catch (error) {
    io.stderr(
      `irsa-doctor ${command.name}: ${describeParseError(error)}\nUsage: ${command.usage}\n` +
        `Type \`irsa-doctor ${command.name} --help\` for the options.\n`,
    );
    return EXIT.usage;
  }
  if (parsed.values["help"] === true) return (io.stdout(commandHelp(entry, command)), EXIT.ok);
  // serve's stdout is the MCP protocol: its tool results and logs pass the server's own redaction (the tool
  // adapter and the logger), and it must not pay for loading the rules before answering tools/list.
  if (entry.name === "serve") return command.run(parsed, io);
  const { redactingIo, redactionLine } = await import("./redacting-io.js");
  const safe = redactingIo(io);
  let code: number;
  try {
    code = await command.run(parsed, safe.io);
  } catch (error) {
    // Bad input is answered with a sentence by each command; what reaches here is a bug. Still one sentence
    // (the stack only on request): an operator is not shown a trace, and nothing read is dumped with it.
    const message = error instanceof Error ? error.message : String(error);
    safe.io.stderr(
      `irsa-doctor ${command.name}: failed: ${message}. This is a bug in irsa-doctor: please report it with the command you ran` +
        `${io.env["IRSA_DOCTOR_DEBUG"] === "1" ? "" : " (IRSA_DOCTOR_DEBUG=1 prints the stack)"}.\n`,
    );
    if (io.env["IRSA_DOCTOR_DEBUG"] === "1" && error instanceof Error && error.stack) safe.io.stderr(`${error.stack}\n`);
    code = EXIT.failed;
  }
  if (safe.redacted() > 0) io.stderr(redactionLine(command.name, safe.redacted()));
  return code;
}

async function helpFor(name: string | undefined, io: CliIo): Promise<number> {
  if (name === undefined) return (io.stdout(topHelp()), EXIT.ok);
  const entry = findCommand(name);
  if (!entry) {
    io.stderr(`irsa-doctor: no command "${name}". Commands: ${commands.map((c) => c.name).join(", ")}.\n`);
    return EXIT.usage;
  }
  io.stdout(commandHelp(entry, await entry.load()));
  return EXIT.ok;
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}.`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && option)
    return `unexpected argument "${option}" (this command takes options only).`;
  return message.split(". ")[0]!.replace(/\.?$/, ".");
}

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return [
    "irsa-doctor: diagnose why a pod on Amazon EKS cannot get AWS credentials (IRSA / EKS Pod Identity).",
    "",
    "Usage: irsa-doctor <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Without a command, irsa-doctor runs the MCP server when stdin is not a terminal.",
    "Type `irsa-doctor <command> --help` for a command's options; `irsa-doctor --version` for the version.",
    "",
  ].join("\n");
}

function commandHelp(entry: CommandEntry, command: CliCommand): string {
  return `${entry.summary}\n\nUsage: ${command.usage}\n\n${command.help.trimEnd()}\n`;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
