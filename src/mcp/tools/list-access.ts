// list_access: the kubeconfig contexts and AWS profiles this server can use, so an agent can pass context and
// profile to diagnose_irsa without guessing. Names only: no credential is ever read out.

import { z } from "zod";
import { defineTool } from "../tool.js";

export const listAccess = defineTool({
  name: "list_access",
  title: "List kubeconfig contexts and AWS profiles",
  description:
    "List the kubeconfig contexts (with the cluster each points at; the current one marked) and the AWS profile names this " +
    "server can use, to pass as context and profile to diagnose_irsa or irsa_phase. Names only; no credential is shown.",
  kind: "read",
  openWorld: false,
  input: {},
  output: z.object({
    kubeconfig: z.object({
      files: z.array(z.string()),
      contexts: z.array(
        z.object({ name: z.string(), cluster: z.string().nullable(), eksCluster: z.string().nullable(), current: z.boolean() }),
      ),
      problem: z.string().nullable(),
    }),
    aws: z.object({
      files: z.array(z.string()),
      profiles: z.array(z.string()),
      active: z.string().nullable().describe("AWS_PROFILE, else default when it exists"),
      problem: z.string().nullable(),
    }),
  }),
  async run() {
    const { readAccessList } = await import("../access-list.js");
    return readAccessList();
  },
});
