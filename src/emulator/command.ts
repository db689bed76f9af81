// `irsa-doctor emulate --snapshot DIR [--port N]`: starts the emulator, prints `export NAME=value`
// lines that point kubectl-style clients and the AWS SDK at it, and serves until SIGINT/SIGTERM (or
// the given abort signal), then closes cleanly. The CLI wires its flags to this function.

import { startEmulator } from "./start.js";

interface TextSink {
  write(text: string): unknown;
}

export interface EmulateCommandOptions {
  snapshotDir: string;
  port?: number;
  latencyMs?: number;
  pageSize?: number;
  stdout: TextSink;
  stderr: TextSink;
  /** Stops serving when aborted (tests, embedding); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
  /** Called once listening, with the export lines (the CLI's --write-env writes them then, not before). */
  onServing?: (exports: string) => Promise<void> | void;
}

/** POSIX shell single quotes, so any path or value survives `eval "$(irsa-doctor emulate ...)"`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const EXPORTED = ["KUBECONFIG", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

/** Resolves with the exit code: 0 after a clean stop, 1 when the emulator could not start. */
export async function runEmulatorCommand(opts: EmulateCommandOptions): Promise<number> {
  let emulator;
  try {
    const start: Parameters<typeof startEmulator>[0] = { snapshotDir: opts.snapshotDir };
    if (opts.port !== undefined) start.port = opts.port;
    if (opts.latencyMs !== undefined) start.latencyMs = opts.latencyMs;
    if (opts.pageSize !== undefined) start.pageSize = opts.pageSize;
    emulator = await startEmulator(start);
  } catch (err) {
    opts.stderr.write(`irsa-doctor emulate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const exports = EXPORTED.map((name) => `export ${name}=${shellQuote(emulator.env[name] ?? "")}\n`).join("");
  opts.stdout.write(exports);
  try {
    await opts.onServing?.(exports);
  } catch (err) {
    await emulator.close();
    opts.stderr.write(`irsa-doctor emulate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  opts.stderr.write(`irsa-doctor emulate: serving ${opts.snapshotDir} on ${emulator.url} (read-only, dummy credentials); Ctrl-C to stop\n`);
  for (const p of emulator.problems) opts.stderr.write(`irsa-doctor emulate: not served: ${p.source}: ${p.message}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      opts.signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (opts.signal?.aborted) stop();
    else opts.signal?.addEventListener("abort", stop, { once: true });
  });
  await emulator.close();
  opts.stderr.write(`irsa-doctor emulate: stopped after ${emulator.requests().length} request(s)\n`);
  return 0;
}
