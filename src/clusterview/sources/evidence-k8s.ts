// The Kubernetes source of a loaded Snapshot (a diagnosis session's evidence, offline or live), so the
// runbook's cluster steps run the same engines as the cluster tools. A kind is "collected" when some read
// of it was answered (found, or proved absent); one that failed or was never read is "not collected".

import type { Evidence } from "../../snapshot/evidence.js";
import { K8sStore } from "../../snapshot/k8s-store.js";
import type { K8sObject, KubernetesEvidence, Snapshot } from "../../snapshot/types.js";
import type { K8sSource } from "../types.js";
import { describeRead } from "./live-k8s.js";
import { createStoreK8sSource } from "./offline-k8s.js";

/** The kind each piece of evidence holds; owners hold Deployments and ReplicaSets (their kind is on each object). */
const SLOT_KINDS: Record<
  Exclude<keyof KubernetesEvidence, "serviceAccountIssuer" | "owners" | "secretKeys" | "webhookBackends" | "configMaps">,
  string
> = {
  pod: "Pod",
  pods: "Pod",
  serviceAccount: "ServiceAccount",
  events: "Event",
  mutatingWebhooks: "MutatingWebhookConfiguration",
  podIdentityAgent: "DaemonSet",
  podIdentityAgentPods: "Pod",
  node: "Node",
  namespace: "Namespace",
};

export function createEvidenceK8sSource(snapshot: Snapshot, origin: string): K8sSource {
  const k = snapshot.k8s;
  const objects = new Map<string, K8sObject>();
  const answered = new Set<string>();
  const take = (e: Evidence<K8sObject | K8sObject[]>, kind: string | null) => {
    if (e.status === "unavailable") return;
    if (kind !== null) answered.add(kind);
    if (e.status !== "found") return;
    for (const o of Array.isArray(e.value) ? e.value : [e.value]) {
      answered.add(o.kind);
      objects.set(`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
    }
  };
  for (const [slot, kind] of Object.entries(SLOT_KINDS))
    take(k[slot as keyof typeof SLOT_KINDS] as Evidence<K8sObject | K8sObject[]>, kind);
  take(k.owners, null);
  const store = new K8sStore([...objects.values()], [...answered], true);
  return createStoreK8sSource(
    store,
    origin,
    (info, namespace, name) =>
      `The evidence of ${origin} holds no ${info.kind} objects (they were not read, or the read failed), so it cannot say anything about ${describeRead(info, namespace, name)}.`,
  );
}
