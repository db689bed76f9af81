// Finds the cluster to read: an explicit kubeconfig file, KUBECONFIG, ~/.kube/config, or the pod's own
// service account when running in a cluster; then the context asked for. Also reads which EKS cluster the
// context points at (the ARN `aws eks update-kubeconfig` writes, or the exec plugin's --cluster-name), so
// the AWS side knows what to describe without being told. Credentials are used, never printed.

import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { CollectError } from "../types.js";

const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface EksHint {
  cluster: string | null;
  region: string | null;
  account: string | null;
  /** Where the hint came from, for the report ("kubeconfig context arn:aws:eks:..."). */
  from: string | null;
}

export interface KubeAccess {
  config: KubeConfig;
  server: string;
  /** The kubeconfig file(s) or "in-cluster service account". */
  origin: string;
  contextName: string | null;
  eks: EksHint;
}

export type KubeAccessResult = { ok: true; access: KubeAccess } | { ok: false; why: string };

/**
 * Loads the kubeconfig. Throws CollectError for input that is wrong (a file or context that does not
 * exist); returns { ok: false } when nothing is configured at all, so the AWS side can still be read.
 */
export function loadKubeAccess(opts: { kubeconfigPath?: string; context?: string }, env: NodeJS.ProcessEnv = process.env): KubeAccessResult {
  const kc = new KubeConfig();
  let origin: string;
  const envFiles = (env["KUBECONFIG"] ?? "").split(delimiter).filter((f) => f !== "");
  try {
    if (opts.kubeconfigPath) {
      if (!existsSync(opts.kubeconfigPath)) throw new CollectError(`kubeconfig ${opts.kubeconfigPath} does not exist — pass the path of a kubeconfig file`);
      kc.loadFromFile(opts.kubeconfigPath);
      origin = opts.kubeconfigPath;
    } else if (envFiles.length > 0) {
      const first = envFiles[0] as string;
      if (!existsSync(first)) throw new CollectError(`KUBECONFIG names ${first}, which does not exist — fix KUBECONFIG or pass --kubeconfig`);
      kc.loadFromDefault();
      origin = envFiles.join(delimiter);
    } else if (existsSync(join(homedir(), ".kube", "config"))) {
      kc.loadFromFile(join(homedir(), ".kube", "config"));
      origin = "~/.kube/config";
    } else if (existsSync(IN_CLUSTER_TOKEN)) {
      kc.loadFromCluster();
      origin = "in-cluster service account";
    } else {
      return {
        ok: false,
        why: "no kubeconfig: KUBECONFIG is not set, ~/.kube/config does not exist and this is not running in a pod — pass --kubeconfig or set KUBECONFIG",
      };
    }
  } catch (err) {
    if (err instanceof CollectError) throw err;
    throw new CollectError(`the kubeconfig could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const known = kc.getContexts().map((c) => c.name).sort();
      throw new CollectError(`context "${opts.context}" is not in the kubeconfig (${origin}); its contexts are: ${known.join(", ") || "(none)"}`);
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new CollectError(`the kubeconfig (${origin}) has no current context naming a cluster — pass --context <name>`);
  }
  const contextName = kc.getCurrentContext() || null;
  return { ok: true, access: { config: kc, server: cluster.server.replace(/\/+$/, ""), origin, contextName, eks: eksHint(kc, contextName) } };
}

const EKS_ARN = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9][A-Za-z0-9_-]*)$/;
const EKS_HOST_REGION = /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.eks\.amazonaws\.com(?:\.cn)?$/;

/** Which EKS cluster the current context points at, as far as the kubeconfig says. */
export function eksHint(kc: KubeConfig, contextName: string | null): EksHint {
  const context = contextName ? kc.getContextObject(contextName) : null;
  const cluster = kc.getCurrentCluster();
  for (const candidate of [cluster?.name, context?.cluster, contextName]) {
    const m = candidate ? EKS_ARN.exec(candidate) : null;
    if (m) return { cluster: m[3] ?? null, region: m[1] ?? null, account: m[2] ?? null, from: `kubeconfig cluster ${candidate}` };
  }
  const args: unknown = kc.getCurrentUser()?.exec?.args;
  const argList = Array.isArray(args) ? args.map(String) : [];
  const argAfter = (...flags: string[]) => {
    for (const [i, a] of argList.entries()) {
      for (const flag of flags) {
        if (a === flag) return argList[i + 1] ?? null;
        if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
      }
    }
    return null;
  };
  let host = "";
  try {
    host = cluster ? new URL(cluster.server).hostname : "";
  } catch {
    host = "";
  }
  const name = argAfter("--cluster-name", "--cluster-id", "-i");
  const region = argAfter("--region") ?? EKS_HOST_REGION.exec(host)?.[1] ?? null;
  if (name) return { cluster: name, region, account: null, from: `the kubeconfig user's exec arguments (--cluster-name ${name})` };
  return { cluster: null, region, account: null, from: region ? `the API server address ${host}` : null };
}
