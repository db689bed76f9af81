// Small readings of workload objects the Kubernetes collector needs before the selection runs: which
// service account a pod template uses, a deployment's selector as a label-selector string, a pod's
// controller, and which containers have logs worth reading.

import type { K8sObject, Pod } from "../../snapshot/types.js";
import { compareText } from "../../util/compare.js";

type LabelSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** The service account of a Deployment's or ReplicaSet's pod template ("default" when unset, as Kubernetes does). */
export function templateServiceAccount(o: K8sObject): string {
  const spec = (o["spec"] as { template?: { spec?: { serviceAccountName?: string; serviceAccount?: string } } } | undefined)?.template
    ?.spec;
  return spec?.serviceAccountName || spec?.serviceAccount || "default";
}

/** spec.selector as the `labelSelector` query parameter, or null when it has none. */
export function selectorString(o: K8sObject): string | null {
  const sel = (o["spec"] as { selector?: LabelSelector } | undefined)?.selector;
  if (!sel) return null;
  const parts = Object.entries(sel.matchLabels ?? {})
    .sort(([a], [b]) => compareText(a, b))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.length > 0 ? parts.join(",") : null;
}

/** The owner reference the selection follows: the controller, else the first. */
export function controllerRef(o: K8sObject): { kind: string; name: string } | undefined {
  const refs = o.metadata.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

/** The Deployment a ReplicaSet of this pod most likely belongs to: its name without the pod-template-hash. */
export function deploymentNameGuess(pod: Pod, replicaSet: string): string | null {
  const hash = pod.metadata.labels?.["pod-template-hash"];
  return hash && replicaSet.endsWith(`-${hash}`) && replicaSet.length > hash.length + 1 ? replicaSet.slice(0, -(hash.length + 1)) : null;
}

export interface LogTarget {
  container: string;
  previous: boolean;
}

/**
 * The logs to read: every container's current log, its previous run's when it restarted (a crash loop
 * prints the failure there), and init containers only when they failed or restarted.
 */
export function logTargets(pod: Pod): LogTarget[] {
  const statuses = new Map(
    [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].map((s) => [s.name, s]),
  );
  const out: LogTarget[] = [];
  for (const c of pod.spec.containers) {
    out.push({ container: c.name, previous: false });
    if ((statuses.get(c.name)?.restartCount ?? 0) > 0) out.push({ container: c.name, previous: true });
  }
  for (const c of pod.spec.initContainers ?? []) {
    const s = statuses.get(c.name);
    const exit = s?.state?.terminated?.exitCode ?? s?.lastState?.terminated?.exitCode;
    const failed = (s?.restartCount ?? 0) > 0 || (exit !== undefined && exit !== 0) || s?.state?.waiting !== undefined;
    if (failed) out.push({ container: c.name, previous: false });
  }
  return out;
}

/** True when EKS Pod Identity injected its credential endpoint into one of the pod's containers. */
export function usesPodIdentity(pod: Pod): boolean {
  return [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].some((c) =>
    c.env?.some((e) => e.name === "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
  );
}

/** Where a log tail is saved under logs/ and named in the evidence, offline and live alike. */
export function logFileOf(namespace: string, pod: string, container: string, previous: boolean): string {
  return `pods/${namespace}/${pod}/${container}${previous ? ".previous" : ""}.log`;
}
