// cluster_health: the cluster-wide links of the credential chain as the evidence shows them: the EKS cluster,
// its OIDC issuer and whether IAM has a provider for it, the pod-identity webhook, the Pod Identity agent
// and add-on. The same judgements the checks use (webhookState, agentState), so the two never disagree.

import { agentState } from "../../checks/pod_identity/agent-state.js";
import { webhookState } from "../../checks/webhook/webhook-state.js";
import { valueOf } from "../../snapshot/evidence.js";
import { paramText } from "../params.js";
import { done, notAvailable, type StepExecutor } from "./outcome.js";

export const clusterHealth: StepExecutor = (env) => {
  const { snapshot, diagnosis } = env.session;
  const asked = paramText(env.params, "clusterName");
  const cluster = valueOf(snapshot.aws.cluster);
  if (asked !== null && cluster && cluster.name !== asked) return notAvailable(`the evidence describes cluster ${cluster.name}, not ${asked}`);
  const oidc = diagnosis.facts.aws.oidc;
  const webhook = webhookState(snapshot, diagnosis.facts.pod);
  const agent = agentState(snapshot, diagnosis.facts);
  const clusterEvidence = snapshot.aws.cluster;
  const result = {
    cluster: cluster
      ? { name: cluster.name, status: cluster.status ?? null, version: cluster.version ?? null, endpoint_public: cluster.resourcesVpcConfig?.endpointPublicAccess ?? null, endpoint_private: cluster.resourcesVpcConfig?.endpointPrivateAccess ?? null }
      : { name: asked, not_available: clusterEvidence.status === "unavailable" ? `${clusterEvidence.reason}: ${clusterEvidence.detail}` : "not found" },
    oidc: {
      issuer: oidc.issuerUrl,
      provider: oidc.provider,
      provider_arn: oidc.expectedProviderArn,
      audiences: oidc.details?.ClientIDList ?? null,
      other_providers: oidc.otherProviders,
    },
    webhook: { status: webhook.status, configuration: webhook.configName, exclusion: webhook.exclusion, failing_events: webhook.failingEvents.length },
    pod_identity_agent: {
      daemonset: agent.daemonSet,
      readiness: agent.readiness,
      on_pod_node: agent.podOnNode === undefined ? "unknown" : agent.podOnNode === null ? "none" : agent.podOnNodeProblem ?? "running",
      addon: agent.addon ? { status: agent.addon.status ?? null, version: agent.addon.addonVersion ?? null, problem: agent.addonProblem } : null,
    },
    identity_mode: diagnosis.facts.mode,
  };
  const summary = [
    `cluster ${result.cluster.name ?? "unknown"}${cluster?.status ? ` ${cluster.status}` : ""}`,
    `OIDC provider ${oidc.provider}${oidc.issuerUrl ? ` for ${oidc.issuerUrl}` : ""}`,
    `webhook ${webhook.status}`,
    `Pod Identity agent ${agent.daemonSet}${agent.readiness ? ` (${agent.readiness})` : ""}`,
  ].join("; ");
  return done(summary, result);
};
