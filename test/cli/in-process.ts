// Runs the CLI in-process (runCli) with captured stdout and stderr, for the CLI tests.

import { runCli } from "../../src/cli/run.js";
import type { CliIo } from "../../src/cli/io.js";
import { REPO_ROOT } from "../mcp/support/harness.js";

export async function cli(argv: string[], options: { env?: NodeJS.ProcessEnv; tty?: boolean; cwd?: string } = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_ROOT,
    stdinIsTTY: options.tty ?? true,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
