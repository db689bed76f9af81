// correlate: a timeline of what the logs show around each occurrence of a pivot event.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { instanceIdArg, listProblems, problemSchema, problemsOmittedSchema, scannedSchema, withLogTools } from "./log-schemas.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

const patternRef = z
  .object({ id: z.string(), severity: z.string() })
  .nullable()
  .describe("The most severe recognised pattern on the line, if any");

export const logCorrelate = defineTool({
  name: "correlate",
  title: "Correlate events around a pivot",
  description:
    "Build a timeline around each occurrence of pivotEvent (a word like AccessDenied, or an RE2 regex) across all " +
    "collected sources: the pivot lines and every recognised credential message (the errors tool's patterns) within " +
    "±timeWindow seconds, sorted by time. Nearby occurrences share one window. Lines whose time cannot be read are " +
    "listed apart as untimed. Call collect first.",
  kind: "read",
  openWorld: true,
  input: {
    instanceId: instanceIdArg,
    pivotEvent: z.string().min(1).describe("The event to center on: a word (AccessDenied) or an RE2 regex"),
    timeWindow: z.number().int().min(1).max(86_400).optional().describe("Seconds before and after each occurrence (default 120)"),
    maxEvents: z.number().int().min(1).max(1000).optional().describe("Most timeline events to return (default 200, at most 1000)"),
  },
  output: z.object({
    instanceId: z.string(),
    pivot: z.object({
      query: z.string(),
      occurrences: z.number().int(),
      timed: z.number().int(),
      untimed: z.number().int(),
    }),
    time_window: z.number().int().describe("Seconds, as applied"),
    windows: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        pivots: z.number().int().describe("Pivot occurrences in this window"),
        events: z.number().int().describe("Events in this window (pivots and recognised messages), listed or not"),
      }),
    ),
    timeline: z.array(
      z.object({ time: z.string(), file: z.string(), line: z.number().int(), pivot: z.boolean(), pattern: patternRef, text: z.string() }),
    ),
    truncated: z.boolean().describe("Some events of a window were not listed (each window keeps its earliest)"),
    untimed: z.array(z.object({ file: z.string(), line: z.number().int(), pivot: z.boolean(), pattern: patternRef, text: z.string() })),
    untimed_count: z.number().int(),
    scanned: scannedSchema,
    problems: z.array(problemSchema),
    problems_omitted: problemsOmittedSchema,
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    return withLogTools(ctx, "correlate", async (engine, { store, runbooks, safety }) => {
      const collection = store.collection(args.instanceId);
      const timeWindow = args.timeWindow ?? engine.DEFAULT_WINDOW_SECONDS;
      const result = await engine.correlateCollection(collection, runbooks, {
        pivotEvent: args.pivotEvent,
        timeWindow,
        maxEvents: args.maxEvents,
        signal: ctx.signal,
      });
      const { problems, ...rest } = result;
      return { instanceId: collection.key, ...rest, time_window: timeWindow, ...listProblems(problems), safety_rating: safety };
    });
  },
});
