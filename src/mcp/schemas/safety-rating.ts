// The safety rating every cluster and log tool answer carries (src/runbook/safety-ratings.ts finds it).

import { z } from "zod";

export const safetyRatingSchema = z
  .object({
    rating: z.enum(["GREEN", "YELLOW", "RED"]),
    note: z.string(),
    runbook: z.string().describe("The runbook whose guardrails give this rating"),
  })
  .nullable()
  .describe("This tool's safety rating from the loaded runbooks' guardrails; null when no runbook rates it");
