// list_runbooks: which runbooks the server knows, and which runbook files failed to load (so a broken runbook
// is visible to the model, not silently missing).

import { z } from "zod";
import { defineTool } from "../tool.js";
import { runbookErrorSchema } from "../schemas/runbook.js";
import { summarizeRunbook } from "../../runbook/views.js";

export const listRunbooks = defineTool({
  name: "list_runbooks",
  title: "List runbooks",
  description:
    "List the diagnostic runbooks this server knows (id, title, severity, phases) and any runbook files that " +
    "failed to load. Use an id with get_runbook, the runbook://{id} resource or the prompt of the same name.",
  kind: "read",
  openWorld: false,
  input: {},
  output: z.object({
    runbooks: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        description: z.string(),
        severity: z.string(),
        status: z.string(),
        phases: z.array(z.string()).describe("Phase names, in order"),
        file: z.string(),
      }),
    ),
    errors: z.array(runbookErrorSchema).describe("Runbook files that could not be loaded, and why"),
  }),
  async run(_args, ctx) {
    const set = await ctx.runbooks.load();
    return { runbooks: set.runbooks.map(summarizeRunbook), errors: set.errors };
  },
});
