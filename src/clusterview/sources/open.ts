// Opens the source a tool call reads: the offline snapshot folder when `snapshot` is given, else the
// live cluster of the chosen kubeconfig context. Bad input (no such folder, context or kubeconfig) comes
// back as a failure that says what to pass instead.

import { SnapshotError } from "../../snapshot/load/errors.js";
import { readRawSnapshot } from "../../snapshot/load/raw.js";
import type { RawSnapshot } from "../../snapshot/load/raw-types.js";
import { type K8sSource, type Read, readFailed, readOk } from "../types.js";
import { openKubeClient } from "../../kube/client.js";
import { chooseContext, kubeconfigSentence } from "../../kube/context.js";
import { type KubeconfigSummary, KubeconfigError } from "../../kube/kubeconfig.js";
import { createLiveK8sSource } from "./live-k8s.js";
import { createOfflineK8sSource } from "./offline-k8s.js";

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ViewOptions {
  /** An offline snapshot folder (the one holding target.yaml); when set, nothing live is read. */
  snapshot?: string;
  /** kubeconfig context. */
  context?: string;
  /** The EKS cluster the caller means; checked against the context and the snapshot. */
  clusterName?: string;
  kubeconfigPath?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export async function openSnapshot(dir: string, clusterName: string | undefined): Promise<Read<RawSnapshot>> {
  let raw: RawSnapshot;
  try {
    raw = await readRawSnapshot(dir);
  } catch (err) {
    if (err instanceof SnapshotError) return readFailed("invalid", `${err.message}.`);
    throw err;
  }
  const of = raw.target.cluster;
  if (clusterName && of && of !== clusterName) {
    return readFailed(
      "invalid",
      `The snapshot ${dir} is of cluster ${of}, not ${clusterName}: pass clusterName=${of}, or the snapshot of ${clusterName}.`,
    );
  }
  return readOk(raw);
}

/** The kubeconfig context a tool call reads, chosen as every reader chooses it (src/kube/context.ts). */
export function chooseKube(opts: ViewOptions): Read<KubeconfigSummary> {
  const choice = chooseContext({ ...opts, audience: "tool" });
  if (choice.ok) return readOk(choice.summary);
  if (choice.reason === "invalid") return readFailed("invalid", choice.message);
  return readFailed("not_collected", `No cluster to read: ${choice.message}. Or pass snapshot=<folder> to read an offline bundle.`);
}

/** The live source of the chosen context; its kubeconfig is loaded once per session (src/kube/client.ts). */
export function openLiveK8s(summary: KubeconfigSummary, timeoutMs: number): Read<K8sSource> {
  try {
    return readOk(createLiveK8sSource(openKubeClient(summary, { timeoutMs }), timeoutMs));
  } catch (err) {
    if (err instanceof KubeconfigError) return readFailed("invalid", kubeconfigSentence(err.message, "tool"));
    throw err;
  }
}

export async function openK8sSource(opts: ViewOptions): Promise<Read<K8sSource>> {
  if (opts.snapshot !== undefined) {
    const raw = await openSnapshot(opts.snapshot, opts.clusterName);
    return raw.ok ? readOk(createOfflineK8sSource(raw.value)) : raw;
  }
  const summary = chooseKube(opts);
  return summary.ok ? openLiveK8s(summary.value, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) : summary;
}
