// list_k8s_resources: the runbook's triage step "list pods in the affected namespace", with each item's
// state (pods: phase, ready, restarts, reason, node, service account, whether IRSA or Pod Identity
// environment was injected), bounded and read-only. Live or from an offline snapshot.

import { z } from "zod";
import { defineTool } from "../tool.js";
import { answer, clusterNameArg, contextArg, limitArg, namespaceArg, snapshotArg, sourceOptions } from "./k8s-common.js";
import { safetyRatingSchema } from "../schemas/safety-rating.js";

const statusValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const podItem = z.object({
  name: z.string(),
  namespace: z.string().nullable(),
  phase: z.string().nullable(),
  ready: z.string().describe('Ready containers / containers, e.g. "1/2"'),
  restarts: z.number().int(),
  reason: z
    .string()
    .nullable()
    .describe("What kubectl's STATUS shows instead of the phase: CrashLoopBackOff, Error, Init:..., Terminating"),
  node: z.string().nullable(),
  serviceAccountName: z.string().nullable(),
  creationTimestamp: z.string().nullable(),
  age: z.string().nullable(),
  has_irsa_env: z.boolean().describe("A container has AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE (injected by the pod-identity-webhook)"),
  has_pod_identity_env: z
    .boolean()
    .describe("A container has AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
});

const compactItem = z.object({
  name: z.string(),
  namespace: z.string().nullable(),
  creationTimestamp: z.string().nullable(),
  age: z.string().nullable(),
  status: z.record(z.string(), statusValue).describe("The kind's key status fields (readiness, webhooks, an event's reason...)"),
  annotations: z.record(z.string(), z.string()).optional().describe("ServiceAccounts only: eks.amazonaws.com/role-arn and the rest"),
});

export const listK8sResources = defineTool({
  name: "list_k8s_resources",
  title: "List Kubernetes resources",
  description:
    "List objects of one kind (Pod, ServiceAccount, Event, Node, Namespace, Deployment, ReplicaSet, DaemonSet, " +
    "MutatingWebhookConfiguration) with their status: for pods phase, ready, restarts, CrashLoopBackOff/Error reason, node, " +
    "service account and whether IRSA or Pod Identity env was injected. Use first in triage to find failing pods. " +
    "Read-only; Secrets are never returned. Pass snapshot=<folder> to read an offline bundle.",
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: {
    clusterName: clusterNameArg.optional(),
    kind: z.string().min(1).max(100).describe("Kind, e.g. Pod"),
    apiVersion: z.string().min(1).max(100).describe("apiVersion of the kind, e.g. v1 for Pod, apps/v1 for Deployment"),
    namespace: namespaceArg.optional().describe("Namespace; omit for cluster-scoped kinds or to list all namespaces"),
    labelSelector: z.string().min(1).max(1000).optional().describe("Label selector, e.g. app.kubernetes.io/name=payments-api"),
    fieldSelector: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe("Field selector, e.g. status.phase!=Running or spec.nodeName=ip-10-0-1-2"),
    limit: limitArg(1000, 100),
    context: contextArg,
    snapshot: snapshotArg,
  },
  output: z.object({
    kind: z.string(),
    apiVersion: z.string(),
    namespace: z.string().nullable(),
    source: z.string().describe("Where the objects were read: the kubeconfig context and API server, or the snapshot folder"),
    count: z.number().int(),
    truncated: z.boolean(),
    items: z
      .array(z.union([podItem, compactItem]))
      .describe("Pods as pod items, other kinds as compact items; sorted by namespace and name"),
    safety_rating: safetyRatingSchema,
  }),
  async run(args, ctx) {
    const { listK8sResources: list } = await import("../../clusterview/index.js");
    const read = await list(
      {
        ...sourceOptions(args),
        kind: args.kind,
        apiVersion: args.apiVersion,
        ...(args.namespace ? { namespace: args.namespace } : {}),
        ...(args.labelSelector ? { labelSelector: args.labelSelector } : {}),
        ...(args.fieldSelector ? { fieldSelector: args.fieldSelector } : {}),
        ...(args.limit ? { limit: args.limit } : {}),
      },
      ctx.clock(),
    );
    return answer(read, "list_k8s_resources", ctx);
  },
});
