// The Kubernetes kinds the cluster tools read, and how a caller's kind + apiVersion maps to one of them
// (src/kube/paths.ts builds the path). The table is the collectors' (src/kube/reads.ts): the tools read nothing a diagnosis
// does not, and the least-privilege ClusterRole stays the one place that lists what may be read. Secrets
// are refused by name with the reason, before any request is built.

import { RESOURCE_READS, type ResourceRead } from "../kube/reads.js";
import { apiVersionOf } from "../kube/paths.js";
import { compareText } from "../util/compare.js";

export interface KindInfo {
  kind: string;
  /** "v1", "apps/v1", ... */
  apiVersion: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export type KindLookup = { ok: true; info: KindInfo } | { ok: false; message: string };

// ConfigMaps are read by the diagnosis only, each reduced to the keys that set a pod's AWS_* variables
// (src/snapshot/configmap-env.ts): a tool showing them whole would show whatever else people keep in them.
const SORTED: readonly KindInfo[] = Object.values(RESOURCE_READS)
  .filter((r) => r.kind !== "ConfigMap")
  .map((r: ResourceRead) => ({
    kind: r.kind,
    apiVersion: apiVersionOf(r),
    group: r.group,
    version: r.version,
    plural: r.plural,
    namespaced: r.namespaced,
  }))
  .sort((a, b) => compareText(a.kind, b.kind));

/** "Pod (v1), ServiceAccount (v1), DaemonSet (apps/v1), ..." in kind order. */
const SUPPORTED_KINDS_TEXT = SORTED.map((k) => `${k.kind} (${k.apiVersion})`).join(", ");

export const SUPPORTED_KINDS: readonly string[] = SORTED.map((k) => k.kind);

const SECRET_NAMES = new Set(["secret", "secrets"]);

const SECRET_REFUSAL =
  "irsa-doctor never reads Secrets: they hold credentials, and no IRSA or Pod Identity diagnosis needs one " +
  "(the service-account token is a projected volume, visible in the pod spec through read_k8s_resource kind=Pod). " +
  "Look at the pod, its ServiceAccount or its events instead.";

/** Matches "Pod", "pod", "pods" and the like; apiVersion must be the kind's own. */
export function lookupKind(kind: string, apiVersion: string | undefined): KindLookup {
  const wanted = kind.trim().toLowerCase();
  if (SECRET_NAMES.has(wanted)) return { ok: false, message: SECRET_REFUSAL };
  const info = SORTED.find((k) => k.kind.toLowerCase() === wanted || k.plural === wanted);
  if (!info) {
    return {
      ok: false,
      message: `Kind "${kind}" is not one the cluster tools read. Supported kinds (apiVersion): ${SUPPORTED_KINDS_TEXT}.`,
    };
  }
  const version = apiVersion?.trim();
  if (version && version !== info.apiVersion) {
    return {
      ok: false,
      message: `${info.kind} is served at apiVersion "${info.apiVersion}", not "${version}": call again with apiVersion=${info.apiVersion}.`,
    };
  }
  return { ok: true, info };
}
