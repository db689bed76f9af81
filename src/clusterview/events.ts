// get_k8s_events over a source: the events of one object (or of a kind, or of a namespace) through the
// involvedObject field selector, newest first, warnings flagged. The API returns events unordered, so
// they are read up to a bound, sorted, then cut to the caller's limit.

import type { K8sEvent } from "../snapshot/types.js";
import { lookupKind } from "./kinds.js";
import { sanitizeObject } from "./sanitize.js";
import { type K8sSource, type Read, readFailed, readOk } from "./types.js";
import { compareText } from "../util/compare.js";

const DEFAULT_EVENT_LIMIT = 50;
/** Events read before sorting; a namespace with more is answered from these, flagged truncated. */
const EVENT_SCAN_LIMIT = 1000;

export interface EventArgs {
  kind?: string;
  namespace: string;
  name?: string;
  limit?: number;
}

interface EventEntry {
  type: string | null;
  warning: boolean;
  reason: string | null;
  message: string | null;
  count: number;
  first_time: string | null;
  last_time: string | null;
  involved_object: string;
  source: string | null;
  name: string;
}

export interface EventsResult {
  namespace: string;
  kind: string | null;
  name: string | null;
  field_selector: string;
  source: string;
  count: number;
  warnings: number;
  truncated: boolean;
  events: EventEntry[];
}

function entryOf(e: K8sEvent): EventEntry {
  const series = (e["series"] ?? {}) as { count?: number; lastObservedTime?: string };
  const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? null;
  const last = e.lastTimestamp ?? series.lastObservedTime ?? e.eventTime ?? first;
  const source = (e["source"] ?? {}) as { component?: string; host?: string };
  const reporting =
    typeof e["reportingComponent"] === "string" && e["reportingComponent"] !== "" ? (e["reportingComponent"] as string) : null;
  return {
    type: e.type ?? null,
    warning: e.type === "Warning",
    reason: e.reason ?? null,
    message: e.message ?? null,
    count: e.count ?? series.count ?? 1,
    first_time: first,
    last_time: last,
    involved_object: `${e.involvedObject?.kind ?? "?"}/${e.involvedObject?.name ?? "?"}`,
    source: source.component ? `${source.component}${source.host ? ` on ${source.host}` : ""}` : reporting,
    name: e.metadata.name,
  };
}

const timeOf = (e: EventEntry) => Date.parse(e.last_time ?? "") || 0;

export async function getEvents(source: K8sSource, args: EventArgs): Promise<Read<EventsResult>> {
  const eventKind = lookupKind("Event", "v1");
  if (!eventKind.ok) return readFailed("error", eventKind.message);
  // An object of a kind the tools do not list (a Job, a StatefulSet) still has events: keep its kind as given.
  const known = args.kind ? lookupKind(args.kind, undefined) : undefined;
  const involvedKind = args.kind ? (known?.ok ? known.info.kind : args.kind.trim()) : null;
  const terms = [
    ...(involvedKind ? [`involvedObject.kind=${involvedKind}`] : []),
    ...(args.name ? [`involvedObject.name=${args.name}`] : []),
  ];
  const fieldSelector = terms.join(",");
  const listed = await source.list(eventKind.info, args.namespace, {
    limit: EVENT_SCAN_LIMIT,
    ...(fieldSelector ? { fieldSelector } : {}),
  });
  if (!listed.ok) return listed;
  const all = listed.value.items
    .map((o) => entryOf(sanitizeObject(o) as K8sEvent))
    .sort((a, b) => timeOf(b) - timeOf(a) || compareText(a.name, b.name));
  const limit = args.limit ?? DEFAULT_EVENT_LIMIT;
  const events = all.slice(0, limit);
  return readOk({
    namespace: args.namespace,
    kind: involvedKind,
    name: args.name ?? null,
    field_selector: fieldSelector,
    source: source.origin,
    count: events.length,
    warnings: events.filter((e) => e.warning).length,
    truncated: listed.value.truncated || all.length > limit,
    events,
  });
}
