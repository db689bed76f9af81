// The cluster-view engine behind the runbook's Kubernetes and cluster tools (list_k8s_resources,
// read_k8s_resource, get_k8s_events, cluster_health, get_cloudwatch_logs). Heavy (client-node, the AWS
// SDK): tool modules import it inside run(), never at top level. Every function answers a Read: the
// result, or a failure whose message says what to do next; none of them throws for bad input.

import { type EventArgs, type EventsResult, getEvents } from "./events.js";
import {
  type ListArgs,
  type ListResult,
  type ReadArgs,
  type ReadResult,
  checkListArgs,
  checkReadArgs,
  listResources,
  readResource,
} from "./resources.js";
import { type ViewOptions, openK8sSource } from "./sources/open.js";
import type { K8sSource, Read } from "./types.js";

export { clusterHealth } from "./health/index.js";
export { controlPlaneLogs } from "./cloudwatch/index.js";
export type { EventsResult, ListResult, ReadResult, ViewOptions };

async function withSource<T>(opts: ViewOptions, use: (source: K8sSource) => Promise<Read<T>>): Promise<Read<T>> {
  const opened = await openK8sSource(opts);
  if (!opened.ok) return opened;
  try {
    return await use(opened.value);
  } finally {
    opened.value.close();
  }
}

// Bad arguments are answered before a kubeconfig or snapshot is opened: the caller's mistake comes first.

export async function listK8sResources(opts: ViewOptions & ListArgs, now: Date): Promise<Read<ListResult>> {
  const checked = checkListArgs(opts);
  if (!checked.ok) return checked;
  return withSource(opts, (source) => listResources(source, opts, now));
}

export async function readK8sResource(opts: ViewOptions & ReadArgs): Promise<Read<ReadResult>> {
  const checked = checkReadArgs(opts);
  if (!checked.ok) return checked;
  return withSource(opts, (source) => readResource(source, opts));
}

export function getK8sEvents(opts: ViewOptions & EventArgs): Promise<Read<EventsResult>> {
  return withSource(opts, (source) => getEvents(source, opts));
}
