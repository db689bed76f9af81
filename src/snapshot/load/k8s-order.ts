// Deterministic order for Kubernetes objects from many files, and one copy of each object: the same
// object saved twice (pods.yaml and pod-x.yaml) keeps the newest resourceVersion.

import type { K8sObject } from "../types.js";
import type { Sourced } from "./raw-types.js";
import { compareText } from "../../util/compare.js";

const key = (o: K8sObject) => `${o.kind}\u0000${o.metadata.namespace ?? ""}\u0000${o.metadata.name}`;

function resourceVersion(o: K8sObject): number {
  const rv = Number(o.metadata.resourceVersion);
  return Number.isFinite(rv) ? rv : -1;
}

export function sortK8sObjects(objects: Sourced<K8sObject>[]): Sourced<K8sObject>[] {
  const byKey = new Map<string, Sourced<K8sObject>>();
  for (const o of [...objects].sort((a, b) => compareText(a.source, b.source))) {
    const k = key(o.value);
    const prev = byKey.get(k);
    if (!prev || resourceVersion(o.value) > resourceVersion(prev.value)) byKey.set(k, o);
  }
  return [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, o]) => o);
}
