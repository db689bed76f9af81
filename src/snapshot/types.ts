// The evidence snapshot: everything the checks may read, gathered once (from a directory of CLI outputs
// or from a live cluster and account) and then only read. Plain JSON data: it serialises and round-trips.
//
// Kubernetes objects keep the shape `kubectl get -o json` prints (only the fields read are typed; the
// rest is kept). AWS objects keep the shape of the AWS CLI's `--output json` (PascalCase, ISO dates),
// except that policy documents are always decoded into objects.

import type { Evidence } from "./evidence.js";

// ---------------------------------------------------------------- target

export interface Target {
  cluster: string | null;
  region: string | null;
  account: string | null;
  namespace: string;
  pod: string | null;
  serviceAccount: string | null;
  instanceId: string | null;
  /** RFC 3339. */
  incidentTime: string | null;
  /** RFC 3339: when a live capture read this (absent in hand-made bundles). */
  capturedAt?: string;
}

// ---------------------------------------------------------------- Kubernetes

interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind: string; name: string; uid?: string; controller?: boolean }[];
  [k: string]: unknown;
}

/** A list of `kind` that was read in one namespace: it proves "none there", and nothing of other namespaces. */
export interface ListedIn {
  kind: string;
  namespace: string;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [k: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  envFrom?: unknown[];
  volumeMounts?: VolumeMount[];
  [k: string]: unknown;
}

interface ServiceAccountTokenProjection {
  audience?: string;
  expirationSeconds?: number;
  path: string;
}

export interface Volume {
  name: string;
  projected?: {
    sources?: { serviceAccountToken?: ServiceAccountTokenProjection; [k: string]: unknown }[];
    defaultMode?: number;
  };
  [k: string]: unknown;
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; message?: string; exitCode?: number; finishedAt?: string };
  };
  lastState?: ContainerStatus["state"];
}

export interface Pod extends K8sObject {
  kind: "Pod";
  spec: {
    serviceAccountName?: string;
    automountServiceAccountToken?: boolean;
    nodeName?: string;
    hostNetwork?: boolean;
    containers: Container[];
    initContainers?: Container[];
    volumes?: Volume[];
    [k: string]: unknown;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    startTime?: string;
    podIP?: string;
    hostIP?: string;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    [k: string]: unknown;
  };
}

export interface ServiceAccount extends K8sObject {
  kind: "ServiceAccount";
  automountServiceAccountToken?: boolean;
}

export interface K8sEvent extends K8sObject {
  kind: "Event";
  type?: string; // Normal | Warning
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  involvedObject: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface MutatingWebhook {
  name: string;
  clientConfig?: { service?: { name: string; namespace: string; path?: string; port?: number }; url?: string };
  failurePolicy?: string;
  namespaceSelector?: unknown;
  objectSelector?: unknown;
  rules?: { operations?: string[]; apiGroups?: string[]; apiVersions?: string[]; resources?: string[] }[];
  [k: string]: unknown;
}

export interface MutatingWebhookConfiguration extends K8sObject {
  kind: "MutatingWebhookConfiguration";
  webhooks?: MutatingWebhook[];
}

export interface DaemonSet extends K8sObject {
  kind: "DaemonSet";
  spec?: {
    template?: { spec?: { containers?: Container[]; hostNetwork?: boolean; [k: string]: unknown } };
    [k: string]: unknown;
  };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    numberAvailable?: number;
    numberUnavailable?: number;
    [k: string]: unknown;
  };
}

export interface Node extends K8sObject {
  kind: "Node";
  spec?: { providerID?: string; [k: string]: unknown };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    nodeInfo?: { kubeletVersion?: string; [k: string]: unknown };
    addresses?: { type: string; address: string }[];
    [k: string]: unknown;
  };
}

/** Namespace, Deployment, ReplicaSet: read for labels, owners and pod templates. */
export type GenericObject = K8sObject;

export interface KubernetesEvidence {
  /** The pod being diagnosed: the named pod, or the one chosen among the service account's pods. */
  pod: Evidence<Pod>;
  /** Every pod of the target (same service account or same owner), the diagnosed one included. */
  pods: Evidence<Pod[]>;
  serviceAccount: Evidence<ServiceAccount>;
  /** Events about the pod and the service account. */
  events: Evidence<K8sEvent[]>;
  mutatingWebhooks: Evidence<MutatingWebhookConfiguration[]>;
  /** The eks-pod-identity-agent DaemonSet in kube-system. */
  podIdentityAgent: Evidence<DaemonSet>;
  /** The agent's pods; the one on the target pod's node first. */
  podIdentityAgentPods: Evidence<Pod[]>;
  node: Evidence<Node>;
  namespace: Evidence<GenericObject>;
  /** Deployment / ReplicaSet owning the pod, when present. */
  owners: Evidence<GenericObject[]>;
  /**
   * The pods and events behind a self-hosted pod-identity webhook's Service (kOps, kubeadm): why the apiserver
   * cannot call it. Unset when no configuration names a Service (EKS runs its webhook on the control plane).
   */
  webhookBackends?: Evidence<WebhookBackend[]>;
  /**
   * The service-account issuer, on clusters that are not EKS (kOps, kubeadm): from the discovery document
   * or the kube-apiserver's first --service-account-issuer. Optional: live EKS collection reads the issuer
   * from describe-cluster instead.
   */
  serviceAccountIssuer?: Evidence<string>;
  /**
   * Key NAMES (never values) of the Secrets the pod's containers pull in with envFrom. Offline bundles
   * only: live collection never reads a Secret, and leaves this unset.
   */
  secretKeys?: Evidence<SecretKeys[]>;
  /**
   * The ConfigMaps the pod's containers take AWS_* variables from (envFrom configMapRef, or an AWS_* variable's
   * configMapKeyRef), keyed by name, in the pod's namespace; unset when no container does. Only those keys are
   * kept (src/snapshot/configmap-env.ts), and never a credential's value.
   */
  configMaps?: Record<string, Evidence<ConfigMapEnv>>;
}

/**
 * What the diagnosis keeps of a ConfigMap a container takes variables from: the keys that become AWS_* variables
 * in the pod (after an envFrom prefix, or by a configMapKeyRef), with their values redacted; a credential's value
 * (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ACCESS_KEY_ID...) is null: its presence is what counts.
 */
export interface ConfigMapEnv {
  namespace: string;
  name: string;
  /** Key -> value (null: withheld as a credential). */
  data: Record<string, string | null>;
}

/** The pods behind the Service a self-hosted pod-identity webhook is called through, and the events about them. */
export interface WebhookBackend {
  service: { name: string; namespace: string };
  /** The Service's selector that picked the pods; null when the Service was not read (its pods were matched by name or label). */
  selector: Record<string, string> | null;
  pods: Pod[];
  /** Events about those pods, oldest first. */
  events: K8sEvent[];
}

/** A Secret referenced by envFrom: its key names, or null when the bundle does not hold it. */
export interface SecretKeys {
  namespace: string;
  name: string;
  keys: string[] | null;
  /** The file the names were read from. */
  source?: string;
}

// ---------------------------------------------------------------- AWS

// The IAM policy documents are iam's (src/iam/types.ts, where they are parsed); named here too because the
// snapshot's AWS shapes are written in them.
export type { PolicyDocument, PolicyStatement } from "../iam/types.js";
import type { PolicyDocument } from "../iam/types.js";

export interface IamRole {
  RoleName: string;
  RoleId?: string;
  Arn: string;
  Path?: string;
  CreateDate?: string;
  MaxSessionDuration?: number;
  /** Always decoded (IAM's raw API returns it URL-encoded). */
  AssumeRolePolicyDocument: PolicyDocument;
}

export interface RolePermissions {
  attached: { PolicyName: string; PolicyArn: string; Document?: PolicyDocument }[];
  inline: { PolicyName: string; Document?: PolicyDocument }[];
  /** Whether the attached list was read: an empty `attached` then means "none", otherwise "not collected". */
  attachedListed?: boolean;
  /** Likewise for the inline policy names. */
  inlineListed?: boolean;
}

export interface OidcProvider {
  Arn: string;
  /** As IAM stores it: without "https://", e.g. "oidc.eks.eu-west-1.amazonaws.com/id/ABC". */
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate?: string;
  Tags?: { Key: string; Value: string }[];
}

export interface EksCluster {
  name: string;
  arn: string;
  version?: string;
  status?: string;
  endpoint?: string;
  identity?: { oidc?: { issuer?: string } };
  resourcesVpcConfig?: { endpointPublicAccess?: boolean; endpointPrivateAccess?: boolean; vpcId?: string };
  [k: string]: unknown;
}

export interface PodIdentityAssociation {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  associationArn: string;
  associationId: string;
  /** Present once described (list-pod-identity-associations does not return it). */
  roleArn?: string;
  targetRoleArn?: string;
  createdAt?: string;
  modifiedAt?: string;
}

export interface EksAddon {
  addonName: string;
  clusterName?: string;
  status?: string;
  addonVersion?: string;
  health?: { issues?: { code?: string; message?: string }[] };
  [k: string]: unknown;
}

export interface CallerIdentity {
  UserId: string;
  Account: string;
  Arn: string;
}

export interface CloudTrailEvent {
  EventId: string;
  EventName: string;
  EventTime: string;
  EventSource?: string;
  Username?: string;
  /** The CloudTrail record, parsed. */
  CloudTrailEvent: Record<string, unknown>;
}

export interface AwsEvidence {
  callerIdentity: Evidence<CallerIdentity>;
  cluster: Evidence<EksCluster>;
  podIdentityAssociations: Evidence<PodIdentityAssociation[]>;
  podIdentityAddon: Evidence<EksAddon>;
  /** The account's OIDC providers (ARNs), as list-open-id-connect-providers returns them. */
  oidcProviderList: Evidence<string[]>;
  /** Keyed by provider ARN. */
  oidcProviders: Record<string, Evidence<OidcProvider>>;
  /** Keyed by role name. */
  roles: Record<string, Evidence<IamRole>>;
  /** Keyed by role name. */
  rolePermissions: Record<string, Evidence<RolePermissions>>;
  cloudTrail: Evidence<CloudTrailEvent[]>;
  /** Associations of other clusters found in a bundle (never collected live): what another cluster had. */
  otherClusterAssociations?: Evidence<PodIdentityAssociation[]>;
}

// ---------------------------------------------------------------- logs

/** One recognised message in the logs (see src/logs/patterns.ts for the pattern ids). */
export interface LogMatch {
  patternId: string;
  /** Path relative to the logs root (or "pod/<ns>/<name>/<container>" when collected live). */
  file: string;
  line: number;
  /** The matched line, trimmed to a bounded length, secrets redacted. */
  text: string;
  /** RFC 3339 when the line carries a timestamp. */
  time: string | null;
  /** Values captured by the pattern (e.g. the role ARN in the message). */
  captures: Record<string, string>;
}

export interface LogEvidence {
  /** The log sources that were read, relative to the logs root. */
  files: string[];
  /** Recognised messages, at most a bounded number per pattern and file (count says how many there were). */
  matches: LogMatch[];
  /** Per pattern id: total number of lines that matched. */
  counts: Record<string, number>;
}

// ---------------------------------------------------------------- the snapshot

export interface SnapshotProblem {
  /** The file (or API call) that could not be used. */
  source: string;
  message: string;
}

export interface Snapshot {
  /** Bumped when the shape changes incompatibly. */
  version: 1;
  target: Target;
  /** Where the evidence came from: a directory path or "live". */
  origin: string;
  k8s: KubernetesEvidence;
  aws: AwsEvidence;
  logs: Evidence<LogEvidence>;
  /** Files that could not be parsed and reads that failed unexpectedly: never dropped silently. */
  problems: SnapshotProblem[];
}
