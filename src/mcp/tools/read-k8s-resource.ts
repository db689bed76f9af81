// read_k8s_resource: one object, whole but safe (managedFields dropped, credential values and tokens
// redacted), plus the summary the runbook's triage asks for: for a pod its service account, projected
// token volumes and their mounts, AWS_* environment and container restarts; for a ServiceAccount its
// IRSA annotations.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { answer, clusterNameArg, contextArg, namespaceArg, snapshotArg, sourceOptions } from "./k8s-common.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

const podSummary = z.object({
  serviceAccountName: z.string().nullable(),
  automountServiceAccountToken: z.boolean().nullable(),
  node: z.string().nullable(),
  phase: z.string().nullable(),
  reason: z.string().nullable(),
  has_irsa_env: z.boolean(),
  has_pod_identity_env: z.boolean(),
  token_volumes: z
    .array(
      z.object({
        volume: z.string(),
        audience: z.string().nullable().describe("null: the API server's default audience"),
        expirationSeconds: z.number().nullable(),
        path: z.string(),
        mounts: z.array(z.object({ container: z.string(), mountPath: z.string(), readOnly: z.boolean() })),
      }),
    )
    .describe("Projected service-account token volumes (IRSA's and Pod Identity's tokens) and where each is mounted"),
  aws_env: z
    .array(z.object({ container: z.string(), init: z.boolean(), env: z.record(z.string(), z.string()) }))
    .describe("AWS_* variables per container, secrets redacted"),
  containers: z.array(
    z.object({
      name: z.string(),
      init: z.boolean(),
      image: z.string().nullable(),
      ready: z.boolean().nullable(),
      restartCount: z.number().int(),
      state: z.string().nullable(),
      last_termination: z
        .object({
          reason: z.string().nullable(),
          exitCode: z.number().nullable(),
          finishedAt: z.string().nullable(),
          message: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
});

const serviceAccountSummary = z.object({
  role_arn: z.string().nullable().describe("eks.amazonaws.com/role-arn"),
  audience: z.string().nullable(),
  token_expiration: z.string().nullable(),
  sts_regional_endpoints: z.string().nullable(),
  automountServiceAccountToken: z.boolean().nullable(),
});

export const readK8sResource = defineTool({
  name: "read_k8s_resource",
  title: "Read a Kubernetes resource",
  description:
    "Read one object (Pod, ServiceAccount, Node, Namespace, Deployment, ReplicaSet, DaemonSet, MutatingWebhookConfiguration, Event) " +
    "with secrets redacted. For a Pod also a summary: serviceAccountName, projected token volumes (audience, expirationSeconds, path, " +
    "mounts), AWS_* env per container, restart counts and last termination reasons; for a ServiceAccount its eks.amazonaws.com " +
    "annotations. Read-only; Secrets are never read. Pass snapshot=<folder> to read an offline bundle.",
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: {
    clusterName: clusterNameArg.optional(),
    kind: z.string().min(1).max(100).describe("Kind, e.g. Pod or ServiceAccount"),
    apiVersion: z.string().min(1).max(100).describe("apiVersion of the kind, e.g. v1"),
    namespace: namespaceArg.optional().describe("Namespace (required for namespaced kinds)"),
    name: z.string().min(1).max(253).describe("Object name"),
    context: contextArg,
    snapshot: snapshotArg,
  },
  output: z.object({
    kind: z.string(),
    apiVersion: z.string(),
    namespace: z.string().nullable(),
    name: z.string(),
    source: z.string(),
    object: z
      .record(z.string(), z.unknown())
      .describe("The object as the API server returns it, managedFields dropped and secrets redacted"),
    summary: z.union([podSummary, serviceAccountSummary]).nullable().describe("Pods and ServiceAccounts; null for other kinds"),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    const { readK8sResource: read } = await import("../../clusterview/index.js");
    const result = await read({
      ...sourceOptions(args),
      kind: args.kind,
      apiVersion: args.apiVersion,
      ...(args.namespace ? { namespace: args.namespace } : {}),
      name: args.name,
    });
    return answer(result, "read_k8s_resource", ctx);
  },
});
