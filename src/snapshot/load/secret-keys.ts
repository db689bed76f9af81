// The key names of the Secrets the target pod's containers pull in whole with envFrom: with them the
// diagnosis sees static keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) that come before web identity in
// every SDK chain. Only names: the parser dropped the values (k8s-files.ts). A Secret the bundle lacks has
// keys null, and the diagnosis says how to list its key names without printing a value.

import { found, type Evidence } from "../evidence.js";
import type { Pod, SecretKeys } from "../types.js";
import type { SecretKeyNames, Sourced } from "./raw-types.js";

export function referencedSecretKeys(
  pod: Pod | undefined,
  secrets: readonly Sourced<SecretKeyNames>[],
  namespace: string,
): Evidence<SecretKeys[]> {
  const out = new Map<string, SecretKeys>();
  const ns = pod?.metadata.namespace ?? namespace;
  for (const c of [...(pod?.spec.initContainers ?? []), ...(pod?.spec.containers ?? [])]) {
    for (const from of (c.envFrom ?? []) as { secretRef?: { name?: string } }[]) {
      const name = from.secretRef?.name;
      if (!name || out.has(name)) continue;
      const hit = secrets.find((s) => s.value.name === name && (s.value.namespace === ns || s.value.namespace === ""));
      out.set(name, { namespace: ns, name, keys: hit ? hit.value.keys : null, ...(hit ? { source: hit.source } : {}) });
    }
  }
  return found([...out.values()], "k8s/");
}
