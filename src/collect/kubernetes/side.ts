// The Kubernetes side as one lazily loaded unit: client-node is imported with this module, so a live
// collection can start its AWS reads while this one is still loading.

import type { Calls } from "../calls.js";
import type { K8sCollected, K8sSignals, WorkloadTarget } from "./collect.js";
import { startKubernetes } from "./collect.js";
import { openKubeClient } from "../../kube/client.js";
import { type KubeconfigSummary, KubeconfigError } from "../../kube/kubeconfig.js";
import { CollectError } from "../types.js";
import { createK8sReads } from "./read.js";

export interface KubernetesSide {
  signals: K8sSignals;
  done: Promise<K8sCollected>;
  /** Resolves once the reads started so far are written to their connections. */
  written(): Promise<void>;
  close(): void;
}

export function startKubernetesSide(
  summary: KubeconfigSummary,
  target: WorkloadTarget,
  logs: { tailLines: number; limitBytes: number },
  calls: Calls,
  timeoutMs: number,
): KubernetesSide {
  let client;
  try {
    client = openKubeClient(summary, { timeoutMs });
  } catch (err) {
    throw err instanceof KubeconfigError ? new CollectError(err.message) : err;
  }
  const reads = createK8sReads(client, calls, timeoutMs);
  const { signals, done } = startKubernetes(reads, target, logs);
  return { signals, done, written: () => client.written(), close: () => client.close() };
}
