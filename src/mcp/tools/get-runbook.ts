// get_runbook: one runbook, parsed (phases, steps with their tools and parameters, guardrails, output format),
// or just one of its phases. The markdown itself is the runbook://{id} resource.

import { z } from "zod";
import { defineTool, fail } from "../tool.js";
import { parsedRunbookSchema, phaseSchema } from "../schemas/runbook.js";
import { findPhase, findRunbook, withoutMarkdown } from "../../runbook/views.js";

export const getRunbook = defineTool({
  name: "get_runbook",
  title: "Get a runbook",
  description:
    "Return a runbook parsed into phases and steps (level, tool to call, parameters), guardrails and the output " +
    "format to answer with. Pass phase (number or name) to get just that phase. Ids come from list_runbooks.",
  kind: "read",
  openWorld: false,
  input: {
    id: z.string().min(1).describe("Runbook id, e.g. h2-irsa-pod-identity-confusion"),
    phase: z
      .union([z.number().int().positive(), z.string().min(1)])
      .optional()
      .describe("Phase number (1, 2, ...) or name (case-insensitive, e.g. triage)"),
  },
  output: z
    .object({
      id: z.string(),
      title: z.string(),
      runbook: parsedRunbookSchema.optional().describe("The whole runbook; present when no phase was asked for"),
      phase: phaseSchema.optional().describe("The requested phase; present when a phase was asked for"),
    })
    .describe("Exactly one of runbook and phase is present"),
  async run(args, ctx) {
    const runbook = findRunbook(await ctx.runbooks.load(), args.id);
    if (!runbook.found) return fail(runbook.message);
    const { id, title } = runbook.value;
    if (args.phase === undefined) return { id, title, runbook: withoutMarkdown(runbook.value) };
    const phase = findPhase(runbook.value, args.phase);
    if (!phase.found) return fail(phase.message);
    return { id, title, phase: phase.value };
  },
});
