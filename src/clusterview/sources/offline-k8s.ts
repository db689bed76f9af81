// The offline Kubernetes source: a snapshot folder (src/snapshot/load/raw.ts) answered with the API's
// semantics, so support engineers get the same summaries from a customer's bundle as from a live cluster.
// Selectors use the apiserver's grammar (src/kube, shared with the emulator). What the bundle never looked for is "not collected",
// never "does not exist": only a kind the snapshot holds (or listed empty) can be missing an object.

import { K8sStore } from "../../snapshot/k8s-store.js";
import { SelectorError, matchesLabels, parseLabelSelector } from "../../kube/label-selector.js";
import { matchesFields, parseFieldSelector } from "../../kube/field-selector.js";
import { findResource } from "../../kube/resources.js";
import type { RawSnapshot } from "../../snapshot/load/raw-types.js";
import type { K8sObject } from "../../snapshot/types.js";
import type { KindInfo } from "../kinds.js";
import { type K8sSource, readFailed, readOk } from "../types.js";
import { describeRead, notFoundMessage } from "./live-k8s.js";

/** A source over objects already in hand, answered with the API's semantics; `notCollected` words a kind it never looked for. */
export function createStoreK8sSource(
  store: K8sStore,
  origin: string,
  notCollected: (info: KindInfo, namespace: string | null, name?: string) => string,
): K8sSource {
  const scoped = (info: KindInfo, namespace: string | null) => (info.namespaced && namespace ? namespace : undefined);
  return {
    mode: "snapshot",
    origin,
    async get(info, namespace, name) {
      if (!store.collected(info.kind)) return readFailed("not_collected", notCollected(info, namespace, name));
      const found = store.get(info.kind, scoped(info, namespace), name);
      if (found) return readOk(found);
      const names = store.list(info.kind, scoped(info, namespace)).map((o) => o.metadata.name);
      const holds =
        names.length > 0 ? `it holds ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", ..." : ""}` : `it holds none there`;
      return readFailed("not_found", notFoundMessage(info, namespace, name, `not in the ${origin}; ${holds}`));
    },
    async list(info, namespace, query) {
      if (!store.collected(info.kind)) return readFailed("not_collected", notCollected(info, namespace));
      const def = findResource(info.group, info.version, info.plural);
      let items: K8sObject[];
      try {
        const labels = parseLabelSelector(query.labelSelector ?? "");
        const fields = def ? parseFieldSelector(query.fieldSelector ?? "", def) : [];
        items = store
          .list(info.kind, scoped(info, namespace))
          .filter((o) => matchesLabels(labels, o.metadata.labels) && (!def || matchesFields(fields, def, o as Record<string, unknown>)));
      } catch (err) {
        if (err instanceof SelectorError) return readFailed("invalid", `The selector was rejected: ${err.message}`);
        throw err;
      }
      return readOk({ items: items.slice(0, query.limit), truncated: items.length > query.limit });
    },
    close() {},
  };
}

/** A snapshot folder as read by the raw loader. */
export function createOfflineK8sSource(raw: RawSnapshot): K8sSource {
  const store = new K8sStore(
    raw.k8sObjects.map((o) => o.value),
    raw.k8sListedKinds,
    raw.present.k8s,
    raw.k8sListedIn,
  );
  return createStoreK8sSource(store, `snapshot ${raw.dir}`, (info, namespace, name) =>
    raw.present.k8s
      ? `The snapshot ${raw.dir} did not collect ${info.kind} objects (no file in k8s/ holds one, not even an empty list), so it cannot say anything about ${describeRead(info, namespace, name)}: read the live cluster, or capture the bundle again with them.`
      : `The snapshot ${raw.dir} has no k8s/ folder: nothing was collected from the cluster, so ${describeRead(info, namespace, name)} cannot be read from it.`,
  );
}
