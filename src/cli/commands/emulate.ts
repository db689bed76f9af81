// `irsa-doctor emulate --snapshot DIR [--port N]`: serve a snapshot as a live Kubernetes API and AWS
// endpoint on 127.0.0.1, printing `export` lines for the clients. For demos, teaching and tests.

import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { EXIT } from "../io.js";
import type { CliCommand } from "./types.js";

export const emulateCommand: CliCommand = {
  name: "emulate",
  usage: "irsa-doctor emulate --snapshot DIR [--write-env FILE] [--port N] [--latency MS]",
  help: [
    "Serves the snapshot on 127.0.0.1 as a Kubernetes API server and an AWS endpoint (IAM, STS, EKS, CloudTrail,",
    "CloudWatch Logs), read-only. Prints `export NAME=value` lines for KUBECONFIG, AWS_ENDPOINT_URL, AWS_REGION and",
    "dummy AWS keys, then serves until interrupted (Ctrl-C, or kill its pid: SIGINT/SIGTERM stop it cleanly).",
    "With --write-env the same lines are written to FILE only once it serves, and FILE is removed when it stops: a",
    "script waits for FILE, sources it, and never runs against the real cluster and account by mistake.",
    "Every request is recorded: GET <AWS_ENDPOINT_URL>/_emulator/requests.",
    "",
    "Options:",
    "  --snapshot DIR     The snapshot folder to serve.",
    "  --write-env FILE   Write the export lines (and IRSA_DOCTOR_EMULATOR_PID) to FILE once serving; removed on stop.",
    "  --port N           Port to listen on, 1 to 65535 (default: a free one).",
    "  --latency MS       Delay every response (for benchmarks).",
    "Exit codes: 0 after a clean stop, 1 when it cannot start, 2 for bad usage.",
  ].join("\n"),
  options: { snapshot: { type: "string" }, port: { type: "string" }, latency: { type: "string" }, "write-env": { type: "string" } },
  async run(args, io) {
    const snapshot = args.values["snapshot"];
    const port = args.values["port"];
    const latency = args.values["latency"];
    if (typeof snapshot !== "string" || snapshot === "") {
      io.stderr(`irsa-doctor emulate: give the snapshot folder with --snapshot DIR.\nUsage: ${emulateCommand.usage}\n`);
      return EXIT.usage;
    }
    for (const [flag, value] of [
      ["--port", port],
      ["--latency", latency],
    ] as const) {
      if (value !== undefined && (typeof value !== "string" || !/^\d+$/.test(value))) {
        io.stderr(`irsa-doctor emulate: ${flag} takes a whole number, not "${String(value)}".\n`);
        return EXIT.usage;
      }
    }
    if (typeof port === "string" && (Number(port) < 1 || Number(port) > 65535)) {
      io.stderr(`irsa-doctor emulate: --port takes a port from 1 to 65535, not ${port}.\n`);
      return EXIT.usage;
    }
    const envFileArg = args.values["write-env"];
    const envFile = typeof envFileArg === "string" && envFileArg !== "" ? resolve(io.cwd, envFileArg) : undefined;
    if (envFile) {
      const info = statSync(envFile, { throwIfNoEntry: false });
      if (info && !info.isFile()) {
        io.stderr(`irsa-doctor emulate: --write-env ${envFile} exists and is not a regular file.\n`);
        return EXIT.usage;
      }
      // A file left by an earlier run must not be taken for this one's readiness.
      rmSync(envFile, { force: true });
    }
    const { runEmulatorCommand } = await import("../../emulator/index.js");
    const options: Parameters<typeof runEmulatorCommand>[0] = {
      snapshotDir: resolve(io.cwd, snapshot),
      stdout: { write: (t: string) => io.stdout(t) },
      stderr: { write: (t: string) => io.stderr(t) },
    };
    if (typeof port === "string") options.port = Number(port);
    if (typeof latency === "string") options.latencyMs = Number(latency);
    if (!envFile) return runEmulatorCommand(options);
    options.onServing = (exports) => writeEnvFile(envFile, exports);
    try {
      return await runEmulatorCommand(options);
    } finally {
      rmSync(envFile, { force: true });
    }
  },
};

/** Written whole under another name, then renamed: a reader waiting for FILE never sees half of it. */
function writeEnvFile(file: string, exports: string): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(
    partial,
    `# irsa-doctor emulate: serving; removed when it stops\n${exports}export IRSA_DOCTOR_EMULATOR_PID=${process.pid}\n`,
    { mode: 0o600 },
  );
  renameSync(partial, file);
}
