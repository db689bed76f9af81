// The names EKS gives its workload-identity parts, spelled once: the Pod Identity agent (add-on, DaemonSet and
// container all share the name), the namespace it runs in, the label its pods carry, and the IRSA annotation.

/** The EKS Pod Identity agent: the add-on's name, its DaemonSet's and its container's. */
export const POD_IDENTITY_AGENT = "eks-pod-identity-agent";
/** Where EKS runs its system workloads, the agent among them. */
export const SYSTEM_NAMESPACE = "kube-system";
/** The label selector of the agent's pods. */
export const POD_IDENTITY_AGENT_SELECTOR = `app.kubernetes.io/name=${POD_IDENTITY_AGENT}`;
