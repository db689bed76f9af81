// Gathers cluster_health's inputs from any AWS reader and Kubernetes source, live or offline alike: the
// independent reads at once, then the two that need an earlier answer (the OIDC provider needs the
// cluster's issuer, the agent's pods need its DaemonSet's selector).

import { oidcProviderArn, parseArn, partitionOfRegion } from "../../snapshot/load/arn.js";
import type { DaemonSet, EksCluster, MutatingWebhookConfiguration, OidcProvider, Pod } from "../../snapshot/types.js";
import { lookupKind } from "../kinds.js";
import { type K8sSource, type Read, readFailed, readOk } from "../types.js";
import type { AwsHealthReads, HealthInputs } from "./types.js";
import { POD_IDENTITY_AGENT, SYSTEM_NAMESPACE } from "../../kube/eks-names.js";
import { compareText } from "../../util/compare.js";

export const AGENT_NAME = POD_IDENTITY_AGENT;
export const AGENT_NAMESPACE = SYSTEM_NAMESPACE;
const AGENT_POD_LIMIT = 200;

const kind = (name: string) => {
  const found = lookupKind(name, undefined);
  if (!found.ok) throw new Error(`clusterview: ${name} missing from the kind table`);
  return found.info;
};

/** Where the Kubernetes side could not be opened: every Kubernetes read fails with that reason. */
export type K8sSide = { ok: true; source: K8sSource } | { ok: false; failure: Read<never> };

const issuerPath = (issuer: string) => issuer.replace(/^https:\/\//, "").toLowerCase();

async function oidcProviderOf(aws: AwsHealthReads, cluster: Read<EksCluster>, list: Read<string[]>): Promise<Read<OidcProvider> | null> {
  const issuer = cluster.ok ? cluster.value.identity?.oidc?.issuer : undefined;
  if (!cluster.ok || !issuer) return null;
  const suffix = `:oidc-provider/${issuerPath(issuer)}`;
  if (list.ok) {
    const arn = list.value.find((a) => a.toLowerCase().endsWith(suffix));
    if (!arn)
      return readFailed(
        "not_found",
        `The account's IAM OIDC provider list (${list.value.length} provider${list.value.length === 1 ? "" : "s"}) has no provider for the cluster's issuer ${issuer}.`,
      );
    return aws.getOidcProvider(arn);
  }
  // The list was refused: the provider's ARN follows from the issuer, so read it directly.
  const parsed = parseArn(cluster.value.arn);
  if (!parsed?.account) return list;
  const direct = await aws.getOidcProvider(oidcProviderArn(parsed.partition || partitionOfRegion(aws.region), parsed.account, issuer));
  if (direct.ok || direct.failure.kind === "not_found") return direct;
  return readFailed(
    direct.failure.kind,
    `${list.failure.message} Reading the provider directly failed too: ${direct.failure.message}`,
    [list.failure.permission, direct.failure.permission].filter(Boolean).join(" and ") || undefined,
  );
}

function agentSelector(ds: DaemonSet): string | null {
  const labels = ((ds.spec?.["selector"] ?? {}) as { matchLabels?: Record<string, string> }).matchLabels ?? {};
  const terms = Object.entries(labels)
    .sort(([a], [b]) => compareText(a, b))
    .map(([k, v]) => `${k}=${v}`);
  return terms.length > 0 ? terms.join(",") : null;
}

async function agentPodsOf(side: K8sSide, agent: Read<DaemonSet>): Promise<Read<Pod[]> | null> {
  if (!side.ok || !agent.ok) return null;
  const labelSelector = agentSelector(agent.value);
  if (!labelSelector) return null;
  const pods = await side.source.list(kind("Pod"), AGENT_NAMESPACE, { labelSelector, limit: AGENT_POD_LIMIT });
  return pods.ok ? readOk(pods.value.items as Pod[]) : pods;
}

export async function gatherHealth(clusterName: string, aws: AwsHealthReads, side: K8sSide): Promise<HealthInputs> {
  const k8sList = async (): Promise<Read<MutatingWebhookConfiguration[]>> => {
    if (!side.ok) return side.failure;
    const listed = await side.source.list(kind("MutatingWebhookConfiguration"), null, { limit: 500 });
    return listed.ok ? readOk(listed.value.items as MutatingWebhookConfiguration[]) : listed;
  };
  const k8sAgent = async (): Promise<Read<DaemonSet>> => {
    if (!side.ok) return side.failure;
    const got = await side.source.get(kind("DaemonSet"), AGENT_NAMESPACE, AGENT_NAME);
    return got.ok ? readOk(got.value as DaemonSet) : got;
  };
  const clusterThenProvider = (async () => {
    const [cluster, list] = await Promise.all([aws.describeCluster(clusterName), aws.listOidcProviders()]);
    return { cluster, list, provider: await oidcProviderOf(aws, cluster, list) };
  })();
  const agentThenPods = (async () => {
    const agent = await k8sAgent();
    return { agent, pods: await agentPodsOf(side, agent) };
  })();
  const [oidc, addon, webhooks, agent] = await Promise.all([
    clusterThenProvider,
    aws.describeAddon(clusterName, AGENT_NAME),
    k8sList(),
    agentThenPods,
  ]);
  return {
    clusterName,
    cluster: oidc.cluster,
    oidcProviderList: oidc.list,
    oidcProvider: oidc.provider,
    addon,
    webhooks,
    agent: agent.agent,
    agentPods: agent.pods,
  };
}
