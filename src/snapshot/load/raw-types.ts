// The raw layer's data: what a snapshot directory holds, parsed and classified but not yet judged.
// Shared by the offline loader (which turns it into a Snapshot) and the emulator (which serves it over
// HTTP), so it stays plain data with the file each value came from.

import type { RecordedAwsError } from "./aws-errors.js";
import type {
  CallerIdentity,
  CloudTrailEvent,
  EksAddon,
  EksCluster,
  IamRole,
  K8sObject,
  ListedIn,
  OidcProvider,
  PodIdentityAssociation,
  PolicyDocument,
  SnapshotProblem,
  Target,
} from "../types.js";

/** A value and the file it came from, relative to the snapshot directory ("aws/get-role-payments.json"). */
export type { RecordedAwsError } from "./aws-errors.js";

export interface Sourced<T> {
  value: T;
  source: string;
}

export interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

export interface InlineRolePolicy {
  RoleName: string;
  PolicyName: string;
  PolicyDocument: PolicyDocument;
}

export interface PolicyVersion {
  /** Not in the CLI output: matched from the file name against the attached policies. */
  PolicyArn: string;
  VersionId?: string;
  IsDefaultVersion?: boolean;
  CreateDate?: string;
  Document: PolicyDocument;
}

export interface AwsDocs {
  callerIdentity?: Sourced<CallerIdentity>;
  clusters: Sourced<EksCluster>[];
  /** From list-clusters (the region's clusters); undefined when the bundle has no such output. */
  clusterNames?: Sourced<string[]>;
  /** From list-pod-identity-associations; undefined when the bundle has no such output. */
  podIdentityAssociationSummaries?: Sourced<PodIdentityAssociation>[];
  /** From describe-pod-identity-association. */
  podIdentityAssociations: Sourced<PodIdentityAssociation>[];
  addons: Sourced<EksAddon>[];
  /** Provider ARNs; undefined = not collected, [] = collected and empty. */
  oidcProviderList?: Sourced<string[]>;
  /** Arn derived (get-open-id-connect-provider carries none). */
  oidcProviders: Sourced<OidcProvider>[];
  roles: Sourced<IamRole>[];
  /**
   * Present when the bundle holds `aws iam list-roles` output (its roles are in `roles` too). `complete`:
   * no page was cut short, so a role of `account` that is not in `roles` does not exist.
   */
  roleListing?: { source: string; complete: boolean; account: string | null };
  /** Keyed by role name. */
  attachedRolePolicies: Record<string, Sourced<AttachedPolicy[]>>;
  /** Keyed by role name. */
  inlineRolePolicyNames: Record<string, Sourced<string[]>>;
  inlineRolePolicies: Sourced<InlineRolePolicy>[];
  policyVersions: Sourced<PolicyVersion>[];
  /** Every lookup-events output merged, sorted by time; undefined when there is none. */
  cloudTrailEvents?: Sourced<CloudTrailEvent[]>;
  /** AWS CLI error lines kept in aws/*.error.txt: proof that something is absent or was denied. */
  recordedErrors: Sourced<RecordedAwsError>[];
}

/** A Secret of k8s/ reduced to its key names: the parser keeps nothing else of it. */
export interface SecretKeyNames {
  namespace: string;
  name: string;
  keys: string[];
}

export interface RawSnapshot {
  /** The snapshot directory as given. */
  dir: string;
  target: Target;
  /** Read kinds only (Secrets never), sorted by kind, namespace, name. */
  k8sObjects: Sourced<K8sObject>[];
  /** Kinds named by typed lists (e.g. an empty PodList): looked for even when nothing came back. */
  k8sListedKinds: string[];
  /** Kinds listed in one namespace only (an empty `k8s/pods-kube-system.yaml`): "none there", nothing of elsewhere. */
  k8sListedIn: ListedIn[];
  /** Files of k8s/ holding a list asked for with a selector: their items are evidence, what they lack is not proven absent. */
  k8sFilteredSources: string[];
  /** Service-account issuers stated by discovery documents in k8s/. */
  k8sIssuers: Sourced<string>[];
  /** Secrets of k8s/, reduced to their key names (values are never read past the parser). */
  k8sSecretKeys: Sourced<SecretKeyNames>[];
  /** Kinds of which an object was left out for its shape, with why: their absence cannot be concluded. */
  k8sRejectedKinds?: Record<string, string>;
  /** Kinds whose read kubectl was refused, from k8s/*.error.txt (src/snapshot/load/k8s-refusals.ts). */
  k8sDeniedKinds?: Record<string, { permission: string; detail: string }>;
  aws: AwsDocs;
  /** Absolute path of logs/, or null when there is none. */
  logsRoot: string | null;
  problems: SnapshotProblem[];
  present: { k8s: boolean; aws: boolean; logs: boolean };
}
