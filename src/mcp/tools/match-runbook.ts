// match_runbook: which runbooks an error message points to, by their trigger patterns (matched with a
// linear-time regex engine, so any error text is safe to pass).

import { z } from "zod";
import { defineTool } from "../tool.js";

export const matchRunbook = defineTool({
  name: "match_runbook",
  title: "Match an error to runbooks",
  description:
    "Given an error message or log excerpt, return the runbooks whose triggers match it, best match first, with " +
    "the triggers that matched. An empty list means no runbook covers this error.",
  kind: "read",
  openWorld: false,
  input: {
    error_text: z
      .string()
      .min(1)
      .max(200_000)
      .describe("The error message or log lines, e.g. 'AccessDenied ... AssumeRoleWithWebIdentity'"),
  },
  output: z.object({
    matches: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        matched_triggers: z.array(z.string()).describe("The runbook's trigger patterns that matched, in its order"),
        score: z.number().describe("Higher ranks first"),
      }),
    ),
  }),
  async run(args, ctx) {
    const matches = await ctx.runbooks.match(args.error_text);
    return {
      matches: matches.map((match) => ({
        id: match.runbookId,
        title: match.title,
        matched_triggers: match.matched,
        score: match.score,
      })),
    };
  },
});
