// A webhook that cannot be called with `failurePolicy: Fail` does not leave pods un-mutated: the apiserver
// refuses to create them at all, so the service account has no pod to read and the controller that owns
// them records `FailedCreate ... failed calling webhook`. Every hop after injection (token, provider,
// trust) is then never exercised, whatever the IAM side says. Read from the events and the owners' pod
// templates, so it holds on EKS and on self-managed clusters (kOps, kubeadm) alike.

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { GenericObject, K8sEvent, Pod, Snapshot } from "../../snapshot/types.js";
import { webhookState, type WebhookState } from "./webhook-state.js";
import { later } from "./injection.js";

export interface RefusedCreation {
  webhook: WebhookState;
  /**
   * "call": the apiserver could not call the webhook; "invalid": it called it, and the pod its mutation left was
   * rejected as invalid over an item the webhook injects (a token mount, its volume, a variable).
   */
  how: "call" | "invalid";
  /** The pod that was read, when it belongs to an older revision than the refused creations. */
  olderPod: string | null;
  /** The failurePolicy of the webhook's entry; null when the configuration was not read. */
  failurePolicy: string | null;
  /** The controllers whose pod template runs as the target's service account and whose creations failed. */
  owners: string[];
  /** The FailedCreate events that name the webhook. */
  events: K8sEvent[];
}

function templateServiceAccount(o: GenericObject): string | null {
  const spec = (o["spec"] as { template?: { spec?: Pod["spec"] } } | undefined)?.template?.spec;
  if (!spec) return null;
  return spec.serviceAccountName ?? "default";
}

const ownerKey = (kind: string | undefined, name: string | undefined): string => `${kind ?? ""}/${name ?? ""}`;

/** What the pod-identity webhook adds to a pod: its token mounts and volumes, and its variables. */
const INJECTED =
  /\/var\/run\/secrets\/(eks|pods\.eks)\.amazonaws\.com\/serviceaccount|"(aws-iam-token|eks-pod-identity-token)"|\bAWS_(ROLE_ARN|WEB_IDENTITY_TOKEN_FILE|CONTAINER_CREDENTIALS_FULL_URI|CONTAINER_AUTHORIZATION_TOKEN_FILE)\b/;

/** A creation the apiserver rejected as invalid over an item the webhook injects. */
function invalidOverInjected(e: K8sEvent): boolean {
  return e.reason === "FailedCreate" && / is invalid: /.test(e.message ?? "") && INJECTED.test(e.message ?? "");
}

/**
 * null when no event shows a pod creation of the target refused because of the pod-identity webhook. With a pod
 * read, only when the target is the service account and the refusals are a newer revision's: the pod read then
 * is an older one, whose credentials say nothing of the pods that cannot be created.
 */
export function refusedCreation(s: Snapshot, f: Facts): RefusedCreation | null {
  if (f.pod && s.target.pod) return null;
  const webhook = webhookState(s, undefined);
  const created = f.pod?.metadata.creationTimestamp ?? null;
  const ownerOfPod = new Set((valueOf(s.k8s.owners) ?? []).map((o) => ownerKey(o.kind, o.metadata.name)));
  const newer = (e: K8sEvent) =>
    !f.pod ||
    (!ownerOfPod.has(ownerKey(e.involvedObject.kind, e.involvedObject.name)) &&
      later(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp, created));
  const calls = webhook.failingEvents.filter((e) => e.reason === "FailedCreate" && newer(e));
  const invalid = calls.length > 0 ? [] : (valueOf(s.k8s.events) ?? []).filter((e) => invalidOverInjected(e) && newer(e));
  const failed = calls.length > 0 ? calls : invalid;
  if (failed.length === 0) return null;
  const sa = f.workload.serviceAccountName ?? s.target.serviceAccount ?? null;
  const mine = new Set(
    (valueOf(s.k8s.owners) ?? [])
      .filter(
        (o) => sa !== null && templateServiceAccount(o) === sa && (o.metadata.namespace ?? f.workload.namespace) === f.workload.namespace,
      )
      .map((o) => ownerKey(o.kind, o.metadata.name)),
  );
  const events = failed.filter((e) => mine.has(ownerKey(e.involvedObject.kind, e.involvedObject.name)));
  const chosen =
    events.length > 0 ? events : failed.filter((e) => (e.involvedObject.namespace ?? e.metadata.namespace) === f.workload.namespace);
  if (chosen.length === 0) return null;
  const configs = valueOf(s.k8s.mutatingWebhooks) ?? [];
  const entry = configs.flatMap((c) => c.webhooks ?? []).find((w) => w.name === webhook.webhookName);
  return {
    webhook,
    how: calls.length > 0 ? "call" : "invalid",
    olderPod: f.pod?.metadata.name ?? null,
    failurePolicy: entry?.failurePolicy ?? null,
    owners: events.length > 0 ? [...new Set(events.map((e) => ownerKey(e.involvedObject.kind, e.involvedObject.name)))] : [],
    events: chosen,
  };
}
