// Where the eks-pod-identity-agent runs decides what its absence means. EKS Auto Mode nodes carry the agent
// in their image, and such a cluster has no agent DaemonSet or add-on: their absence there is the normal state.

import { valueOf } from "./evidence.js";
import type { Snapshot } from "./types.js";

/**
 * "node" when the pod's node is labelled eks.amazonaws.com/compute-type: auto; "cluster" when the node was not
 * read but the cluster has Auto Mode compute on (it may still mix in managed node groups); null otherwise.
 */
export type BuiltInAgent = "node" | "cluster" | null;

export function builtInAgent(s: Snapshot, nodeName: string | null): BuiltInAgent {
  const node = valueOf(s.k8s.node);
  if (node && (nodeName === null || node.metadata.name === nodeName))
    return node.metadata.labels?.["eks.amazonaws.com/compute-type"] === "auto" ? "node" : null;
  const compute = valueOf(s.aws.cluster)?.["computeConfig"] as { enabled?: boolean } | undefined;
  return compute?.enabled === true ? "cluster" : null;
}
