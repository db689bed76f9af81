// Indexes the logs of a node (by EC2 instance id) or of one pod through the Kubernetes API: the pods'
// container logs, and for a node the kubelet's journal through the node log query where the cluster
// allows it. Each log is read once here, to count its bytes, check it is text and note where it starts
// (so later reads see the same lines); nothing of it is kept.

import type { IncomingMessage } from "node:http";
import type { IndexProgress } from "../sources/directory.js";
import { HEAD_BYTES } from "../../logs/file-kind.js";
import { skipReason } from "../sources/head.js";
import type { IndexedSource } from "../types.js";
import { KUBE_TIMEOUT_MS, LogToolError } from "../types.js";
import type { KubeClient } from "../../kube/client.js";
import { CREDENTIALS_REFUSED, classifyKubeError } from "../../kube/errors.js";
import { AGENT_NAME, isAgentPod, logTargets, podLogName, usesPodIdentity, type LogTarget, type PodLike } from "./pods.js";
import { lineTimestamp } from "./timestamps.js";
import { SYSTEM_NAMESPACE } from "../../kube/eks-names.js";
import { apiPath, nodeLogPath, podLogPath } from "../../kube/paths.js";
import { RESOURCE_READS } from "../../kube/reads.js";

const POD_LOG_TAIL_LINES = 100_000;
const POD_LOG_LIMIT_BYTES = 64 * 1024 * 1024;
const NODE_LOG_TAIL_LINES = 100_000;
const PARALLEL_READS = 4;

export type KubeTarget = { kind: "instance"; instanceId: string } | { kind: "pod"; namespace: string; name: string };

interface NodeLike {
  metadata: { name: string };
  spec?: { providerID?: string };
}

async function listAll<T>(access: KubeClient, path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = JSON.parse(await access.get(path, { ...query, limit: "500", continue: token }, signal)) as {
      items?: T[];
      metadata?: { continue?: string };
    };
    items.push(...(page.items ?? []));
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
}

export async function indexKubernetes(
  access: KubeClient,
  target: KubeTarget,
  progress: IndexProgress,
  now: Date,
  signal?: AbortSignal,
): Promise<IndexedSource[]> {
  try {
    return await indexTargets(access, target, progress, now, signal);
  } catch (error) {
    if (error instanceof LogToolError) throw error;
    throw new LogToolError(
      `Could not read the cluster at ${access.server} (${access.summary.origin}): ${describeKubeError(error, "list nodes and pods")}`,
    );
  }
}

async function indexTargets(
  access: KubeClient,
  target: KubeTarget,
  progress: IndexProgress,
  now: Date,
  signal?: AbortSignal,
): Promise<IndexedSource[]> {
  const targets: LogTarget[] = [];
  let node: string | null = null;
  if (target.kind === "instance") {
    const nodes = await listAll<NodeLike>(access, apiPath(RESOURCE_READS.Node, null), {}, signal);
    const found = nodes.find((n) => (n.spec?.providerID ?? "").endsWith(`/${target.instanceId}`));
    if (!found) {
      throw new LogToolError(
        `No node of the cluster at ${access.server} (context ${access.summary.contextName ?? "in-cluster"}) has an instance id ${target.instanceId} in its spec.providerID: check the id (kubectl get nodes -o wide) and the context.`,
      );
    }
    node = found.metadata.name;
    const pods = await listAll<PodLike>(access, apiPath(RESOURCE_READS.Pod, null), { fieldSelector: `spec.nodeName=${node}` }, signal);
    if (!pods.some(isAgentPod))
      progress.problem({
        source: `nodes/${node}`,
        message: `no ${AGENT_NAME} pod runs on this node (EKS Pod Identity cannot work here; IRSA does not need it)`,
      });
    for (const pod of pods) targets.push(...logTargets(pod));
  } else {
    let pod: PodLike;
    try {
      pod = JSON.parse(await access.get(apiPath(RESOURCE_READS.Pod, target.namespace, target.name), {}, signal)) as PodLike;
    } catch (error) {
      if (classifyKubeError(error, KUBE_TIMEOUT_MS).kind === "not_found") {
        throw new LogToolError(
          `Pod ${target.namespace}/${target.name} does not exist in the cluster at ${access.server}: check the namespace and name (kubectl get pods -n ${target.namespace}).`,
        );
      }
      throw error;
    }
    targets.push(...logTargets(pod));
    if (usesPodIdentity(pod) && pod.spec?.nodeName) {
      const agents = await listAll<PodLike>(
        access,
        apiPath(RESOURCE_READS.Pod, SYSTEM_NAMESPACE),
        { fieldSelector: `spec.nodeName=${pod.spec.nodeName}` },
        signal,
      );
      const agent = agents.find(isAgentPod);
      if (agent) targets.push(...logTargets(agent));
      else
        progress.problem({
          source: `nodes/${pod.spec.nodeName}`,
          message: `the pod uses EKS Pod Identity but no ${AGENT_NAME} pod runs on its node ${pod.spec.nodeName}`,
        });
    }
  }
  targets.sort((a, b) => (podLogName(a) < podLogName(b) ? -1 : 1));
  progress.found(targets.length + (node ? 1 : 0));
  const out: IndexedSource[] = [];
  const queue = [...targets];
  const worker = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const source = await indexPodLog(access, t, progress, now, signal);
      if (source) out.push(source);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  if (node) {
    const kubelet = await indexNodeLog(access, node, progress, now, signal);
    if (kubelet) out.push(kubelet);
  }
  return out;
}

async function indexPodLog(
  access: KubeClient,
  t: LogTarget,
  progress: IndexProgress,
  now: Date,
  signal?: AbortSignal,
): Promise<IndexedSource | null> {
  const name = podLogName(t);
  const query: Record<string, string | undefined> = {
    container: t.container,
    timestamps: "true",
    tailLines: String(POD_LOG_TAIL_LINES),
    limitBytes: String(POD_LOG_LIMIT_BYTES),
    previous: t.previous ? "true" : undefined,
  };
  try {
    const res = await access.stream(podLogPath(t.namespace, t.pod), query, signal);
    const seen = await measure(res);
    const skipped = skipReason(name, seen.head);
    if (skipped) progress.problem({ source: name, message: skipped });
    const source: IndexedSource = {
      entry: { name, kind: "pod-log", size: seen.bytes, compressed: false, modified: now.toISOString(), skipped: skipped || null },
      locator: {
        kind: "pod-log",
        namespace: t.namespace,
        pod: t.pod,
        container: t.container,
        previous: t.previous,
        pin: { firstTimestamp: seen.firstTimestamp, bytes: seen.bytes },
      },
    };
    progress.indexed(source, seen.bytes);
    return source;
  } catch (error) {
    progress.problem({
      source: name,
      message: `could not be read: ${describeKubeError(error, `get pods/log in namespace ${t.namespace}`)}`,
    });
    return null;
  }
}

async function indexNodeLog(
  access: KubeClient,
  node: string,
  progress: IndexProgress,
  now: Date,
  signal?: AbortSignal,
): Promise<IndexedSource | null> {
  const name = `nodes/${node}/kubelet.log`;
  const untilTime = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, "Z");
  try {
    const res = await access.stream(nodeLogPath(node), { query: "kubelet", untilTime, tailLines: String(NODE_LOG_TAIL_LINES) }, signal);
    const seen = await measure(res);
    const skipped = skipReason(name, seen.head);
    if (skipped) progress.problem({ source: name, message: skipped });
    const source: IndexedSource = {
      entry: { name, kind: "node-log", size: seen.bytes, compressed: false, modified: now.toISOString(), skipped: skipped || null },
      locator: { kind: "node-log", node, untilTime, tailLines: NODE_LOG_TAIL_LINES },
    };
    progress.indexed(source, seen.bytes);
    return source;
  } catch (error) {
    const failed = classifyKubeError(error, KUBE_TIMEOUT_MS);
    const why =
      failed.kind === "denied"
        ? `the API server refused the node log query (RBAC: it needs get on nodes/proxy): ${failed.detail ?? failed.message}`
        : failed.kind === "not_found" || failed.kind === "rejected"
          ? `the node's kubelet does not serve log queries (${failed.message}) — it needs the NodeLogQuery feature and enableSystemLogHandler/enableSystemLogQuery in its configuration`
          : describeKubeError(error, "get nodes/proxy");
    progress.problem({ source: name, message: `kubelet log not available: ${why}` });
    return null;
  }
}

/** Reads an answer to its end: its size, its first 64 KiB, and the timestamp of its first line. */
function measure(res: IncomingMessage): Promise<{ bytes: number; head: Buffer; firstTimestamp: string | null }> {
  return new Promise((resolve, reject) => {
    const head: Buffer[] = [];
    let headBytes = 0;
    let bytes = 0;
    res.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (headBytes < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
    });
    res.on("end", () => {
      const start = Buffer.concat(head);
      const firstLine = start.toString("utf8", 0, Math.min(start.length, 200)).split("\n")[0] ?? "";
      const stamp = firstLine.slice(0, Math.max(0, firstLine.indexOf(" ")));
      resolve({ bytes, head: start, firstTimestamp: bytes > 0 && lineTimestamp(firstLine) ? stamp : null });
    });
    res.on("error", reject);
  });
}

export function describeKubeError(error: unknown, permission: string): string {
  const failed = classifyKubeError(error, KUBE_TIMEOUT_MS);
  switch (failed.kind) {
    case "denied":
      return `the API server refused it (RBAC: ${permission}): ${failed.detail ?? failed.message}`;
    case "unauthorized":
      return CREDENTIALS_REFUSED;
    case "unreachable":
      return `the API server is unreachable (${failed.message})`;
    case "too_large":
    case "error":
      return failed.status === undefined ? failed.message : `the API server answered ${failed.message}`;
    default:
      return `the API server answered ${failed.message}`;
  }
}
