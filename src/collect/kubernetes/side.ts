// The Kubernetes side as one lazily loaded unit: client-node is imported with this module, so a live
// collection can start its AWS reads while this one is still loading.

import type { Calls } from "../calls.js";
import type { K8sCollected, K8sSignals, WorkloadTarget } from "./collect.js";
import { startKubernetes } from "./collect.js";
import { loadKubeAccess } from "./config.js";
import { createK8sGetter } from "./http.js";
import type { KubeconfigSummary } from "./kubeconfig-file.js";
import { createK8sReads } from "./read.js";
import type { Outcome } from "../outcome.js";
import type { IssuerDiscovery } from "../../kube/issuer-discovery.js";

export interface KubernetesSide {
  signals: K8sSignals;
  done: Promise<K8sCollected>;
  /** A read made only when the cluster turns out not to be EKS: its issuer is not in describe-cluster. */
  issuerDiscovery(after: number): Promise<Outcome<IssuerDiscovery>>;
  close(): void;
}

export function startKubernetesSide(summary: KubeconfigSummary, target: WorkloadTarget, logs: { tailLines: number; limitBytes: number }, calls: Calls, timeoutMs: number): KubernetesSide {
  const access = loadKubeAccess(summary);
  const getter = createK8sGetter(access, timeoutMs);
  const reads = createK8sReads(getter, calls, timeoutMs);
  const { signals, done } = startKubernetes(reads, target, logs);
  return { signals, done, issuerDiscovery: (after) => reads.issuerDiscovery(after), close: () => getter.close() };
}
