// Finds the bindings: every service account that IRSA (the eks.amazonaws.com/role-arn annotation) or
// Pod Identity (an association of this cluster) gives a role. A service account with neither is not a
// binding and is never reported, broken or not.

import type { FleetIndex } from "./fleet-index.js";
import type { Binding } from "./types.js";
import { compareText } from "../util/compare.js";

const ANNOTATION = "eks.amazonaws.com/role-arn";

export function findBindings(idx: FleetIndex, namespaces: readonly string[] | null): Binding[] {
  const wanted = namespaces && namespaces.length > 0 ? new Set(namespaces) : null;
  const cluster = idx.fleet.target.cluster;
  const byKey = new Map<string, Binding>();
  for (const [saKey, sa] of idx.serviceAccounts) {
    const annotation = sa.value.metadata.annotations?.[ANNOTATION];
    if (annotation === undefined) continue;
    const [namespace = "", serviceAccount = ""] = saKey.split("/");
    byKey.set(saKey, { namespace, serviceAccount, mechanism: "irsa", roleArn: annotation.trim() || annotation });
  }
  for (const list of idx.associationsByNs.values()) {
    for (const { value: a } of list) {
      if (cluster && a.clusterName && a.clusterName !== cluster) continue;
      const saKey = `${a.namespace}/${a.serviceAccount}`;
      // An association for a service account that does not exist gives no pod a role: nothing runs as it.
      if (!idx.serviceAccounts.has(saKey) && idx.fleet.listedKinds.includes("ServiceAccount")) continue;
      const prev = byKey.get(saKey);
      if (prev) {
        if (prev.mechanism === "irsa") prev.mechanism = "both";
        prev.roleArn ??= a.roleArn ?? null;
      } else
        byKey.set(saKey, {
          namespace: a.namespace,
          serviceAccount: a.serviceAccount,
          mechanism: "pod_identity",
          roleArn: a.roleArn ?? null,
        });
    }
  }
  return [...byKey.values()]
    .filter((b) => wanted === null || wanted.has(b.namespace))
    .sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.serviceAccount, b.serviceAccount));
}
