// What a live collection hands to capture: the outputs it received, already in the offline format's
// shapes (Kubernetes objects as `kubectl get -o json` prints them, AWS outputs as the AWS CLI's
// `--output json`, AWS errors as the CLI's error line, log tails as text), each with where it is saved.

import type { K8sObject, ListedIn } from "../types.js";

export interface CapturedAwsOutput {
  /** File name under aws/, e.g. "iam-get-role-payments-api.json". */
  file: string;
  /** The CLI's JSON output (policy documents decoded, times as the CLI prints them). */
  output: unknown;
}

export interface CapturedAwsError {
  /** File name under aws/, e.g. "iam-get-role-payments-api.error.txt". */
  file: string;
  /** The API operation, e.g. "GetRole". */
  operation: string;
  /** What the call named: role name, cluster name, add-on name, association id. */
  subject: string;
  /** AWS's error code, e.g. "NoSuchEntity", "AccessDenied". */
  code: string;
  message: string;
}

interface CapturedLog {
  /** Path under logs/, e.g. "pods/payments/payments-api-7d9c8b6f5-x2k4q/payments-api.log". */
  file: string;
  text: string;
}

export interface CapturedOutputs {
  /** Objects read, kind and apiVersion set, secrets masked. */
  k8sObjects: K8sObject[];
  /**
   * Kinds whose every read answered (found or not found). They are saved as typed lists (PodList...) so
   * the offline loader knows they were looked for; a kind with a failed read is saved as a plain List, so
   * what could not be read stays "not collected" instead of turning into "absent".
   */
  k8sCompleteKinds: string[];
  /**
   * Lists of one namespace that answered. For a kind with a failed read elsewhere, an empty one is saved as an
   * empty List named `<plural>-<namespace>`, so "none there" survives without claiming anything of elsewhere.
   */
  k8sListedIn?: ListedIn[];
  aws: CapturedAwsOutput[];
  awsErrors: CapturedAwsError[];
  logs: CapturedLog[];
  /** The API server's service-account issuer discovery document, read when the cluster is not EKS. */
  k8sIssuerDiscovery?: { issuer: string; jwks_uri: string };
}
