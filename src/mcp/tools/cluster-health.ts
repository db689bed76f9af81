// cluster_health: is the EKS cluster's workload identity plumbing in place? The cluster (status, version,
// endpoint access), its OIDC issuer, the IAM OIDC provider for it with the sts.amazonaws.com audience,
// the pod-identity-webhook, and the eks-pod-identity-agent add-on and DaemonSet: each ok, problem or
// unknown (a read was denied: the permission is named). Read-only, reads run concurrently.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { answer, clusterNameArg, contextArg, snapshotArg, sourceOptions } from "./k8s-common.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

const status = z.enum(["ok", "problem", "unknown"]);
const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const clusterHealth = defineTool({
  name: "cluster_health",
  title: "Check cluster workload identity",
  description:
    "Check an EKS cluster's workload identity: cluster status/version/endpoint access, the OIDC issuer and whether its IAM OIDC " +
    "provider exists with the sts.amazonaws.com audience (IRSA), the pod-identity-webhook MutatingWebhookConfiguration, and the " +
    "eks-pod-identity-agent add-on and DaemonSet readiness (Pod Identity). Each item is ok, problem (with the operator fix) or " +
    'unknown (naming the permission that was denied). Use when errors say "No OpenIDConnect provider found" or several services fail.',
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: {
    clusterName: clusterNameArg,
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "an AWS region such as eu-west-1")
      .optional()
      .describe("AWS region (default: the kubeconfig's EKS context, AWS_REGION, the profile)"),
    profile: z.string().min(1).max(128).optional().describe("AWS profile (default: AWS_PROFILE or the default chain)"),
    context: contextArg,
    snapshot: snapshotArg,
  },
  output: z.object({
    clusterName: z.string(),
    region: z.string().nullable(),
    overall: status.describe("problem if any item is a problem, else unknown if any is unknown, else ok"),
    summary: z.string(),
    sources: z.object({ aws: z.string(), kubernetes: z.string() }),
    items: z.array(
      z.object({
        id: z.enum([
          "cluster",
          "oidc_issuer",
          "oidc_provider",
          "pod_identity_webhook",
          "pod_identity_agent_addon",
          "pod_identity_agent_daemonset",
        ]),
        applies_to: z.enum(["cluster", "irsa", "pod_identity"]).describe("Which credential path the item matters to"),
        status,
        reason: z.string(),
        permission: z.string().nullable().describe("For unknown items: the permission whose denial kept it from being read"),
        details: z.record(z.string(), detailValue),
      }),
    ),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    const { clusterHealth: health } = await import("../../clusterview/index.js");
    const result = await health({
      ...sourceOptions(args),
      clusterName: args.clusterName,
      ...(args.region ? { region: args.region } : {}),
      ...(args.profile ? { profile: args.profile } : {}),
    });
    return answer(result, "cluster_health", ctx);
  },
});
