// The fleet's evidence from a bundle: the same raw reader as `diagnose --snapshot`, with a target.yaml
// that may name no namespace or pod. A bundle holding `kubectl get sa,pods -A -o json` is a cluster-wide
// read, so each kind it holds counts as listed everywhere (a namespace without pods has none).

import { serviceAccountIssuer } from "../snapshot/load/issuer.js";
import { readRawSnapshot } from "../snapshot/load/raw.js";
import type { FleetEvidence } from "./types.js";

const LISTABLE = ["ServiceAccount", "Pod"];

export async function loadFleetDir(dir: string): Promise<FleetEvidence> {
  const raw = await readRawSnapshot(dir, { namespaceOptional: true });
  const held = new Set(raw.k8sObjects.map((o) => o.value.kind));
  const listedKinds = [...new Set([...raw.k8sListedKinds, ...LISTABLE.filter((k) => held.has(k))])].sort();
  // Read as loadSnapshotDir reads them for one pod: the issuer once for the cluster, the Secrets' key names.
  const issuer = serviceAccountIssuer(raw.k8sIssuers, raw.k8sObjects);
  return {
    target: raw.target,
    origin: dir,
    objects: raw.k8sObjects,
    listedKinds,
    k8sPresent: raw.present.k8s,
    ...(issuer ? { serviceAccountIssuer: issuer } : {}),
    secretKeys: raw.k8sSecretKeys,
    docs: raw.aws,
    awsPresent: raw.present.aws,
    problems: raw.problems,
  };
}
