// collect: starts gathering a node's, a pod's or a log bundle's logs in the background (read in place or
// streamed; nothing is written anywhere) and returns the executionId that status polls.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { withLogTools } from "./log-schemas.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

export const logCollect = defineTool({
  name: "collect",
  title: "Collect logs",
  description:
    "Start collecting logs, in the background, from exactly one of: instanceId (an EKS node's EC2 instance id: the " +
    "container logs of every pod on that node, the eks-pod-identity-agent included, and the kubelet log through the " +
    "node log query where the cluster allows it), pod (<namespace>/<name>: that pod's container logs), or path (a local " +
    "log bundle: a directory, or the .tar.gz/.tgz that eks-log-collector.sh writes). Read-only: nothing is copied or " +
    "written. Returns an executionId: poll status with it until it says done, then pass the returned instanceId to " +
    "errors, search, correlate and summarize.",
  kind: "read",
  openWorld: true,
  localPaths: ["path"],
  input: {
    instanceId: z
      .string()
      .min(1)
      .optional()
      .describe("EC2 instance id of the node, e.g. i-0abc123def456 (uses KUBECONFIG / ~/.kube/config)"),
    pod: z.string().min(1).optional().describe("<namespace>/<name> of one pod"),
    path: z.string().min(1).optional().describe("A log bundle on this machine: a directory, or a .tar.gz / .tgz / .tar file"),
    context: z.string().min(1).optional().describe("Kubernetes context for instanceId/pod (default: the kubeconfig's current context)"),
  },
  output: z.object({
    executionId: z.string().describe("Pass to status"),
    instanceId: z.string().describe("The key the collected logs are registered under, for errors/search/correlate/summarize"),
    status: z.literal("running"),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    return withLogTools(ctx, "collect", async (engine, { store, safety }) => {
      const execution = await engine.startCollect(store, args, {
        now: ctx.clock,
        onUnexpected: (error) => ctx.logger.error("log collection failed unexpectedly (a bug in irsa-doctor)", { error }),
      });
      return { executionId: execution.id, instanceId: execution.key, status: "running" as const, safety_rating: safety };
    });
  },
});
