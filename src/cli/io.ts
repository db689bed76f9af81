// What a CLI command may touch, passed in so tests run commands in-process and read what they printed.
// stdout carries the command's output (or the MCP protocol, for serve); messages and errors go to stderr.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdin is a terminal: without a command, a pipe means an MCP client is talking to us. */
  stdinIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    // Asked of the descriptor, and only when asked (a command given, it is not): process.stdin would build a
    // stream, and node:tty itself loads net and the stream modules, a few ms of a start that never reads it.
    get stdinIsTTY() {
      return process.getBuiltinModule("node:tty").isatty(0);
    },
  };
}

/** Exit codes: 0 success, 1 the command ran but failed (e.g. no runbook loaded), 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
