// The fleet audit's shapes: the evidence read once for a whole cluster (the same raw layer a bundle is read
// into), and the result: one verdict per binding, cluster-wide causes once, and what was not checked.

import type { K8sPresence } from "../snapshot/select.js";
import type { AwsDocs, SecretKeyNames, Sourced } from "../snapshot/load/raw-types.js";
import type { Evidence } from "../snapshot/evidence.js";
import type { K8sObject, SnapshotProblem, Target } from "../snapshot/types.js";
import type { Confidence } from "../checks/types.js";
import type { OutcomeId } from "../causes.js";

/** Everything the audit reads, cluster-wide, before any binding is judged. Offline and live build the same. */
export interface FleetEvidence {
  /** cluster, region, account; namespace, pod and serviceAccount are not used. */
  target: Target;
  /** A directory path, or "live". */
  origin: string;
  /** ServiceAccounts, Pods, Namespaces, Nodes, MutatingWebhookConfigurations, the agent DaemonSet. */
  objects: Sourced<K8sObject>[];
  /** Kinds listed cluster-wide (so a namespace without pods has none, rather than "not collected"). */
  listedKinds: string[];
  k8sPresent: boolean;
  failedReads?: K8sPresence["failedReads"];
  /**
   * The service-account issuer the API server signs tokens with, read once for the cluster: a bundle's discovery
   * document or kube-apiserver flags; live, the discovery document when EKS does not describe the cluster (kOps,
   * kubeadm, RKE2). Undefined when neither was read. Every binding's view carries it, as every pod's snapshot does.
   */
  serviceAccountIssuer?: Evidence<string>;
  /** Key names of the Secrets a bundle holds (never values); undefined live, where Secrets are never read. */
  secretKeys?: Sourced<SecretKeyNames>[];
  docs: AwsDocs;
  awsPresent: boolean;
  problems: SnapshotProblem[];
}

type Mechanism = "irsa" | "pod_identity" | "both";

/** A service account IRSA (annotation) or Pod Identity (association) gives a role. */
export interface Binding {
  namespace: string;
  serviceAccount: string;
  mechanism: Mechanism;
  /** The annotation's ARN (IRSA, both), else the association's role; null when not known. */
  roleArn: string | null;
}

export interface BindingVerdict {
  namespace: string;
  service_account: string;
  mechanism: Mechanism;
  role_arn: string | null;
  /** "healthy", a cause id, or "inconclusive" when the evidence read cannot decide. */
  cause_id: OutcomeId;
  confidence: Confidence;
  /** The pods that run as the service account. */
  pods: string[];
  /** One line: the cause's detail, or what was verified, or why nothing could be concluded. */
  evidence: string;
}

export interface ClusterFinding {
  cause_id: OutcomeId;
  confidence: Confidence;
  /** One line about the cluster, not about a pod. */
  evidence: string;
  /** "namespace/service-account" of every binding it breaks. */
  bindings: string[];
}

export interface NotChecked {
  cause_id: string;
  why: string;
}

export interface AuditResult {
  summary: {
    bindings: number;
    healthy: number;
    broken: number;
    inconclusive: number;
    by_cause: Record<string, number>;
  };
  cluster_findings: ClusterFinding[];
  bindings: BindingVerdict[];
  /** Checks the audit leaves out, and evidence it does not read, with why. */
  not_checked: NotChecked[];
  /** Files or reads that could not be used. */
  problems: SnapshotProblem[];
}
