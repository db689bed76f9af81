// Names of Kubernetes objects, live (the kubeconfig context's cluster) or from an offline bundle, through the
// cluster-view engine the Kubernetes tools use: for the target check's "did you mean" and for completions.
// Heavy (the engine loads client-node): import this module dynamically.

import { listK8sResources } from "../clusterview/index.js";

export type NameKind = "Namespace" | "Pod" | "ServiceAccount";

/** Where names are read: a snapshot folder, or a kubeconfig context (default the current one). */
export interface NameSource {
  snapshot?: string;
  context?: string;
}

export interface NamedObject {
  namespace: string | null;
  name: string;
}

const LIMIT = 1000;

/** The objects of a kind (in one namespace, or every namespace when null), or why they could not be listed. */
export async function listNames(
  kind: NameKind,
  namespace: string | null,
  source: NameSource,
  now: Date,
): Promise<{ ok: true; items: NamedObject[] } | { ok: false; why: string }> {
  const read = await listK8sResources(
    {
      ...(source.snapshot ? { snapshot: source.snapshot } : {}),
      ...(source.context ? { context: source.context } : {}),
      kind,
      apiVersion: "v1",
      ...(namespace ? { namespace } : {}),
      limit: LIMIT,
      timeoutMs: 5_000,
    },
    now,
  );
  if (!read.ok) return { ok: false, why: read.failure.message };
  const items = read.value.items as { namespace?: string | null; name: string }[];
  return { ok: true, items: items.map((item) => ({ namespace: item.namespace ?? null, name: item.name })) };
}
