// irsa_triage, irsa_enrich, irsa_report: one phase of the H2 runbook each, run from the parsed runbook step by
// step (what each step's tool found, or why it could not run). The first call gathers the evidence and starts
// a diagnosis session; the next continue it with diagnosis_id, or gather their own evidence.

import { z } from "zod";
import { reportSchema } from "../schemas/report.js";
import { defineTool, fail } from "../tool.js";
import type { PhaseKey, StepResult } from "../../executor/index.js";
import { executorDeps, targetInput } from "./diagnose-irsa.js";

const stepStatus = z.enum(["done", "not_available", "skipped", "operator_action"]);

export const stepResultSchema = z.object({
  level: z.enum(["FIRST", "MUST", "SHOULD", "MAY"]),
  condition: z.string().nullable(),
  text: z.string().describe("The step as the runbook writes it"),
  tool: z.string().nullable().describe("The tool the step names, or null"),
  params: z
    .record(z.string(), z.union([z.string(), z.array(z.string()), z.null()]))
    .describe("The step's parameters, filled with the target's values; null when nothing supplies one"),
  status: stepStatus.describe("operator_action: recommended for an operator, never performed"),
  summary: z.string().describe("One line: what was found, or why nothing was"),
  result: z.unknown().describe("What was found, structured; null when the step could not run"),
  reason: z.string().nullable().describe("What could not be done and why; null when the step ran in full"),
  safety: z
    .object({ rating: z.enum(["GREEN", "YELLOW", "RED"]), note: z.string() })
    .nullable()
    .describe("The runbook guardrails' rating of the step's tool, when they name it"),
  line: z.number().int().describe("The step's line in the runbook file"),
  get children(): z.ZodArray<typeof stepResultSchema> {
    return z.array(stepResultSchema);
  },
});

export const phaseOutput = z.object({
  diagnosis_id: z.string().describe("Pass it to the next phase to continue this diagnosis"),
  runbook: z.object({ id: z.string(), title: z.string() }),
  phase: z.object({ number: z.number().int(), name: z.string() }),
  evidence: z.string().describe('The snapshot folder, or "live"'),
  target: reportSchema.shape.target,
  steps: z.array(stepResultSchema),
  counts: z.object({ done: z.number().int(), not_available: z.number().int(), skipped: z.number().int(), operator_action: z.number().int() }),
  report: reportSchema.optional().describe("Report phase only: the runbook's report"),
  report_yaml: z.string().optional().describe("Report phase only: the report in the runbook's YAML format"),
});

const PHASES: Record<PhaseKey, { name: string; title: string; what: string }> = {
  triage: {
    name: "irsa_triage",
    title: "H2 runbook phase 1: triage",
    what: "pod state, service account, events, logs collected, high-severity findings (F-001...), the runbook's searches and cluster health",
  },
  enrich: {
    name: "irsa_enrich",
    title: "H2 runbook phase 2: enrich",
    what: "the timeline around the first AccessDenied, the classification of the failure and the runbook's follow-up searches",
  },
  report: {
    name: "irsa_report",
    title: "H2 runbook phase 3: report",
    what: "the summary, root cause, fix and operator actions (recommended, never performed), with the report itself",
  },
};

function phaseTool(key: PhaseKey) {
  const meta = PHASES[key];
  return defineTool({
    name: meta.name,
    title: meta.title,
    description:
      `Run the ${key} phase of the H2 IRSA / Pod Identity runbook, step by step as the runbook is written: ${meta.what}. ` +
      "Each step says its status (done, not_available, skipped, operator_action), what it found and why anything could not be done. " +
      "Pass diagnosis_id from an earlier phase (or diagnose_irsa) to continue that diagnosis, or the target (namespace with pod or " +
      "serviceAccount, live) or snapshot (a folder) to start one.",
    kind: "read",
    openWorld: true,
    localPaths: ["snapshot"],
    input: {
      ...targetInput,
      diagnosis_id: z.string().min(1).optional().describe("Continue this diagnosis session (from an earlier phase), instead of a target"),
    },
    output: phaseOutput,
    async run(args, ctx) {
      const executor = await import("../../executor/index.js");
      try {
        return await executor.runPhaseOf(key, args, await executorDeps(ctx));
      } catch (error) {
        if (error instanceof executor.ExecutorError) return fail(error.message);
        throw error;
      }
    },
  });
}

export const irsaTriage = phaseTool("triage");
export const irsaEnrich = phaseTool("enrich");
export const irsaReport = phaseTool("report");

// Compile-time drift check between the executor's step results and this schema.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [Same<Required<z.output<typeof stepResultSchema>>, Required<StepResult>>] = [true];
void checks;
