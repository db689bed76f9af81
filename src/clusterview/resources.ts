// list_k8s_resources and read_k8s_resource over a source: listing with selectors and a bound, each item
// summarised (pods with their credential-relevant state, other kinds compactly), and one object read
// whole, sanitised, with a summary for pods and service accounts.

import type { K8sObject, Pod } from "../snapshot/types.js";
import { type KindInfo, lookupKind } from "./kinds.js";
import { type CompactItem, type ServiceAccountSummary, compactItem, serviceAccountSummary } from "./summaries/compact.js";
import { type PodListItem, type PodSummary, podListItem, podSummary } from "./summaries/pod.js";
import { sanitizeObject } from "./sanitize.js";
import { type K8sSource, type Read, readFailed, readOk } from "./types.js";
import { compareText } from "../util/compare.js";

const DEFAULT_LIST_LIMIT = 100;

export interface ListArgs {
  kind: string;
  apiVersion?: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
}

export interface ListResult {
  kind: string;
  apiVersion: string;
  namespace: string | null;
  source: string;
  count: number;
  truncated: boolean;
  items: (PodListItem | CompactItem)[];
}

const byPlace = (a: K8sObject, b: K8sObject) =>
  compareText(a.metadata.namespace ?? "", b.metadata.namespace ?? "") || compareText(a.metadata.name, b.metadata.name);

function scopeOf(info: KindInfo, namespace: string | undefined): string | null {
  return info.namespaced && namespace ? namespace : null;
}

/** The kind to list, or why the call is wrong; checked before any source is opened. */
export function checkListArgs(args: ListArgs): Read<KindInfo> {
  const kind = lookupKind(args.kind, args.apiVersion);
  return kind.ok ? readOk(kind.info) : readFailed("invalid", kind.message);
}

export async function listResources(source: K8sSource, args: ListArgs, now: Date): Promise<Read<ListResult>> {
  const kind = checkListArgs(args);
  if (!kind.ok) return kind;
  const info = kind.value;
  const namespace = scopeOf(info, args.namespace);
  const query = {
    limit: args.limit ?? DEFAULT_LIST_LIMIT,
    ...(args.labelSelector ? { labelSelector: args.labelSelector } : {}),
    ...(args.fieldSelector ? { fieldSelector: args.fieldSelector } : {}),
  };
  const listed = await source.list(info, namespace, query);
  if (!listed.ok) return listed;
  const items = listed.value.items.map((o) => sanitizeObject(o)).sort(byPlace);
  return readOk({
    kind: info.kind,
    apiVersion: info.apiVersion,
    namespace,
    source: source.origin,
    count: items.length,
    truncated: listed.value.truncated,
    items: items.map((o) => (info.kind === "Pod" ? podListItem(o as Pod, now) : compactItem(o, now))),
  });
}

export interface ReadArgs {
  kind: string;
  apiVersion?: string;
  namespace?: string;
  name: string;
}

export interface ReadResult {
  kind: string;
  apiVersion: string;
  namespace: string | null;
  name: string;
  source: string;
  object: K8sObject;
  /** Pods: credentials-relevant summary; ServiceAccounts: the IRSA annotations; else null. */
  summary: PodSummary | ServiceAccountSummary | null;
}

/** The kind to read, or why the call is wrong (unknown kind, Secret, no namespace for a namespaced kind). */
export function checkReadArgs(args: ReadArgs): Read<KindInfo> {
  const kind = lookupKind(args.kind, args.apiVersion);
  if (!kind.ok) return readFailed("invalid", kind.message);
  if (kind.info.namespaced && !args.namespace) {
    return readFailed("invalid", `${kind.info.kind} is a namespaced kind: pass namespace=<namespace> along with name=${args.name}.`);
  }
  return readOk(kind.info);
}

export async function readResource(source: K8sSource, args: ReadArgs): Promise<Read<ReadResult>> {
  const kind = checkReadArgs(args);
  if (!kind.ok) return kind;
  const info = kind.value;
  const namespace = scopeOf(info, args.namespace);
  const got = await source.get(info, namespace, args.name);
  if (!got.ok) return got;
  const object = sanitizeObject(got.value);
  const summary = info.kind === "Pod" ? podSummary(object as Pod) : info.kind === "ServiceAccount" ? serviceAccountSummary(object) : null;
  return readOk({ kind: info.kind, apiVersion: info.apiVersion, namespace, name: args.name, source: source.origin, object, summary });
}
