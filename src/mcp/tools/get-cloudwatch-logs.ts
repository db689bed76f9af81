// get_cloudwatch_logs: search an EKS cluster's control-plane logs (the audit streams of
// /aws/eks/<cluster>/cluster) for ServiceAccount or Pod Identity association changes. Bounded by time,
// count and message size; messages redacted. When control-plane logging is off, says so and names the
// command an operator would run to turn it on (never run here).

import { z } from "zod";
import { defineTool, fail } from "../tool.js";
import { answer, clusterNameArg, snapshotArg } from "./k8s-common.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

const timeArg = z.union([z.string().min(1).max(64), z.number().int().nonnegative()]).optional();

/** Epoch milliseconds from an RFC 3339 string or a number, or an error sentence. */
function epochOf(value: string | number | undefined, name: string): number | undefined | string {
  if (value === undefined) return undefined;
  if (typeof value === "number") return value;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed)
    ? `${name} ${JSON.stringify(value)} is not a time: pass RFC 3339 (2024-05-14T09:00:00Z) or epoch milliseconds.`
    : parsed;
}

export const getCloudwatchLogs = defineTool({
  name: "get_cloudwatch_logs",
  title: "Search EKS control-plane logs",
  description:
    "Search an EKS cluster's control-plane log group /aws/eks/<cluster>/cluster (kube-apiserver-audit streams by default) with a " +
    'CloudWatch filter pattern, e.g. filterPattern="ServiceAccount" for annotation changes or "podidentityassociation". Returns ' +
    "redacted messages with who did what to which object, over the last `minutes` (default 60) or startTime..endTime. Says so when " +
    "control-plane logging is not enabled. Read-only (logs:FilterLogEvents).",
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: {
    clusterName: clusterNameArg,
    resourceType: z.enum(["cluster"]).optional().describe('Only "cluster" (the control-plane log group)'),
    logType: z.enum(["control-plane"]).optional().describe('Only "control-plane"'),
    filterPattern: z.string().max(1024).optional().describe("CloudWatch Logs filter pattern; omit for every event"),
    logStreamPrefix: z
      .string()
      .max(512)
      .optional()
      .describe('Log stream name prefix (default "kube-apiserver-audit"; "" for every stream)'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "an AWS region such as eu-west-1")
      .optional(),
    profile: z.string().min(1).max(128).optional(),
    startTime: timeArg.describe("Window start: RFC 3339 or epoch milliseconds"),
    endTime: timeArg.describe("Window end: RFC 3339 or epoch milliseconds (default now)"),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional()
      .describe("Window length when startTime is not given (default 60)"),
    limit: z.number().int().min(1).max(500).optional().describe("At most this many events (default 50)"),
    snapshot: snapshotArg,
  },
  output: z.object({
    clusterName: z.string(),
    region: z.string().nullable(),
    log_group: z.string(),
    log_stream_prefix: z.string(),
    filter_pattern: z.string(),
    window: z.object({ start: z.string(), end: z.string() }),
    status: z.enum(["ok", "log_group_missing", "not_collected"]),
    logging_enabled: z.boolean().nullable(),
    enabled_log_types: z
      .array(z.string())
      .nullable()
      .describe("Control-plane log types the cluster has enabled, when DescribeCluster could be read"),
    message: z.string(),
    operator_action: z
      .string()
      .nullable()
      .describe("A command for an operator to run (never run by irsa-doctor), e.g. to enable audit logging"),
    count: z.number().int(),
    truncated: z.boolean(),
    events: z.array(
      z.object({
        timestamp: z.string(),
        log_stream: z.string().nullable(),
        message: z.string(),
        message_truncated: z.boolean(),
        audit: z
          .object({
            verb: z.string().nullable(),
            user: z.string().nullable(),
            resource: z.string().nullable(),
            namespace: z.string().nullable(),
            name: z.string().nullable(),
            response_code: z.number().nullable(),
            stage: z.string().nullable(),
            time: z.string().nullable(),
          })
          .nullable()
          .describe("The audit event's who/what/which, when the message is one"),
      }),
    ),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    const startTime = epochOf(args.startTime, "startTime");
    const endTime = epochOf(args.endTime, "endTime");
    if (typeof startTime === "string") return fail(startTime);
    if (typeof endTime === "string") return fail(endTime);
    const { controlPlaneLogs } = await import("../../clusterview/index.js");
    const result = await controlPlaneLogs(
      {
        clusterName: args.clusterName,
        ...(args.snapshot ? { snapshot: args.snapshot } : {}),
        ...(args.filterPattern !== undefined ? { filterPattern: args.filterPattern } : {}),
        ...(args.logStreamPrefix !== undefined ? { logStreamPrefix: args.logStreamPrefix } : {}),
        ...(args.region ? { region: args.region } : {}),
        ...(args.profile ? { profile: args.profile } : {}),
        ...(startTime !== undefined ? { startTime } : {}),
        ...(endTime !== undefined ? { endTime } : {}),
        ...(args.minutes ? { minutes: args.minutes } : {}),
        ...(args.limit ? { limit: args.limit } : {}),
      },
      ctx.clock(),
    );
    return answer(result, "get_cloudwatch_logs", ctx);
  },
});
