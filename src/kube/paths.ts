// Kubernetes API paths, built here and nowhere else (the emulator's server side aside): an object or a
// collection of a resource, a pod's container log, a node's kubelet log through the node proxy.

import { RESOURCE_READS } from "./reads.js";

/** What a path needs to know of a resource. */
export interface ApiResource {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** "v1" for the core group, "apps/v1" and the like otherwise. */
export const apiVersionOf = (r: { group: string; version: string }): string => (r.group === "" ? r.version : `${r.group}/${r.version}`);

/**
 * "/api/v1/namespaces/ns/pods[/name]" and the like: a collection (name undefined) or one object. A
 * namespaced resource without a namespace is its all-namespaces collection (/api/v1/pods).
 */
export function apiPath(r: ApiResource, namespace: string | null, name?: string): string {
  const base = r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${r.plural}${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;
}

/** A container's log: GET with container, previous, sinceTime, tailLines, limitBytes, timestamps. */
export const podLogPath = (namespace: string, pod: string): string => `${apiPath(RESOURCE_READS.Pod, namespace, pod)}/log`;

/** The node's log files through the kubelet proxy; `query=kubelet` asks for the kubelet's own journal. */
export const nodeLogPath = (node: string): string => `${apiPath(RESOURCE_READS.Node, null, node)}/proxy/logs/`;
