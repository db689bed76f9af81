// search: lines of collected logs matching a regular expression (RE2 syntax, matched in linear time).

import { z } from "zod";
import { defineTool } from "../tool.js";
import { instanceIdArg, listProblems, problemSchema, problemsOmittedSchema, scannedSchema, withLogTools } from "./log-schemas.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

export const logSearch = defineTool({
  name: "search",
  title: "Search collected logs",
  description:
    "Search collected logs for lines matching query, a regular expression in RE2 syntax (like grep -E; no lookaround " +
    "or backreferences), e.g. AccessDenied.*AssumeRoleWithWebIdentity|InvalidIdentityToken. Case-sensitive unless " +
    "ignoreCase is true or the query starts with (?i). Returns results S-001, ... in file and line order, each with its " +
    "time when the line shows one and its text (secrets redacted, at most 500 characters); truncated says more lines " +
    "matched than maxResults. Call collect first.",
  kind: "read",
  openWorld: true,
  input: {
    instanceId: instanceIdArg,
    query: z.string().min(1).describe("RE2 regular expression, matched against each line"),
    maxResults: z.number().int().min(1).max(1000).optional().describe("Most results to return (default 100, at most 1000)"),
    ignoreCase: z.boolean().optional().describe("Match regardless of case (default false)"),
  },
  output: z.object({
    instanceId: z.string(),
    query: z.string(),
    results: z.array(
      z.object({
        id: z.string(),
        file: z.string(),
        line: z.number().int(),
        time: z.string().nullable().describe("RFC 3339, or null when the line has no readable time"),
        text: z.string(),
      }),
    ),
    truncated: z.boolean().describe("More lines matched than maxResults: narrow the query or raise maxResults"),
    scanned: scannedSchema,
    problems: z.array(problemSchema),
    problems_omitted: problemsOmittedSchema,
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    return withLogTools(ctx, "search", async (engine, { store, safety }) => {
      const collection = store.collection(args.instanceId);
      const result = await engine.searchCollection(collection, {
        query: args.query,
        maxResults: args.maxResults,
        ignoreCase: args.ignoreCase,
        signal: ctx.signal,
      });
      return {
        instanceId: collection.key,
        query: args.query,
        results: result.results,
        truncated: result.truncated,
        scanned: result.scanned,
        ...listProblems(result.problems),
        safety_rating: safety,
      };
    });
  },
});
