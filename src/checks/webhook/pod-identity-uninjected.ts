// The same EKS pod-identity-webhook that injects IRSA's variables injects Pod Identity's
// (AWS_CONTAINER_CREDENTIALS_FULL_URI and the eks-pod-identity-token mount), at pod creation, for a service
// account that has an association. A pod created well after its association that carries neither was admitted
// without the webhook's mutation: the webhook was missing, excluded the pod, or failed and failed open. A pod
// created before the association took effect is pod_identity.association_missing's (it only needs a restart).

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../snapshot/types.js";
import type { Confidence, Finding, ReportEvidence } from "../types.js";
import { matchEvidence, podIdentityEnvEvidence } from "../evidence.js";
import { restartPods } from "../actions.js";
import { ASSOCIATION_PROPAGATION_MS } from "../pod-identity/context.js";
import { agentState } from "../pod-identity/agent-state.js";
import { describeEvent, webhookState } from "./webhook-state.js";

/** An API server's failed call this close to the pod's creation is the call made for the pod. */
const SAME_ADMISSION_MS = 120_000;

const ms = (iso: string | undefined | null): number => (iso ? Date.parse(iso) : Number.NaN);

/** "3 days", "5 h", "12 min": how long after the association the pod was created. */
function elapsed(delta: number): string {
  const minutes = Math.round(delta / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/** The API server's own "failed calling webhook" lines (control-plane logs), wherever they were collected. */
function apiServerFailures(s: Snapshot): LogMatch[] {
  return (valueOf(s.logs)?.matches ?? []).filter((m) => m.patternId === "webhook.call_failed");
}

export function podIdentityUninjected(s: Snapshot, f: Facts): Finding | null {
  const pod = f.pod;
  const created = ms(pod?.metadata.creationTimestamp);
  const assoc = (f.aws.associations ?? []).find((a) => created - ms(a.createdAt) > ASSOCIATION_PROPAGATION_MS);
  if (!pod || !assoc || f.workload.roleArnAnnotation || f.workload.injectedRoleArn) return null;
  // Pod Identity does not run on Fargate at all: pod_identity.agent_not_running says so, not the webhook.
  if (agentState(s, f).fargate) return null;
  if (f.workload.containers.some((c) => c.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"])) return null;

  const w = webhookState(s, pod);
  const atCreation = (time: string | null | undefined): boolean => Math.abs(ms(time) - created) <= SAME_ADMISSION_MS;
  const events = w.failingEvents.filter((e) => atCreation(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp));
  const lines = apiServerFailures(s).filter((m) => atCreation(m.time));
  const evidence: ReportEvidence[] = [
    ...podIdentityEnvEvidence(s, f),
    {
      type: "pod_identity",
      content: `Pod Identity association ${assoc.associationId} (${assoc.namespace}/${assoc.serviceAccount}) created ${assoc.createdAt}; pod ${pod.metadata.name} created ${pod.metadata.creationTimestamp}`,
    },
  ];
  let why: string;
  let confidence: Confidence;
  const toConfirm: string[] = [];
  if (w.status === "missing") {
    why = `no MutatingWebhookConfiguration for the pod-identity-webhook exists (the cluster has ${w.otherConfigs.join(", ") || "none"})`;
    confidence = "high";
  } else if (w.exclusion) {
    why = `the webhook excludes it (${w.exclusion})`;
    confidence = "high";
  } else if (events.length > 0 || lines.length > 0) {
    why = `the API server failed to call webhook ${w.webhookName ?? "iam-for-pods.amazonaws.com"} when the pod was created`;
    confidence = "high";
    evidence.push(...events.slice(-2).map((e) => ({ type: "event" as const, content: describeEvent(e) })));
    evidence.push(...matchEvidence(lines));
  } else {
    why = "why the webhook did not mutate it is not in the evidence";
    confidence = "medium";
    toConfirm.push(
      `the API server's log around ${pod.metadata.creationTimestamp} (CloudWatch Logs Insights on the kube-apiserver streams: filter @message like /failed calling webhook/)`,
      "kubectl get mutatingwebhookconfigurations pod-identity-webhook -o yaml, for its admissionReviewVersions, selectors and failurePolicy",
    );
  }
  if (w.configName)
    evidence.push({
      type: "webhook",
      content: `MutatingWebhookConfiguration ${w.configName}: webhook ${w.webhookName ?? "?"}`,
      ...(w.source ? { source: w.source } : {}),
    });
  return {
    causeId: "webhook.not_injecting",
    confidence,
    detail: `Pod ${pod.metadata.name} was created ${elapsed(created - ms(assoc.createdAt))} after the Pod Identity association for ${f.workload.subject ?? "its service account"}, yet no container has AWS_CONTAINER_CREDENTIALS_FULL_URI: the pod-identity-webhook did not mutate it, so the SDK falls through to the node's instance metadata; ${why}`,
    evidence,
    immediate: `Operator: make the pod-identity-webhook mutate pods again (${why}), then re-create pod ${pod.metadata.name} so it is admitted with the Pod Identity variables.`,
    actions: [
      {
        description:
          "Inspect the pod-identity-webhook configuration: it must call iam-for-pods.amazonaws.com for pod CREATE, with the admissionReviewVersions and selectors EKS set.",
        command: `kubectl get mutatingwebhookconfigurations ${w.configName ?? "pod-identity-webhook"} -o yaml`,
        safety: "Inspect webhook configuration (read-only)",
      },
      restartPods(s, f, "pods are mutated only when they are created"),
    ],
    toConfirm,
  };
}
