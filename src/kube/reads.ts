// The Kubernetes resources irsa-doctor reads (the collectors, the cluster tools and the log tools alike), with
// the verbs used on each: the only resources paths.ts is asked to build, and the source of the
// least-privilege ClusterRole in deploy/kubernetes (a test checks the two agree). Secrets are not here, so no
// code path can ask for one.

/** The kinds irsa-doctor reads, live or from a bundle's files. */
export const READ_KINDS = [
  "Pod",
  "ServiceAccount",
  "Event",
  "MutatingWebhookConfiguration",
  "DaemonSet",
  "Node",
  "Namespace",
  "Deployment",
  "ReplicaSet",
  "Service",
  "ConfigMap",
] as const;
export type ReadKind = (typeof READ_KINDS)[number];

export interface ResourceRead {
  kind: ReadKind;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  verbs: readonly ("get" | "list")[];
}

export const RESOURCE_READS: Record<ReadKind, ResourceRead> = {
  Pod: { kind: "Pod", group: "", version: "v1", plural: "pods", namespaced: true, verbs: ["get", "list"] },
  ServiceAccount: { kind: "ServiceAccount", group: "", version: "v1", plural: "serviceaccounts", namespaced: true, verbs: ["get"] },
  Event: { kind: "Event", group: "", version: "v1", plural: "events", namespaced: true, verbs: ["list"] },
  Node: { kind: "Node", group: "", version: "v1", plural: "nodes", namespaced: false, verbs: ["get"] },
  Namespace: { kind: "Namespace", group: "", version: "v1", plural: "namespaces", namespaced: false, verbs: ["get"] },
  DaemonSet: { kind: "DaemonSet", group: "apps", version: "v1", plural: "daemonsets", namespaced: true, verbs: ["get"] },
  Deployment: { kind: "Deployment", group: "apps", version: "v1", plural: "deployments", namespaced: true, verbs: ["get", "list"] },
  ReplicaSet: { kind: "ReplicaSet", group: "apps", version: "v1", plural: "replicasets", namespaced: true, verbs: ["get", "list"] },
  // The Service a self-hosted pod-identity webhook is called through: its selector names the webhook's pods.
  Service: { kind: "Service", group: "", version: "v1", plural: "services", namespaced: true, verbs: ["get"] },
  // Only those a pod's containers take AWS_* variables from, each by name (src/snapshot/configmap-env.ts): never listed.
  ConfigMap: { kind: "ConfigMap", group: "", version: "v1", plural: "configmaps", namespaced: true, verbs: ["get"] },
  MutatingWebhookConfiguration: {
    kind: "MutatingWebhookConfiguration",
    group: "admissionregistration.k8s.io",
    version: "v1",
    plural: "mutatingwebhookconfigurations",
    namespaced: false,
    verbs: ["list"],
  },
};

/** The one subresource read: container logs. */
export const POD_LOG_READ = { group: "", resource: "pods/log", verbs: ["get"] as const };
