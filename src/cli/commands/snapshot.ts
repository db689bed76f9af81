// `irsa-doctor snapshot --namespace NS --pod POD --out DIR`: collect live (read-only) and write what was
// read as an offline snapshot folder, secrets removed, so someone else can diagnose it with the same result.

import { readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { redactionNote } from "../../redact/index.js";
import { EXIT } from "../io.js";
import { LIVE_OPTIONS, LIVE_OPTIONS_HELP, liveRequestFrom } from "../live-options.js";
import type { CliCommand } from "./types.js";

export const snapshotCommand: CliCommand = {
  name: "snapshot",
  usage: "irsa-doctor snapshot --namespace NS (--pod POD | --service-account SA | --deployment NAME) --out DIR [options]",
  help: [
    "Reads the evidence live (GET/List/Describe only) and writes it as a snapshot folder: target.yaml, k8s/, aws/,",
    "logs/. No Secrets, service-account tokens, credentials or kubeconfig are written. Diagnose it anywhere with",
    "`irsa-doctor diagnose --snapshot DIR`.",
    "",
    "Options:",
    "  --out DIR          A new or empty folder to write.",
    LIVE_OPTIONS_HELP,
    "Exit codes: 0 when the folder was written, 1 when collection or writing failed, 2 for bad usage.",
  ].join("\n"),
  options: { ...LIVE_OPTIONS, out: { type: "string" } },
  async run(args, io) {
    const out = args.values["out"];
    if (typeof out !== "string" || out === "") {
      io.stderr(`irsa-doctor snapshot: give the folder to write with --out DIR.\nUsage: ${snapshotCommand.usage}\n`);
      return EXIT.usage;
    }
    const live = liveRequestFrom(args, io);
    if (!live.ok) {
      io.stderr(`irsa-doctor snapshot: ${live.message}.\nUsage: ${snapshotCommand.usage}\n`);
      return EXIT.usage;
    }
    const dir = resolve(io.cwd, out);
    // Said before minutes of collection, not after: the folder must be new or empty.
    const taken = outTaken(dir);
    if (taken) {
      io.stderr(`irsa-doctor snapshot: --out ${dir} ${taken} — pass a new or empty folder.\n`);
      return EXIT.failed;
    }
    const { captureLiveSnapshot, CollectError } = await import("../../collect/index.js");
    try {
      const { snapshot, redacted } = await captureLiveSnapshot(live.target, live.options, dir);
      const missing = snapshot.problems.length;
      io.stderr(
        `irsa-doctor snapshot: wrote ${dir}${missing ? ` (${missing} read${missing > 1 ? "s" : ""} failed: see the diagnosis's missing_evidence)` : ""}\n`,
      );
      if (redacted > 0) io.stderr(`irsa-doctor snapshot: ${redactionNote(redacted)} before writing (values never written).\n`);
      return EXIT.ok;
    } catch (error) {
      if (
        error instanceof CollectError ||
        (error instanceof Error && (error.name === "CaptureError" || /not empty|exists/i.test(error.message)))
      ) {
        io.stderr(`irsa-doctor snapshot: ${error.message}\n`);
        return EXIT.failed;
      }
      throw error;
    }
  },
};

/** Why --out cannot receive a snapshot (an existing file, a folder with files), or null. */
function outTaken(dir: string): string | null {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (!info) return null;
  if (!info.isDirectory()) return "exists and is not a folder";
  try {
    return readdirSync(dir).length > 0 ? "exists and is not empty" : null;
  } catch {
    return "cannot be listed";
  }
}
