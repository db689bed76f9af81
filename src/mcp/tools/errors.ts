// errors: the recognised credential messages in a collection as findings F-001, F-002, ... (pattern library
// plus the runbooks' triggers), grouped by pattern and file, most severe and most frequent first.

import { z } from "zod";
import { defineTool } from "../tool.js";
import {
  findingSchema,
  instanceIdArg,
  listProblems,
  severitySchema,
  problemSchema,
  problemsOmittedSchema,
  scannedSchema,
  withLogTools,
} from "./log-schemas.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

// A bundle of many files holds a finding per pattern and file: the first hundred, most severe and most
// frequent first, are what an operator or a model reads; the count of the rest says there is more.
const DEFAULT_FINDINGS = 100;
const MAX_FINDINGS = 1000;

export const logErrors = defineTool({
  name: "errors",
  title: "Credential errors in collected logs",
  description:
    "List the IRSA / Pod Identity / credential messages found in collected logs, as findings F-001, F-002, ...: each " +
    "with its severity, the pattern (id and regex) and what it means, the causes it suggests, the file, how many lines " +
    "and when (first/last seen), and a redacted sample. Patterns are irsa-doctor's library plus each loaded runbook's " +
    "triggers. Sorted by severity then count; severity is a minimum (high returns only high). Call collect first.",
  kind: "read",
  openWorld: true,
  input: {
    instanceId: instanceIdArg,
    severity: severitySchema.optional().describe("Minimum severity to return (default low: everything)"),
    maxFindings: z
      .number()
      .int()
      .min(1)
      .max(MAX_FINDINGS)
      .optional()
      .describe(`At most this many findings, the most severe and frequent first (default ${DEFAULT_FINDINGS}, max ${MAX_FINDINGS})`),
  },
  output: z.object({
    instanceId: z.string(),
    severity: severitySchema,
    findings: z.array(findingSchema),
    findings_omitted: z.number().int().describe("Findings at the severity asked for beyond maxFindings, not listed"),
    total_findings: z.number().int().describe("Findings at every severity (ids run over all of them)"),
    scanned: scannedSchema,
    problems: z.array(problemSchema),
    problems_omitted: problemsOmittedSchema,
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    return withLogTools(ctx, "errors", async (engine, { store, runbooks, safety }) => {
      const collection = store.collection(args.instanceId);
      const result = await engine.findErrors(collection, runbooks);
      const minimum = args.severity ?? "low";
      const kept = engine.atLeast(result.findings, minimum);
      const max = args.maxFindings ?? DEFAULT_FINDINGS;
      return {
        instanceId: collection.key,
        severity: minimum,
        findings: kept.slice(0, max),
        findings_omitted: Math.max(0, kept.length - max),
        total_findings: result.findings.length,
        scanned: result.scanned,
        ...listProblems(result.problems),
        safety_rating: safety,
      };
    });
  },
});
