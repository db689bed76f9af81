// The read verbs of the Kubernetes API over the snapshot: get one object, list with label and field
// selectors and limit/continue paging, and pod logs. Callers have already refused writes and secrets.

import type { K8sObject } from "../../snapshot/types.js";
import { PageTokenError, pageOf } from "../paging.js";
import { matchesFields, parseFieldSelector } from "../../kube/field-selector.js";
import { SelectorError, matchesLabels, parseLabelSelector } from "../../kube/label-selector.js";
import { findLogFile, readLog, type LogFile } from "./pod-logs.js";
import type { ResourceDef } from "../../kube/resources.js";
import { apiVersionOf } from "../../kube/paths.js";
import { badRequest, forbidden, notFound, type K8sReply } from "./status.js";
import type { K8sStore } from "../../snapshot/k8s-store.js";

export interface K8sReadContext {
  store: K8sStore;
  logsRoot: string | null;
  logFiles: readonly LogFile[];
  pageSize?: number;
}

const NOT_COLLECTED = "the snapshot did not collect this (irsa-doctor emulator)";

/** The object as the apiserver returns it from a GET: typed, with a resourceVersion. */
function asServed(def: ResourceDef, obj: K8sObject): K8sObject {
  const metadata = { ...obj.metadata };
  if (metadata["resourceVersion"] === undefined) metadata["resourceVersion"] = "1";
  return { ...obj, apiVersion: apiVersionOf(def), kind: def.kind, metadata };
}

/** List items carry no apiVersion/kind on a real apiserver; dropping them keeps clients honest. */
function asListItem(def: ResourceDef, obj: K8sObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = asServed(def, obj);
  return rest;
}

export function getObject(ctx: K8sReadContext, def: ResourceDef, namespace: string | undefined, name: string): K8sReply {
  if (!ctx.store.collectedIn(def.kind, namespace)) {
    return forbidden({ verb: "get", resource: def.resource, group: def.group, name, namespace, why: NOT_COLLECTED });
  }
  const obj = ctx.store.get(def.kind, namespace, name);
  if (obj === undefined) return notFound(def.resource, def.group, name);
  return { status: 200, json: asServed(def, obj) };
}

function parseLimit(raw: string | null): number | undefined | SelectorError {
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) return new SelectorError(`invalid limit "${raw}": must be a non-negative integer`);
  return Number(raw);
}

export function listObjects(ctx: K8sReadContext, def: ResourceDef, namespace: string | undefined, query: URLSearchParams): K8sReply {
  // Per namespace: a bundle holding kube-system's pods did not list the target namespace's.
  if (!ctx.store.collectedIn(def.kind, namespace)) {
    return forbidden({ verb: "list", resource: def.resource, group: def.group, namespace, why: NOT_COLLECTED });
  }
  const labelSelector = query.get("labelSelector") ?? "";
  const fieldSelector = query.get("fieldSelector") ?? "";
  const limit = parseLimit(query.get("limit"));
  if (limit instanceof SelectorError) return badRequest(limit.message);
  let items: K8sObject[];
  try {
    const labels = parseLabelSelector(labelSelector);
    const fields = parseFieldSelector(fieldSelector, def);
    items = ctx.store
      .list(def.kind, namespace)
      .filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, def, o as Record<string, unknown>));
  } catch (err) {
    if (err instanceof SelectorError) return badRequest(err.message);
    throw err;
  }
  const scope = `${def.resource}|${namespace ?? ""}|${labelSelector}|${fieldSelector}`;
  let page;
  try {
    page = pageOf(items, { limit, forcedPageSize: ctx.pageSize, token: query.get("continue") ?? undefined, scope });
  } catch (err) {
    if (err instanceof PageTokenError) return badRequest(`continue key is not valid: ${err.message}`);
    throw err;
  }
  const metadata: Record<string, unknown> = { resourceVersion: ctx.store.listResourceVersion };
  if (page.next !== undefined) {
    metadata["continue"] = page.next;
    // The apiserver counts the rest only when no selector filtered the list.
    if (labelSelector === "" && fieldSelector === "") metadata["remainingItemCount"] = page.remaining;
  }
  return {
    status: 200,
    json: { apiVersion: apiVersionOf(def), kind: `${def.kind}List`, metadata, items: page.items.map((o) => asListItem(def, o)) },
  };
}

function parseCount(raw: string | null, what: string): number | undefined | string {
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) return `${what} must be a non-negative integer, got "${raw}"`;
  return Number(raw);
}

function containerNames(pod: K8sObject, key: "containers" | "initContainers"): string[] {
  const spec = pod["spec"] as Record<string, unknown> | undefined;
  const list = spec?.[key];
  return Array.isArray(list) ? list.map((c) => String((c as { name?: unknown }).name ?? "")) : [];
}

/**
 * Whether the bundle proves the container has no previous run to read: its status shows it never
 * terminated (restartCount 0, no lastState.terminated), or the bundle holds its current log and no previous
 * one (a capture saves every previous log it could read, and a restarted container's may be gone). Without
 * either proof the previous log is "not collected".
 */
function noPreviousRun(
  ctx: K8sReadContext,
  pod: K8sObject,
  namespace: string,
  name: string,
  container: string,
  main: string[],
  init: string[],
): boolean {
  const status = pod["status"] as Record<string, unknown> | undefined;
  const statuses = [...asArray(status?.["containerStatuses"]), ...asArray(status?.["initContainerStatuses"])] as Record<string, unknown>[];
  const own = statuses.find((c) => c["name"] === container);
  if (own !== undefined) {
    const terminated = (own["lastState"] as Record<string, unknown> | undefined)?.["terminated"];
    if (Number(own["restartCount"] ?? 0) === 0 && terminated === undefined) return true;
  }
  const current = findLogFile(ctx.logFiles, { namespace, pod: name, containers: [...main, ...init], container, previous: false });
  return current !== null;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export async function podLog(
  ctx: K8sReadContext,
  def: ResourceDef,
  namespace: string,
  name: string,
  query: URLSearchParams,
): Promise<K8sReply> {
  const deny = (why: string): K8sReply => forbidden({ verb: "get", resource: "pods/log", group: "", name, namespace, why });
  if (!ctx.store.collected(def.kind)) return deny(NOT_COLLECTED);
  const pod = ctx.store.get("Pod", namespace, name);
  if (pod === undefined) return notFound("pods", "", name);
  const tailLines = parseCount(query.get("tailLines"), "tailLines");
  const limitBytes = parseCount(query.get("limitBytes"), "limitBytes");
  if (typeof tailLines === "string") return badRequest(tailLines);
  if (typeof limitBytes === "string") return badRequest(limitBytes);
  const main = containerNames(pod, "containers");
  const init = containerNames(pod, "initContainers");
  const asked = query.get("container") ?? "";
  let container: string;
  if (asked !== "") {
    if (!main.includes(asked) && !init.includes(asked)) {
      return badRequest(`container ${asked} is not valid for pod ${name}`);
    }
    container = asked;
  } else if (main.length === 1) {
    container = main[0] as string;
  } else {
    return badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${main.join(" ")}]` +
        (init.length > 0 ? ` or one of the init containers: [${init.join(" ")}]` : ""),
    );
  }
  const previous = query.get("previous") === "true";
  const file =
    ctx.logsRoot === null ? null : findLogFile(ctx.logFiles, { namespace, pod: name, containers: [...main, ...init], container, previous });
  if (file === null || ctx.logsRoot === null) {
    if (previous && noPreviousRun(ctx, pod, namespace, name, container, main, init)) {
      // The apiserver's own answer (from the kubelet) when there is no terminated run to read.
      return badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    }
    return deny(`the snapshot has no ${previous ? "previous " : ""}log of container "${container}" (irsa-doctor emulator)`);
  }
  return { status: 200, text: await readLog(ctx.logsRoot, file, tailLines, limitBytes) };
}
