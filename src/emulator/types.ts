// Public shapes of the emulator: how it is started, what a test can inject (faults), and what it
// records about each request it served.

/** The services the emulator tells apart; "k8s" is the Kubernetes API, the rest are AWS signing names. */
export type EmulatedService = "k8s" | "iam" | "sts" | "eks" | "cloudtrail" | "logs";

interface FaultMatch {
  service?: EmulatedService;
  /** AWS operation name ("GetRole") or Kubernetes verb + resource ("list pods", "get pods/log"). */
  action?: string;
  /** Compared with the request path (without the query string). */
  pathPrefix?: string;
}

/**
 * "throttle": the service's own rate-limit answer (IAM Throttling, EKS ThrottlingException, Kubernetes 429).
 * "expired_credentials" / "invalid_credentials": the operator's own credentials refused, as AWS answers them
 * (ExpiredToken / InvalidClientTokenId, or the JSON services' ExpiredTokenException /
 * UnrecognizedClientException) and as the apiserver does (401 Unauthorized).
 */
export type FaultKind = "deny" | "timeout" | "server_error" | "not_found" | "throttle" | "expired_credentials" | "invalid_credentials";

export interface Fault {
  match: FaultMatch;
  kind: FaultKind;
  /** Applies to the first N matching requests only (then the request is answered as usual); default every one. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  /** The request path without the query string. */
  path: string;
  /** The raw query string without "?" ("" when none). */
  query: string;
  service: EmulatedService | "unknown";
  action: string;
  /** The HTTP status answered, or null when no answer was sent (timeout fault, client gone). */
  status: number | null;
}

export interface EmulatorOptions {
  snapshotDir: string;
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  /** Delay added before every answer (for benchmarks). */
  latencyMs?: number;
  /** Largest page any list answers with, whatever the client asked (to exercise paging). */
  pageSize?: number;
  faults?: Fault[];
}

export interface EmulatorHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  /** A kubeconfig pointing at the emulator, with a dummy token. Removed by close(). */
  kubeconfigPath: string;
  /** Environment that points the AWS SDK and kubectl-style clients at the emulator (dummy credentials). */
  env: Record<string, string>;
  requests(): RecordedRequest[];
  close(): Promise<void>;
}
