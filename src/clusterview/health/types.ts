// cluster_health's shapes: what is read (each read ok, absent or failed, never guessed) and what is said
// about it, one item per part of workload identity, each ok / problem / unknown with its reason.

import type { DaemonSet, EksAddon, EksCluster, MutatingWebhookConfiguration, OidcProvider, Pod } from "../../snapshot/types.js";
import type { Read } from "../types.js";

export interface HealthInputs {
  clusterName: string;
  cluster: Read<EksCluster>;
  oidcProviderList: Read<string[]>;
  /** null: not looked up, because the cluster's issuer is not known. */
  oidcProvider: Read<OidcProvider> | null;
  addon: Read<EksAddon>;
  webhooks: Read<MutatingWebhookConfiguration[]>;
  agent: Read<DaemonSet>;
  /** The agent DaemonSet's pods; null when the DaemonSet was not read. */
  agentPods: Read<Pod[]> | null;
}

export type HealthStatus = "ok" | "problem" | "unknown";

export type HealthItemId =
  "cluster" | "oidc_issuer" | "oidc_provider" | "pod_identity_webhook" | "pod_identity_agent_addon" | "pod_identity_agent_daemonset";

export type DetailValue = string | number | boolean | null | string[];

export interface HealthItem {
  id: HealthItemId;
  /** Which credential path the item matters to: a problem under pod_identity does not affect IRSA pods. */
  applies_to: "cluster" | "irsa" | "pod_identity";
  status: HealthStatus;
  reason: string;
  /** For unknown items a read was denied: the permission that would let it be read. */
  permission: string | null;
  details: Record<string, DetailValue>;
}

/** What the AWS side can be asked, live (SDK over the collectors' read-only table) or from a snapshot. */
export interface AwsHealthReads {
  /** Region the reads go to, null when none could be found. */
  region: string | null;
  describeCluster(name: string): Promise<Read<EksCluster>>;
  listOidcProviders(): Promise<Read<string[]>>;
  getOidcProvider(arn: string): Promise<Read<OidcProvider>>;
  describeAddon(cluster: string, addon: string): Promise<Read<EksAddon>>;
}
