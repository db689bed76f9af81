// zod mirrors of the runbook contract (src/runbook/types.ts), used as the output schemas of the runbook tools.
// The type assertions at the bottom make typecheck fail when the contract and these schemas drift apart.

import { z } from "zod";
import type { Phase, Runbook, RunbookError, Step } from "../../runbook/types.js";

const stepLevel = z.enum(["FIRST", "MUST", "SHOULD", "MAY"]);

const stepParam = z.object({
  name: z.string(),
  value: z.string().nullable().describe("null for a bare parameter name the caller supplies, e.g. clusterName"),
});

export const stepSchema = z.object({
  level: stepLevel,
  condition: z.string().nullable(),
  text: z.string(),
  tool: z.string().nullable().describe("The tool the step says to use, or null"),
  params: z.array(stepParam),
  command: z.string().nullable(),
  get children(): z.ZodArray<typeof stepSchema> {
    return z.array(stepSchema);
  },
  line: z.number().int(),
});

export const phaseSchema = z.object({
  number: z.number().int(),
  name: z.string(),
  notes: z.array(z.string()),
  steps: z.array(stepSchema),
  line: z.number().int(),
});

const outputField = z.object({
  key: z.string(),
  kind: z.enum(["scalar", "list", "map"]),
  placeholder: z.string().nullable(),
  choices: z.array(z.string()),
  get fields(): z.ZodArray<typeof outputField> {
    return z.array(outputField);
  },
  get items(): z.ZodArray<typeof outputField> {
    return z.array(outputField);
  },
});

/** A parsed runbook without its markdown (that is the runbook://{id} resource). */
export const parsedRunbookSchema = z.object({
  id: z.string(),
  code: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  severity: z.string(),
  triggers: z.array(z.string()).describe("Regular expressions matched against error text"),
  owner: z.string(),
  objective: z.string(),
  context: z.string(),
  file: z.string(),
  phases: z.array(phaseSchema),
  guardrails: z.object({
    escalationConditions: z.array(z.string()),
    safetyRatings: z.array(z.object({ tools: z.array(z.string()), rating: z.enum(["GREEN", "YELLOW", "RED"]), note: z.string() })),
  }),
  commonIssues: z.array(z.object({ symptoms: z.string(), diagnosis: z.string(), resolution: z.string() })),
  examples: z.array(
    z.object({ text: z.string(), calls: z.array(z.object({ tool: z.string(), args: z.record(z.string(), z.unknown()) })) }),
  ),
  outputFormat: z.object({ template: z.string(), value: z.unknown(), fields: z.array(outputField) }).nullable(),
});

export const runbookErrorSchema = z.object({
  file: z.string(),
  line: z.number().int().nullable().describe("1-based line, or null when the whole file is the problem"),
  message: z.string(),
});

// Compile-time drift checks: each side must be assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<z.output<typeof stepSchema>, Step>,
  Same<z.output<typeof phaseSchema>, Phase>,
  Same<Required<z.output<typeof parsedRunbookSchema>>, Required<Omit<Runbook, "markdown">>>,
  Same<z.output<typeof runbookErrorSchema>, RunbookError>,
] = [true, true, true, true];
void checks;
