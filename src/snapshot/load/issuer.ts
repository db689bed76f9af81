// The service-account issuer of a cluster that is not EKS (kOps, kubeadm): EKS states it in describe-cluster,
// a self-managed cluster only in its OIDC discovery document (`kubectl get --raw
// /.well-known/openid-configuration`) or in the kube-apiserver's --service-account-issuer flags. With several
// flags the API server signs tokens with the FIRST one (the others are only accepted), so the first is the
// issuer STS sees in a token's iss claim.

import type { Evidence } from "../evidence.js";
import { found } from "../evidence.js";
import type { K8sObject, Pod } from "../types.js";
import type { Sourced } from "./raw-types.js";

const FLAG = /^--service-account-issuer=(.+)$/;

/** The issuer the kube-apiserver static pod signs with: its first --service-account-issuer. */
function apiServerIssuer(objects: readonly Sourced<K8sObject>[]): Sourced<string> | null {
  for (const o of objects) {
    if (o.value.kind !== "Pod" || o.value.metadata.namespace !== "kube-system" || !o.value.metadata.name.startsWith("kube-apiserver"))
      continue;
    for (const c of (o.value as Pod).spec.containers) {
      const args = [...((c["command"] as string[] | undefined) ?? []), ...((c["args"] as string[] | undefined) ?? [])];
      const first = args.map((a) => FLAG.exec(String(a))?.[1]).find((v): v is string => v !== undefined);
      if (first) return { value: first.replace(/^"|"$/g, ""), source: `${o.source} (first --service-account-issuer)` };
    }
  }
  return null;
}

/** The flag when the API server's pod is in the bundle (it decides the tokens' iss), else the discovery document. */
export function serviceAccountIssuer(
  discovery: readonly Sourced<string>[],
  objects: readonly Sourced<K8sObject>[],
): Evidence<string> | null {
  const flag = apiServerIssuer(objects);
  if (flag) return found(flag.value, flag.source);
  const doc = discovery[0];
  return doc ? found(doc.value, doc.source) : null;
}
