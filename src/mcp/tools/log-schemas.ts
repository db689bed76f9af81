// What the log tools (collect, status, errors, search, correlate, summarize) share: the instanceId
// argument, the safety rating every answer carries, problem lists, and the one way their engine is loaded
// (lazily, inside run()) with its expected failures turned into ToolFailure messages.

import { z } from "zod";
import { safetyRatingFor } from "../../runbook/safety-ratings.js";
import type { safetyRatingSchema } from "../schemas/safety-rating.js";
import { fail, type ToolContext, type ToolFailure } from "../tool.js";

type LogTools = typeof import("../../logtools/index.js");

export const instanceIdArg = z
  .string()
  .min(1)
  .describe(
    'What collect returned as instanceId: the node\'s EC2 instance id (e.g. "i-0abc123def456"), "pod/<namespace>/<name>", or the bundle\'s path',
  );

export const problemSchema = z.object({ source: z.string(), message: z.string() });

export const scannedSchema = z.object({
  files: z.number().int().describe("Sources read"),
  bytes: z.number().int().describe("Bytes read (decompressed)"),
});

export const severitySchema = z.enum(["high", "medium", "low"]);

export const findingSchema = z.object({
  id: z.string().describe("F-001, F-002, ...: stable for the same collection; pass to summarize"),
  severity: severitySchema,
  pattern: z.object({ id: z.string(), regex: z.string() }),
  meaning: z.string(),
  suggests: z.array(z.string()).describe("Cause ids this message points to"),
  file: z.string(),
  count: z.number().int(),
  first_seen: z.string().nullable().describe("RFC 3339, or null when no matching line had a readable time"),
  last_seen: z.string().nullable(),
  sample: z.string().describe("The first matching line, secrets redacted, at most 500 characters"),
  sample_line: z.number().int(),
});

const MAX_PROBLEMS = 200;

/** Problems, at most MAX_PROBLEMS of them, and how many more were left out. */
export function listProblems<T>(problems: readonly T[]): { problems: T[]; problems_omitted: number } {
  return { problems: problems.slice(0, MAX_PROBLEMS), problems_omitted: Math.max(0, problems.length - MAX_PROBLEMS) };
}

export const problemsOmittedSchema = z.number().int().describe(`Problems beyond the first ${MAX_PROBLEMS}, not listed`);

/**
 * Runs `body` with the engine, the server's collection store, the loaded runbooks and this tool's safety
 * rating; the engine's expected failures become ToolFailure messages.
 */
export async function withLogTools<T>(
  ctx: ToolContext,
  tool: string,
  body: (
    engine: LogTools,
    helpers: {
      store: InstanceType<LogTools["CollectionStore"]>;
      runbooks: Awaited<ReturnType<ToolContext["runbooks"]["load"]>>;
      safety: z.infer<typeof safetyRatingSchema>;
    },
  ) => Promise<T>,
): Promise<T | ToolFailure> {
  const engine = await import("../../logtools/index.js");
  const runbooks = await ctx.runbooks.load();
  try {
    return await body(engine, { store: engine.storeFor(ctx.state), runbooks, safety: safetyRatingFor(runbooks.runbooks, tool) });
  } catch (error) {
    if (error instanceof engine.LogToolError) return fail(error.message);
    throw error;
  }
}
