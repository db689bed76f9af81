// Opens the source a tool call reads: the offline snapshot folder when `snapshot` is given, else the
// live cluster of the chosen kubeconfig context. Bad input (no such folder, context or kubeconfig) comes
// back as a failure that says what to pass instead.

import { SnapshotError } from "../../snapshot/load/errors.js";
import { readRawSnapshot } from "../../snapshot/load/raw.js";
import type { RawSnapshot } from "../../snapshot/load/raw-types.js";
import { type K8sSource, type Read, readFailed, readOk } from "../types.js";
import { resolveKubeAccess } from "./kube-access.js";
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
    return readFailed("invalid", `The snapshot ${dir} is of cluster ${of}, not ${clusterName}: pass clusterName=${of}, or the snapshot of ${clusterName}.`);
  }
  return readOk(raw);
}

export async function openK8sSource(opts: ViewOptions): Promise<Read<K8sSource>> {
  if (opts.snapshot !== undefined) {
    const raw = await openSnapshot(opts.snapshot, opts.clusterName);
    return raw.ok ? readOk(createOfflineK8sSource(raw.value)) : raw;
  }
  const access = resolveKubeAccess(opts);
  if (!access.ok) return access;
  return readOk(createLiveK8sSource(access.value, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
}
