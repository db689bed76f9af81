// Public shapes of the live collectors: what to diagnose (a pod, a service account or a deployment in a
// namespace), how to reach the cluster and the account, and what a collection hands back: the Snapshot the
// checks read, the raw outputs capture writes, and the record of every call made.

import type { CapturedOutputs } from "../snapshot/write/types.js";
import type { Snapshot } from "../snapshot/types.js";

export interface LiveTarget {
  namespace: string;
  /** One of pod, serviceAccount or deployment names the workload; pod wins when several are given. */
  pod?: string | null;
  serviceAccount?: string | null;
  /** Resolved to its pod template's service account and its pods (one more round of reads). */
  deployment?: string | null;
  instanceId?: string | null;
  /** RFC 3339; centres the CloudTrail window (else the window ends now). */
  incidentTime?: string | null;
}

export interface CollectOptions {
  /** Kubeconfig context to use instead of the current one. */
  context?: string;
  /** AWS profile (else AWS_PROFILE, else the default chain). */
  profile?: string;
  /** AWS region (else the EKS ARN of the kubeconfig context, else AWS_REGION / the profile's region). */
  region?: string;
  /** EKS cluster name (else taken from the kubeconfig context when it names an EKS cluster). */
  cluster?: string;
  /** Kubeconfig file (else KUBECONFIG, ~/.kube/config, then the in-cluster service account). */
  kubeconfigPath?: string;
  /** Per request, Kubernetes and AWS alike. Default 10 000 ms. */
  timeoutMs?: number;
  /** Told when a phase of the collection starts or ends; for progress lines on stderr. */
  onProgress?(phase: string): void;
  /**
   * Told once, when the first answer the other reads hang on (the pod's) is in and those reads have started:
   * from then on the collection mostly waits for the network, and what the caller loads holds nothing up.
   */
  onFirstAnswer?(): void;
  /** Lines read from the end of each container log. Default 2000. */
  logTailLines?: number;
  /** Bytes read at most from each container log. Default 2 MiB. */
  logLimitBytes?: number;
  /** The clock (CloudTrail window without an incident time, capture time). */
  clock?: () => Date;
}

export type CallService = "k8s" | "iam" | "sts" | "eks" | "cloudtrail";

/** One request the collectors made, in the order they were started. */
export interface CallRecord {
  service: CallService;
  /** AWS operation ("GetRole") or Kubernetes verb and resource ("get pods", "list events", "get pods/log"). */
  action: string;
  /** What the call was about: a role name, "payments/pod-x", a page marker... Unique per call. */
  subject: string;
  /** Dependent round: 1 for calls that needed nothing, else one more than the deepest result they used. */
  round: number;
  outcome: "ok" | "absent" | "permission_denied" | "unreachable" | "parse_error" | "error";
  /** Milliseconds from the collection's start to the request and to its answer (for the benchmark). */
  startMs: number;
  endMs: number;
}

export interface LiveCollection {
  snapshot: Snapshot;
  /** Everything read, as capture writes it (secrets already removed). */
  captured: CapturedOutputs;
  /** Every request, in start order. */
  calls: CallRecord[];
}

/** Bad input (a target that cannot be right, a kubeconfig or context that does not exist): says what to fix. */
export class CollectError extends Error {
  override readonly name = "CollectError";
}
