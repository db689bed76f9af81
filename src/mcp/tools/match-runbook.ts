// match_runbook: which runbooks an error message points to, by their trigger patterns and, for the H2
// diagnosis runbook, the same pattern library diagnose_irsa and errors recognise logs with (all matched
// with a linear-time regex engine, so any error text is safe to pass). With no match it says so, and that
// diagnose_irsa still applies to any credential failure: the library cannot know every emitter's words.

import { z } from "zod";
import { defineTool } from "../tool.js";

export const NO_MATCH_NOTE =
  "No runbook trigger or known credential message matched this text. If a pod cannot get AWS credentials (AccessDenied, " +
  "no credentials, token or STS errors in any wording), diagnose_irsa still applies: run it with the pod's namespace " +
  "and name (or a snapshot), it reads the configuration rather than the message.";

export const matchRunbook = defineTool({
  name: "match_runbook",
  title: "Match an error to runbooks",
  description:
    "Given an error message or log excerpt, return the runbooks whose triggers match it, best match first, with " +
    "the triggers that matched and, for the IRSA / Pod Identity runbook, the credential messages its pattern library " +
    "recognised (the library diagnose_irsa and errors use). An empty list comes with a note: no runbook names this " +
    "text, but diagnose_irsa still applies to any AWS credential failure of a pod.",
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
        recognised_messages: z
          .array(z.object({ pattern_id: z.string(), meaning: z.string() }))
          .describe("Credential messages the diagnosis's pattern library recognised in the text (diagnosis runbook only)"),
        score: z.number().describe("Higher ranks first"),
      }),
    ),
    note: z.string().optional().describe("Present when nothing matched: what still applies"),
  }),
  async run(args, ctx) {
    const matches = await ctx.runbooks.match(args.error_text);
    return {
      matches: matches.map((match) => ({
        id: match.runbookId,
        title: match.title,
        matched_triggers: match.matched,
        recognised_messages: match.recognised.map((r) => ({ pattern_id: r.patternId, meaning: r.meaning })),
        score: match.score,
      })),
      ...(matches.length === 0 ? { note: NO_MATCH_NOTE } : {}),
    };
  },
});
