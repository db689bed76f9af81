// irsa_phase: one phase of the H2 runbook (triage, enrich or report), run from the parsed runbook step by step.
// One tool with a phase argument rather than three tools with the same arguments: the three schemas cost the
// model ~40 KB of context on every turn and differed only in their names. The first call gathers the evidence
// and starts a diagnosis session; later calls continue it with diagnosisId. The answer is a summary by default
// (finding, one line per step, counts, the call to make next); detail "full" adds every step's parameters,
// structured result and reasons.

import { z } from "zod";
import { reportSchema } from "../schemas/report.js";
import { answerWithText, defineTool, fail } from "../tool.js";
import { inArgumentNames, withArgumentNames } from "../cli-words.js";
import { executorDeps, targetInput } from "./diagnose-irsa.js";

const stepStatus = z.enum(["done", "not_available", "skipped", "operator_action"]);
const stepLevel = z.enum(["FIRST", "MUST", "SHOULD", "MAY"]);

export const phaseOutput = z.object({
  diagnosis_id: z.string().describe("Pass it as diagnosisId to continue this diagnosis"),
  runbook: z.object({ id: z.string(), title: z.string() }),
  phase: z.object({ number: z.number().int(), name: z.string() }),
  evidence: z.string().describe('The snapshot folder, or "live"'),
  target: reportSchema.shape.target,
  finding: z.object({ cause_id: z.string(), confidence: z.string(), severity: z.string(), root_cause: z.string() }),
  steps: z
    .array(
      z.object({
        line: z.number().int(),
        level: stepLevel,
        status: stepStatus,
        tool: z.string().nullable(),
        did: z.string(),
        found: z.string(),
      }),
    )
    .describe("One line per step (children after their parent), in the runbook's order"),
  counts: z.object({
    done: z.number().int(),
    not_available: z.number().int(),
    skipped: z.number().int(),
    operator_action: z.number().int(),
  }),
  next: z
    .object({ tool: z.string(), arguments: z.record(z.string(), z.string()), why: z.string() })
    .nullable()
    .describe("The call to make next; null when the runbook is done"),
  // The report and the full steps are declared loosely: diagnose_irsa's schema declares the report in full,
  // and the server checks both against the executor's types; repeating them here cost ~5 KB of tools/list.
  report: z
    .looseObject({ cause_id: z.string(), root_cause: z.string() })
    .optional()
    .describe("Report phase only: the runbook's report, the same as diagnose_irsa's structuredContent"),
  details: z
    .array(z.looseObject({ line: z.number().int(), level: stepLevel, status: stepStatus, tool: z.string().nullable() }))
    .optional()
    .describe('detail "full" only: every step with text, params (filled), summary, result (structured), reason, safety and children'),
});

export const irsaPhase = defineTool({
  name: "irsa_phase",
  title: "Run one phase of the H2 runbook",
  description:
    "Run one phase of the H2 IRSA / Pod Identity runbook step by step as the runbook is written: triage (pod, service account, " +
    "events, logs, findings, cluster health), enrich (timeline, classification of the failure), report (root cause, fix, " +
    "operator actions: recommended, never performed). Answers with the finding, one line per step, counts and `next`, the call " +
    'to make next; detail "full" adds each step\'s parameters and structured result. Pass diagnosisId (from diagnose_irsa or ' +
    "an earlier phase) to continue a diagnosis, or the target (namespace with pod or serviceAccount, live) or snapshot to start one.",
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: {
    phase: z.enum(["triage", "enrich", "report"]).describe("The runbook phase to run"),
    ...targetInput,
    diagnosisId: z
      .string()
      .min(1)
      .optional()
      .describe("Continue this diagnosis (from diagnose_irsa or an earlier phase) instead of naming a target"),
    detail: z
      .enum(["summary", "full"])
      .optional()
      .describe("summary (default): one line per step; full: every step's parameters and structured result"),
  },
  output: phaseOutput,
  async run({ phase, diagnosisId, detail = "summary", ...target }, ctx) {
    const executor = await import("../../executor/index.js");
    try {
      const answer = await executor.runPhaseOf(phase, { ...target, diagnosis_id: diagnosisId }, await executorDeps(ctx));
      const made = executor.shapePhase(phase, answer, detail);
      const shaped = made.evidence === "live" ? withArgumentNames(made) : made;
      const text = detail === "summary" ? executor.renderPhaseSummary(shaped) : JSON.stringify(shaped);
      // Report and StepResult are interfaces (no index signature); their full shapes are checked elsewhere
      // (schemas/report.ts against Report, the executor's types), the loose schema only names a few fields.
      return answerWithText(shaped as unknown as z.input<typeof phaseOutput>, text);
    } catch (error) {
      if (error instanceof executor.ExecutorError) return fail(inArgumentNames(error.message));
      throw error;
    }
  },
});
