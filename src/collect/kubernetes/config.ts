// Loads the kubeconfig the summary chose into client-node, which owns the credentials: tokens, client
// certificates, exec plugins (aws eks get-token), in-cluster service accounts. Used, never printed.

import { KubeConfig } from "../../vendor/kubernetes.js";
import { CollectError } from "../types.js";
import type { KubeconfigSummary } from "./kubeconfig-file.js";

export interface KubeAccess {
  config: KubeConfig;
  server: string;
}

export function loadKubeAccess(summary: KubeconfigSummary): KubeAccess {
  const kc = new KubeConfig();
  try {
    if ("inCluster" in summary.source) kc.loadFromCluster();
    else {
      const [first, ...rest] = summary.source.files;
      if (first) kc.loadFromFile(first);
      for (const file of rest) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more);
      }
    }
    if (summary.contextName) kc.setCurrentContext(summary.contextName);
  } catch (err) {
    throw new CollectError(`the kubeconfig (${summary.origin}) could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new CollectError(`the kubeconfig (${summary.origin}) has no current context naming a cluster — pass --context <name>`);
  return { config: kc, server: cluster.server.replace(/\/+$/, "") };
}
