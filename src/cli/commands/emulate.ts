// `irsa-doctor emulate --snapshot DIR [--port N]`: serve a snapshot as a live Kubernetes API and AWS
// endpoint on 127.0.0.1, printing `export` lines for the clients. For demos, teaching and tests.

import { resolve } from "node:path";
import { EXIT } from "../io.js";
import type { CliCommand } from "./types.js";

export const emulateCommand: CliCommand = {
  name: "emulate",
  usage: "irsa-doctor emulate --snapshot DIR [--port N] [--latency MS]",
  help: [
    "Serves the snapshot on 127.0.0.1 as a Kubernetes API server and an AWS endpoint (IAM, STS, EKS, CloudTrail,",
    "CloudWatch Logs), read-only. Prints `export NAME=value` lines for KUBECONFIG, AWS_ENDPOINT_URL, AWS_REGION and",
    "dummy AWS keys, then serves until interrupted. Try: eval \"$(irsa-doctor emulate --snapshot DIR &)\".",
    "Every request is recorded: GET <AWS_ENDPOINT_URL>/_emulator/requests.",
    "",
    "Options:",
    "  --snapshot DIR     The snapshot folder to serve.",
    "  --port N           Port to listen on (default: a free one).",
    "  --latency MS       Delay every response (for benchmarks).",
    "Exit codes: 0 after a clean stop, 1 when it cannot start, 2 for bad usage.",
  ].join("\n"),
  options: { snapshot: { type: "string" }, port: { type: "string" }, latency: { type: "string" } },
  async run(args, io) {
    const snapshot = args.values["snapshot"];
    const port = args.values["port"];
    const latency = args.values["latency"];
    if (typeof snapshot !== "string" || snapshot === "") {
      io.stderr(`irsa-doctor emulate: give the snapshot folder with --snapshot DIR.\nUsage: ${emulateCommand.usage}\n`);
      return EXIT.usage;
    }
    for (const [flag, value] of [["--port", port], ["--latency", latency]] as const) {
      if (value !== undefined && (typeof value !== "string" || !/^\d+$/.test(value))) {
        io.stderr(`irsa-doctor emulate: ${flag} takes a whole number, not "${String(value)}".\n`);
        return EXIT.usage;
      }
    }
    const { runEmulatorCommand } = await import("../../emulator/index.js");
    const options: Parameters<typeof runEmulatorCommand>[0] = {
      snapshotDir: resolve(io.cwd, snapshot),
      stdout: { write: (t: string) => io.stdout(t) },
      stderr: { write: (t: string) => io.stderr(t) },
    };
    if (typeof port === "string") options.port = Number(port);
    if (typeof latency === "string") options.latencyMs = Number(latency);
    return runEmulatorCommand(options);
  },
};
