// A webhook that cannot be called with `failurePolicy: Fail` does not leave pods un-mutated: the apiserver
// refuses to create them at all, so the service account has no pod to read and the controller that owns
// them records `FailedCreate ... failed calling webhook`. Every hop after injection (token, provider,
// trust) is then never exercised, whatever the IAM side says. Read from the events and the owners' pod
// templates, so it holds on EKS and on self-managed clusters (kOps, kubeadm) alike.

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { GenericObject, K8sEvent, Pod, Snapshot } from "../../snapshot/types.js";
import { webhookState, type WebhookState } from "./webhook-state.js";

export interface RefusedCreation {
  webhook: WebhookState;
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

/** null when the target has a pod, or no event shows a pod creation refused by the pod-identity webhook. */
export function refusedCreation(s: Snapshot, f: Facts): RefusedCreation | null {
  if (f.pod) return null;
  const webhook = webhookState(s, undefined);
  const failed = webhook.failingEvents.filter((e) => e.reason === "FailedCreate");
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
    failurePolicy: entry?.failurePolicy ?? null,
    owners: events.length > 0 ? [...new Set(events.map((e) => ownerKey(e.involvedObject.kind, e.involvedObject.name)))] : [],
    events: chosen,
  };
}
