// Which logs to read from the pods the API returns: every container's current log, its previous run's
// when it restarted (a crash loop prints its failure there), and init containers that failed or restarted.

import { POD_IDENTITY_AGENT } from "../../kube/eks-names.js";

export interface PodLike {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    nodeName?: string;
    containers?: { name: string; env?: { name: string }[] }[];
    initContainers?: { name: string; env?: { name: string }[] }[];
  };
  status?: {
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { waiting?: unknown; terminated?: { exitCode?: number } };
  lastState?: { terminated?: { exitCode?: number } };
}

export interface LogTarget {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
}

export const AGENT_NAME = POD_IDENTITY_AGENT;

export function logTargets(pod: PodLike): LogTarget[] {
  const namespace = pod.metadata.namespace ?? "default";
  const statuses = new Map(
    [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].map((s) => [s.name, s]),
  );
  const out: LogTarget[] = [];
  const add = (container: string, previous: boolean) => out.push({ namespace, pod: pod.metadata.name, container, previous });
  for (const c of pod.spec?.containers ?? []) {
    add(c.name, false);
    if ((statuses.get(c.name)?.restartCount ?? 0) > 0) add(c.name, true);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const s = statuses.get(c.name);
    const exit = s?.state?.terminated?.exitCode ?? s?.lastState?.terminated?.exitCode;
    if ((s?.restartCount ?? 0) > 0 || (exit !== undefined && exit !== 0) || s?.state?.waiting !== undefined) add(c.name, false);
  }
  return out;
}

/** "pods/<ns>/<pod>/<container>[.previous].log": the name results use. */
export const podLogName = (t: LogTarget): string => `pods/${t.namespace}/${t.pod}/${t.container}${t.previous ? ".previous" : ""}.log`;

export const isAgentPod = (pod: PodLike): boolean =>
  pod.metadata.labels?.["app.kubernetes.io/name"] === AGENT_NAME || pod.metadata.name.startsWith(`${AGENT_NAME}-`);

/** True when EKS Pod Identity injected its credential endpoint into one of the pod's containers. */
export const usesPodIdentity = (pod: PodLike): boolean =>
  [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((c) =>
    c.env?.some((e) => e.name === "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
  );
