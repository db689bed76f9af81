// get_k8s_events: the events of one object (or of all objects of a kind, or of a namespace), newest
// first, with warnings flagged: the runbook's check for credential-related warning events.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { answer, clusterNameArg, contextArg, limitArg, namespaceArg, snapshotArg, sourceOptions } from "./k8s-common.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

export const getK8sEvents = defineTool({
  name: "get_k8s_events",
  title: "Get Kubernetes events",
  description:
    "Events about an object (involvedObject kind and name) in a namespace, newest first, with type, reason, message, count, " +
    "first and last time; warning events flagged. Use after list_k8s_resources to see why a pod crash-loops or was not " +
    "mutated. Omit name for all events of a kind, omit kind too for the whole namespace. Read-only.",
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: {
    clusterName: clusterNameArg.optional(),
    kind: z.string().min(1).max(100).optional().describe("Kind of the involved object, e.g. Pod"),
    namespace: namespaceArg.describe("Namespace of the events"),
    name: z.string().min(1).max(253).optional().describe("Name of the involved object"),
    limit: limitArg(500, 50),
    context: contextArg,
    snapshot: snapshotArg,
  },
  output: z.object({
    namespace: z.string(),
    kind: z.string().nullable(),
    name: z.string().nullable(),
    field_selector: z.string().describe("The involvedObject field selector used"),
    source: z.string(),
    count: z.number().int(),
    warnings: z.number().int(),
    truncated: z.boolean(),
    events: z.array(
      z.object({
        type: z.string().nullable(),
        warning: z.boolean(),
        reason: z.string().nullable(),
        message: z.string().nullable(),
        count: z.number().int(),
        first_time: z.string().nullable(),
        last_time: z.string().nullable(),
        involved_object: z.string().describe('"Kind/name"'),
        source: z.string().nullable(),
        name: z.string(),
      }),
    ),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    const { getK8sEvents: events } = await import("../../clusterview/index.js");
    const result = await events({
      ...sourceOptions(args),
      namespace: args.namespace,
      ...(args.kind ? { kind: args.kind } : {}),
      ...(args.name ? { name: args.name } : {}),
      ...(args.limit ? { limit: args.limit } : {}),
    });
    return answer(result, "get_k8s_events", ctx);
  },
});
