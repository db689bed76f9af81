// summarize: an incident summary grounded only in the findings named; unknown ids are said to be unknown.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { findingSchema, instanceIdArg, severitySchema, withLogTools } from "./log-schemas.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

export const logSummarize = defineTool({
  name: "summarize",
  title: "Summarize findings",
  description:
    "Write an incident summary from the findings named (ids F-001, ... from errors on the same instanceId), and from " +
    "nothing else: what they show, how many lines and when, the causes their messages point to, and the loaded " +
    "runbooks' Common Issues their lines match (with diagnosis and resolution). Ids that are not findings of this " +
    "collection are returned in unknown_ids and not used.",
  kind: "read",
  openWorld: true,
  input: {
    instanceId: instanceIdArg,
    findingIds: z.array(z.string().min(1)).min(1).max(100).describe('Finding ids from errors, e.g. ["F-001","F-002"]'),
  },
  output: z.object({
    instanceId: z.string(),
    summary: z.string().describe("Plain text, one statement per line, each grounded in the findings"),
    findings: z.array(findingSchema),
    unknown_ids: z.array(z.string()),
    total_count: z.number().int().describe("Matching lines across the findings"),
    files: z.array(z.string()),
    time_range: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
    highest_severity: severitySchema.nullable(),
    suggested_causes: z.array(z.object({ cause: z.string(), findings: z.array(z.string()) })),
    common_issues: z.array(
      z.object({
        runbook: z.string(),
        symptoms: z.string(),
        diagnosis: z.string(),
        resolution: z.string(),
        findings: z.array(z.string()),
        matched_on: z.array(z.string()).describe("The phrases or identifiers of the symptoms found in the findings' lines"),
      }),
    ),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    return withLogTools(ctx, "summarize", async (engine, { store, runbooks, safety }) => {
      const collection = store.collection(args.instanceId);
      const result = await engine.summarizeFindings(collection, runbooks, args.findingIds);
      return { instanceId: collection.key, ...result, safety_rating: safety };
    });
  },
});
