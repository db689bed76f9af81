// `irsa-doctor diagnose`: the runbook's whole diagnosis, printed as its YAML report (or JSON). Exit 0
// whenever a report was produced, whatever it found: a diagnosis that names a cause is a success.

// A live diagnosis starts its reads first and loads the runbook and the diagnosis code while the answers are
// on their way: most of a cold start is loading code, and the reads' round trips leave the process idle.

import { resolve } from "node:path";
import type { ReportFormat } from "../../report/render.js";
import { EXIT } from "../io.js";
import { LIVE_OPTIONS, LIVE_OPTIONS_HELP, hasLiveFlags, liveRequestFrom } from "../live-options.js";
import type { Snapshot } from "../../snapshot/types.js";

import { RUNBOOKS_ENV_HELP, RUNBOOKS_OPTION, RUNBOOKS_OPTION_HELP, checkedRunbookDirs } from "../options.js";
import { MESSAGE_OPTIONS, MESSAGE_OPTIONS_HELP, pastedMessage } from "../pasted-message.js";
import type { CliCommand } from "./types.js";

export const diagnoseCommand: CliCommand = {
  name: "diagnose",
  usage:
    "irsa-doctor diagnose (--snapshot DIR | --namespace NS (--pod POD | --service-account SA | --deployment NAME) | --message TEXT) [--message TEXT] [--format yaml|json]",
  help: [
    "Runs every check of the H2 runbook over the evidence and prints the report in the runbook's Output",
    "Format: root_cause, evidence, severity, mitigation, then cause_id, confidence, candidates, escalation,",
    "missing_evidence and the operator actions with their safety ratings. irsa-doctor never changes anything.",
    "",
    "Options:",
    "  --snapshot DIR     Diagnose a snapshot folder of kubectl/aws outputs (see fixtures/scenarios/README.md),",
    "                     instead of a live cluster.",
    "  --format FMT       yaml (default) or json: the same report, the same keys.",
    MESSAGE_OPTIONS_HELP,
    RUNBOOKS_OPTION_HELP,
    LIVE_OPTIONS_HELP,
    "Environment:",
    RUNBOOKS_ENV_HELP,
    "Exit codes: 0 when a report was produced (whatever it found), 1 when the snapshot or the runbook could",
    "not be read, 2 for bad usage.",
  ].join("\n"),
  options: { ...RUNBOOKS_OPTION, ...LIVE_OPTIONS, ...MESSAGE_OPTIONS, snapshot: { type: "string" }, format: { type: "string" } },
  async run(args, io) {
    const format = args.values["format"] ?? "yaml";
    if (format !== "yaml" && format !== "json") {
      io.stderr(`irsa-doctor diagnose: --format takes yaml or json, not "${String(format)}".\n`);
      return EXIT.usage;
    }
    const snapshotDir = args.values["snapshot"];
    const offline = typeof snapshotDir === "string" && snapshotDir !== "";
    if (offline && hasLiveFlags(args)) {
      io.stderr("irsa-doctor diagnose: --snapshot diagnoses a folder; drop the live-target flags, or drop --snapshot to diagnose live.\n");
      return EXIT.usage;
    }
    const message = await pastedMessage(args, io.cwd);
    if (message && "error" in message) {
      io.stderr(`irsa-doctor diagnose: ${message.error}.\n`);
      return EXIT.usage;
    }
    // A message alone is the whole evidence; with a folder or a live target it joins their logs.
    const messageOnly = message !== undefined && !offline && !hasLiveFlags(args);
    const live = offline || messageOnly ? undefined : liveRequestFrom(args, io);
    if (live && !live.ok) {
      io.stderr(`irsa-doctor diagnose: ${live.message} (or diagnose a folder with --snapshot DIR).\nUsage: ${diagnoseCommand.usage}\n`);
      return EXIT.usage;
    }
    const runbookDirs = checkedRunbookDirs(args, io, "diagnose");
    if (!runbookDirs) return EXIT.usage;
    let firstAnswerIn: (() => void) | undefined;
    const firstAnswer = new Promise<void>((resolve) => (firstAnswerIn = resolve));
    const collecting = live?.ok ? collect({ ...live, options: { ...live.options, onFirstAnswer: firstAnswerIn } }) : undefined;
    // Handled here so a collection that fails while the runbook loads is not an unhandled rejection; it is
    // still awaited (and rethrown) below.
    collecting?.catch(() => undefined);
    // The runbook and the diagnosis code load once the collection mostly waits for the network (or has
    // ended): loaded at once, they would be evaluated ahead of the collectors and hold their reads up.
    const ended = collecting?.then(
      () => undefined,
      () => undefined,
    );
    if (ended) await Promise.race([firstAnswer, ended]);
    const [{ createRunbookCatalog }, { findDiagnosisRunbook, runDiagnosis }, { renderReport }, { silentLogger }] = await Promise.all([
      import("../../runbook/catalog.js"),
      import("../../diagnosis/index.js"),
      import("../../report/render.js"),
      import("../../util/log.js"),
    ]);
    const set = await createRunbookCatalog({ extraDirs: runbookDirs, logger: silentLogger() }).load();
    const runbook = findDiagnosisRunbook(set.runbooks);
    if (!runbook) {
      await collecting?.catch(() => undefined);
      const why = set.errors.map((e) => `  ${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`).join("\n");
      io.stderr(`irsa-doctor diagnose: the H2 runbook did not load; the report needs its Output Format and guardrails.\n${why}\n`);
      return EXIT.failed;
    }
    const got = messageOnly ? null : collecting ? await collecting : await load(resolve(io.cwd, String(snapshotDir)));
    if (got && "error" in got) {
      io.stderr(`irsa-doctor diagnose: ${got.error}\n`);
      return EXIT.failed;
    }
    const snapshot = await withMessage(got?.snapshot, message?.text);
    // Each problem says itself what was left out ("not read", "the lines before it were read"): a log that was
    // scanned with a truncated line was used, so no blanket "(not used)" here.
    for (const p of snapshot.problems) io.stderr(`irsa-doctor diagnose: warning: ${p.source}: ${p.message}\n`);
    const { report } = runDiagnosis(snapshot, runbook);
    io.stdout(renderReport(report, format as ReportFormat));
    return EXIT.ok;
  },
};

/** The evidence with the pasted message: the message alone, or added to the snapshot's logs. */
async function withMessage(snapshot: Snapshot | undefined, text: string | undefined): Promise<Snapshot> {
  if (text === undefined) return snapshot as Snapshot;
  const { messageOnlySnapshot, withPastedMessage } = await import("../../snapshot/load/pasted.js");
  return snapshot ? withPastedMessage(snapshot, text) : messageOnlySnapshot(text);
}

/** The snapshot, or the sentence saying why there is none. */
type Got = { snapshot: Snapshot } | { error: string };

async function load(dir: string): Promise<Got> {
  const { SnapshotError, loadSnapshotDir } = await import("../../snapshot/load/index.js");
  try {
    return { snapshot: await loadSnapshotDir(dir) };
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    return { error: error.message };
  }
}

/** Live collection: the heavy clients load only here. A failed read is evidence, not an error. */
async function collect(live: Extract<ReturnType<typeof liveRequestFrom>, { ok: true }>): Promise<Got> {
  const { collectLiveSnapshot, CollectError } = await import("../../collect/index.js");
  try {
    return { snapshot: await collectLiveSnapshot(live.target, live.options) };
  } catch (error) {
    if (!(error instanceof CollectError)) throw error;
    return { error: error.message };
  }
}
