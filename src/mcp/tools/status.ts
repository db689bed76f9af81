// status: how a collection started by collect is going — running, done or failed — with its progress, the
// sources found so far and the problems met.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { listProblems, problemSchema, problemsOmittedSchema, withLogTools } from "./log-schemas.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

const MAX_SOURCES = 1000;

export const logStatus = defineTool({
  name: "status",
  title: "Collection status",
  description:
    "Report a log collection started by collect: status (running, done, failed), progress (sources done / found so " +
    "far, bytes), the sources (name, kind, size, compressed, skipped reason) and the problems met (unreadable or " +
    "binary files, logs the cluster would not give). Poll until status is done, then use the instanceId it returns.",
  kind: "read",
  openWorld: false,
  input: {
    executionId: z.string().min(1).describe("The executionId collect returned"),
  },
  output: z.object({
    executionId: z.string(),
    instanceId: z.string(),
    status: z.enum(["running", "done", "failed"]),
    progress: z.object({
      sources_done: z.number().int(),
      sources_total: z.number().int().describe("Sources found so far (an archive's total is known once it has been read through)"),
      bytes: z.number().int(),
    }),
    sources: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(["file", "archive-entry", "pod-log", "node-log"]),
        size: z.number().int(),
        compressed: z.boolean(),
        modified: z.string().nullable(),
        skipped: z.string().nullable().describe("Why the source is not read (binary content), or null"),
      }),
    ),
    sources_omitted: z.number().int().describe(`Sources beyond the first ${MAX_SOURCES}, not listed`),
    problems: z.array(problemSchema),
    problems_omitted: problemsOmittedSchema,
    error: z.string().nullable().describe("Why the collection failed, when it did"),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    return withLogTools(ctx, "status", async (_engine, { store, safety }) => {
      const e = store.execution(args.executionId);
      return {
        executionId: e.id,
        instanceId: e.key,
        status: e.status,
        progress: { sources_done: e.sourcesDone, sources_total: e.sourcesTotal, bytes: e.bytes },
        sources: e.sources.slice(0, MAX_SOURCES).map((s) => ({ ...s })),
        sources_omitted: Math.max(0, e.sources.length - MAX_SOURCES),
        ...listProblems(e.problems.map((p) => ({ ...p }))),
        error: e.error,
        started_at: e.startedAt,
        finished_at: e.finishedAt,
        safety_rating: safety,
      };
    });
  },
});
