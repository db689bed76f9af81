// The Kubernetes half of a live Snapshot: the shared selection (src/snapshot/select.ts) picks the pod,
// service account, events, owners and agent from what was read, exactly as offline; then every piece of
// evidence whose read failed says so (permission denied with the RBAC rule, unreachable) instead of
// reading as absent, and a pod that does not exist is reported as such.

import { type Evidence, unavailable } from "../snapshot/evidence.js";
import { sortK8sObjects } from "../snapshot/load/k8s-order.js";
import { selectEvidence } from "../snapshot/select.js";
import type { KubernetesEvidence, Pod, SnapshotProblem, Target } from "../snapshot/types.js";
import type { K8sBook, K8sSlot } from "./kubernetes/book.js";
import { failureEvidence } from "./outcome.js";
import { type ConfigMapRead, heldConfigMap, referencedConfigMaps } from "../snapshot/configmap-env.js";

export const LIVE = "live";

const SLOTS: K8sSlot[] = [
  "pod",
  "pods",
  "serviceAccount",
  "events",
  "mutatingWebhooks",
  "podIdentityAgent",
  "podIdentityAgentPods",
  "node",
  "namespace",
  "owners",
  "webhookBackends",
];
const SINGLE: ReadonlySet<K8sSlot> = new Set(["pod", "serviceAccount", "podIdentityAgent", "node", "namespace"]);

/** Every piece of Kubernetes evidence unavailable for one reason (no kubeconfig, nothing reachable). */
export function noKubernetes(why: string): KubernetesEvidence {
  const none = <T>(): Evidence<T> => unavailable("not_collected", why);
  return {
    pod: none(),
    pods: none(),
    serviceAccount: none(),
    events: none(),
    mutatingWebhooks: none(),
    podIdentityAgent: none(),
    podIdentityAgentPods: none(),
    node: none(),
    namespace: none(),
    owners: none(),
  };
}

/** Offline wording names target.yaml; live, the target came from the command line. */
function liveWording<T>(e: Evidence<T>): Evidence<T> {
  if (e.status === "found") return e;
  if (e.status === "absent") return e.detail === undefined ? e : { ...e, detail: e.detail.replace(/target\.yaml/g, "the target") };
  return { ...e, detail: e.detail.replace(/target\.yaml/g, "the target") };
}

/** How the GET of one ConfigMap went: the reduced object kept, or why there is none. */
function liveConfigMapRead(book: K8sBook, namespace: string, name: string): ConfigMapRead {
  const object = heldConfigMap(book.objects, namespace, name);
  if (object) return { status: "found", object: object.value, source: object.source };
  const failure = book.reads.find((r) => r.kind === "ConfigMap" && r.name === name)?.failure;
  if (failure?.kind === "absent") return { status: "absent", source: LIVE };
  if (!failure) return { status: "unavailable", reason: "not_collected", detail: `ConfigMap ${namespace}/${name} was not read` };
  const reason = failure.kind === "permission_denied" || failure.kind === "unreachable" ? failure.kind : "error";
  // A refused read says what to grant (the failure names the RBAC rule); nothing is guessed in its place.
  return { status: "unavailable", reason, detail: failure.detail, ...(failure.permission ? { permission: failure.permission } : {}) };
}

export function kubernetesEvidence(target: Target, book: K8sBook): { evidence: KubernetesEvidence; problems: SnapshotProblem[] } {
  const selected = selectEvidence(target, sortK8sObjects(book.objects), { k8s: true, listedKinds: book.answeredKinds(), origin: LIVE });
  const evidence = { ...selected } as unknown as Record<K8sSlot, Evidence<unknown>>;
  const problems: SnapshotProblem[] = [];
  for (const slot of SLOTS) {
    const reads = book.reads.filter((r) => r.slot === slot && !r.optional);
    for (const r of book.reads)
      if (r.slot === slot && r.optional && r.failure && r.failure.kind !== "absent")
        problems.push({ source: LIVE, message: `${slot}: read without the ${r.kind} — ${r.failure.detail}` });
    const failed = reads.flatMap((r) => (r.failure && r.failure.kind !== "absent" ? [r.failure] : []));
    const notFound = reads.find((r) => r.failure?.kind === "absent")?.failure;
    const e = evidence[slot];
    // Optional evidence the selection left unset (no self-hosted webhook): nothing to qualify.
    if (e === undefined) continue;
    const empty = e.status !== "found" || (Array.isArray(e.value) && e.value.length === 0);
    if (failed[0] && empty) evidence[slot] = failureEvidence(failed[0], LIVE);
    else if (failed.length > 0) for (const f of failed) problems.push({ source: LIVE, message: `${slot}: only partly read — ${f.detail}` });
    else if (e.status !== "found" && notFound && SINGLE.has(slot)) evidence[slot] = failureEvidence(notFound, LIVE);
    evidence[slot] = liveWording(evidence[slot]);
  }
  const pod = evidence.pod;
  if (pod.status === "found") {
    const p = pod.value as Pod;
    const configMaps = referencedConfigMaps(p, (name) => liveConfigMapRead(book, p.metadata.namespace ?? target.namespace, name));
    if (configMaps) (evidence as unknown as KubernetesEvidence).configMaps = configMaps;
  }
  if (pod.status === "absent" && !target.pod && target.serviceAccount) {
    evidence.pod = {
      ...pod,
      detail: `service account ${target.namespace}/${target.serviceAccount} has no pods: the API server lists none with spec.serviceAccountName=${target.serviceAccount}`,
    };
  }
  return { evidence: evidence as unknown as KubernetesEvidence, problems };
}
