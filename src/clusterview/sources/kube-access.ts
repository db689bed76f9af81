// Which kubeconfig context a tool call reads: the one asked for, else the current one, else (when only
// clusterName is given and the current context points at another EKS cluster) the one context that
// points at clusterName. A context that names a different cluster than clusterName is refused, so a
// runbook step never reads one cluster while reporting on another. The kubeconfig is read with the
// collectors' functions (src/collect/kubernetes/kubeconfig-file.ts, config.ts).

import { statSync } from "node:fs";
import { CollectError } from "../../collect/types.js";
import { type KubeAccess, loadKubeAccess } from "../../collect/kubernetes/config.js";
import { type KubeconfigSummary, eksHint, readKubeconfigSummary } from "../../collect/kubernetes/kubeconfig-file.js";
import { type Read, readFailed, readOk } from "../types.js";

export interface KubeAccessOptions {
  context?: string;
  clusterName?: string;
  kubeconfigPath?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ChosenKube {
  summary: KubeconfigSummary;
  access: KubeAccess;
}

function guarded<T>(read: () => Read<T>): Read<T> {
  try {
    return read();
  } catch (err) {
    if (err instanceof CollectError) return readFailed("invalid", `${err.message}.`);
    throw err;
  }
}

function summaryOf(opts: KubeAccessOptions, context: string | undefined): Read<KubeconfigSummary> {
  return guarded(() => {
    const result = readKubeconfigSummary(
      { ...(opts.kubeconfigPath ? { kubeconfigPath: opts.kubeconfigPath } : {}), ...(context ? { context } : {}) },
      opts.env ?? process.env,
    );
    if (!result.ok) return readFailed("not_collected", `No cluster to read: ${result.why}. Or pass snapshot=<folder> to read an offline bundle.`);
    return readOk(result.summary);
  });
}

/** The kubeconfig's context for `clusterName` when the current one points elsewhere. */
function contextFor(opts: KubeAccessOptions, current: KubeconfigSummary, clusterName: string, pointsAt: string): Read<KubeconfigSummary> {
  if (opts.context) {
    return readFailed(
      "invalid",
      `Context "${opts.context}" points at EKS cluster ${pointsAt}, not ${clusterName}: pass the context of ${clusterName}, or leave clusterName out to read ${pointsAt}.`,
    );
  }
  const access = guarded(() => readOk(loadCached(current)));
  if (!access.ok) return access;
  const all = access.value.config.getContexts().map((c) => c.name).sort();
  const matching: KubeconfigSummary[] = [];
  for (const name of all) {
    const other = summaryOf(opts, name);
    if (other.ok && eksHint(other.value).cluster === clusterName) matching.push(other.value);
  }
  const [only] = matching;
  if (only && matching.length === 1) return readOk(only);
  if (matching.length === 0) {
    return readFailed(
      "invalid",
      `The current context "${current.contextName ?? "(none)"}" points at EKS cluster ${pointsAt}, not ${clusterName}, and no context of the kubeconfig (${current.origin}) points at ${clusterName}. Contexts: ${all.join(", ")}. Run aws eks update-kubeconfig --name ${clusterName}, or pass context=<name>.`,
    );
  }
  return readFailed("invalid", `Several contexts point at EKS cluster ${clusterName} (${matching.map((m) => m.contextName).join(", ")}): pass context=<one of them>.`);
}

/** The summary of the context to read (cheap: no client-node), checked against clusterName. */
export function chooseKubeconfig(opts: KubeAccessOptions): Read<KubeconfigSummary> {
  const first = summaryOf(opts, opts.context);
  if (!first.ok || !opts.clusterName) return first;
  const pointsAt = eksHint(first.value).cluster;
  // A context the kubeconfig does not tie to an EKS cluster name (a plain server URL) is taken as it is.
  if (pointsAt === null || pointsAt === opts.clusterName) return first;
  return contextFor(opts, first.value, opts.clusterName, pointsAt);
}

// The loaded kubeconfig is kept between tool calls: client-node caches an exec plugin's token (aws eks
// get-token) in the KubeConfig until it expires, so a session of runbook steps runs the plugin once, not
// once per call. An edited kubeconfig file (new mtime) is loaded afresh.
const loaded = new Map<string, KubeAccess>();
const MAX_LOADED = 8;

function loadKey(summary: KubeconfigSummary): string {
  const files = "inCluster" in summary.source ? [] : summary.source.files;
  const mtimes = files.map((f) => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return -1;
    }
  });
  return JSON.stringify([summary.origin, files, mtimes, summary.contextName]);
}

function loadCached(summary: KubeconfigSummary): KubeAccess {
  const key = loadKey(summary);
  const hit = loaded.get(key);
  if (hit) return hit;
  const access = loadKubeAccess(summary);
  if (loaded.size >= MAX_LOADED) loaded.delete(loaded.keys().next().value as string);
  loaded.set(key, access);
  return access;
}

/** client-node's view of the chosen context (credentials, TLS), loaded once per kubeconfig version. */
export function accessFor(summary: KubeconfigSummary): Read<ChosenKube> {
  return guarded(() => readOk({ summary, access: loadCached(summary) }));
}

export function resolveKubeAccess(opts: KubeAccessOptions): Read<ChosenKube> {
  const summary = chooseKubeconfig(opts);
  return summary.ok ? accessFor(summary.value) : summary;
}

/** The region the kubeconfig's context for clusterName implies (its EKS ARN or API server host), if any. */
export function kubeRegionHint(opts: KubeAccessOptions & { clusterName: string }, chosen?: Read<KubeconfigSummary>): { region: string; from: string } | null {
  const summary = chosen ?? chooseKubeconfig(opts);
  if (!summary.ok) return null;
  const hint = eksHint(summary.value);
  if (!hint.region || (hint.cluster !== null && hint.cluster !== opts.clusterName)) return null;
  return { region: hint.region, from: hint.from ?? "the kubeconfig" };
}
