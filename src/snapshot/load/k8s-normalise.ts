// Brings the events.k8s.io/v1 Event (what `kubectl events` and newer tools print) to the core/v1
// shape the checks read, so an Event is an Event whichever API produced it.

import type { K8sEvent, K8sObject } from "../types.js";

type Loose = Record<string, unknown>;

/** Returns the Event in core/v1 shape, or null when it names no involved object. */
export function normaliseEvent(object: K8sObject): K8sEvent | null {
  const e = object as Loose;
  if (typeof e.involvedObject === "object" && e.involvedObject !== null) return object as K8sEvent;
  const regarding = e.regarding;
  if (typeof regarding !== "object" || regarding === null) return null;
  const series = e.series as { count?: number; lastObservedTime?: string } | undefined;
  const { regarding: _r, note, deprecatedCount, deprecatedFirstTimestamp, deprecatedLastTimestamp, ...rest } = e;
  return {
    ...rest,
    involvedObject: regarding,
    message: typeof note === "string" ? note : undefined,
    count: series?.count ?? (typeof deprecatedCount === "number" ? deprecatedCount : undefined),
    firstTimestamp: (deprecatedFirstTimestamp as string | undefined) ?? null,
    lastTimestamp: series?.lastObservedTime ?? (deprecatedLastTimestamp as string | undefined) ?? null,
  } as K8sEvent;
}
