// `irsa-doctor phase triage|enrich|report`: one phase of the H2 runbook, step by step as the runbook is
// written, over a snapshot folder or a live target; readable text or --json (irsa_phase's answer with detail full).
// Progress of the evidence gathering goes to stderr; stdout holds only the result.

import { createRunbookCatalog } from "../../runbook/catalog.js";
import { silentLogger } from "../../util/log.js";
import { EXIT } from "../io.js";
import { RUNBOOKS_ENV_HELP, RUNBOOKS_OPTION, RUNBOOKS_OPTION_HELP, checkedRunbookDirs } from "../options.js";
import type { CliCommand } from "./types.js";

const PHASES = ["triage", "enrich", "report"] as const;
type PhaseName = (typeof PHASES)[number];

/** --flag -> the executor's target field. */
const TARGET_FLAGS = {
  snapshot: "snapshot",
  namespace: "namespace",
  pod: "pod",
  "service-account": "serviceAccount",
  cluster: "cluster",
  region: "region",
  context: "context",
  profile: "profile",
  "instance-id": "instanceId",
  "incident-time": "incidentTime",
} as const;

export const phaseCommand: CliCommand = {
  name: "phase",
  usage:
    "irsa-doctor phase triage|enrich|report (--snapshot DIR | --namespace NS (--pod POD | --service-account SA) [live options]) [--json] [--runbooks DIR]...",
  help: [
    "Runs one phase of the H2 runbook over the evidence, step by step as the runbook is written, and prints each",
    "step: its level, its status (done, not available, skipped, OPERATOR for recommended actions, never performed),",
    "its tool with the runbook's safety rating, and what it found. The report phase prints the report after its steps.",
    "",
    "Options:",
    "  --snapshot DIR          A snapshot folder of kubectl/aws outputs and logs (see fixtures/scenarios/README.md).",
    "  --namespace NS          Live: the pod's namespace; with --pod POD or --service-account SA.",
    "  --cluster NAME          Live: the EKS cluster (default: from the kubeconfig context).",
    "  --region REGION         Live: the AWS region (default: the context's, AWS_REGION or the profile's).",
    "  --context CTX           Live: the kubeconfig context (default: the current one).",
    "  --profile PROFILE       Live: the AWS profile (default: AWS_PROFILE or the default chain).",
    "  --instance-id ID        The EC2 instance of the pod's node (default: from the node's providerID).",
    "  --incident-time TIME    RFC 3339 time of the failure; centres the CloudTrail window.",
    "  --json                  The tool's answer as JSON: every step with params, status, result and reason.",
    RUNBOOKS_OPTION_HELP,
    "Environment:",
    RUNBOOKS_ENV_HELP,
    "Exit codes: 0 when the phase ran (whatever it found), 1 when the evidence or the runbook could not be read,",
    "2 for bad usage.",
  ].join("\n"),
  allowPositionals: true,
  options: {
    ...RUNBOOKS_OPTION,
    json: { type: "boolean" },
    ...Object.fromEntries(Object.keys(TARGET_FLAGS).map((flag) => [flag, { type: "string" as const }])),
  },
  async run(args, io) {
    const [name, ...extra] = args.positionals;
    if (!PHASES.includes(name as PhaseName) || extra.length > 0) {
      io.stderr(
        `irsa-doctor phase: name one phase: triage, enrich or report${name ? ` (got "${[name, ...extra].join(" ")}")` : ""}.\nUsage: ${phaseCommand.usage}\n`,
      );
      return EXIT.usage;
    }
    const request: Record<string, string> = {};
    for (const [flag, field] of Object.entries(TARGET_FLAGS)) {
      const value = args.values[flag];
      if (typeof value === "string") request[field] = value;
    }
    const executor = await import("../../executor/index.js");
    const { renderPhaseText } = await import("../../executor/render.js");
    try {
      executor.planEvidence(request, io.cwd);
    } catch (error) {
      if (!(error instanceof executor.ExecutorError)) throw error;
      // The executor speaks in argument names (serviceAccount); the flags are their kebab-case forms.
      io.stderr(
        `irsa-doctor phase: ${error.message}\nOn the command line: --${Object.keys(TARGET_FLAGS).join(", --")}.\nUsage: ${phaseCommand.usage}\n`,
      );
      return EXIT.usage;
    }
    const runbookDirs = checkedRunbookDirs(args, io, "phase");
    if (!runbookDirs) return EXIT.usage;
    const catalog = createRunbookCatalog({ extraDirs: runbookDirs, logger: silentLogger() });
    const progress = (_done: number, _total: number, message: string) => {
      if (message.startsWith("collect:")) io.stderr(`irsa-doctor phase: ${message}\n`);
    };
    try {
      const answer = await executor.runPhaseOf(name as PhaseName, request, {
        loadRunbooks: () => catalog.load(),
        sessions: new executor.SessionStore(1),
        clock: () => new Date(),
        cwd: io.cwd,
        progress,
      });
      const json = () => `${JSON.stringify(executor.shapePhase(name as PhaseName, answer, "full"), null, 2)}\n`;
      io.stdout(args.values["json"] === true ? json() : renderPhaseText(answer));
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof executor.ExecutorError)) throw error;
      io.stderr(`irsa-doctor phase: ${error.message}\n`);
      return EXIT.failed;
    }
  },
};
