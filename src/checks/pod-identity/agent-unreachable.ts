// pod_identity.agent_unreachable: the agent runs but cannot reach EKS Auth (eks-auth.<region>.api.aws), so
// the SDK's requests to 169.254.170.23 time out ("Read timeout on endpoint URL"). Typical of nodes in
// private subnets without a NAT gateway and without the eks-auth PrivateLink endpoint, or of security
// groups that drop the traffic. A proxy in the way, or an agent that is not running, is another cause's.

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import {
  AGENT_NAME,
  agentAddress,
  clusterLabel,
  isAgentLog,
  isIpv6Cluster,
  lineEvidence,
  matchesOf,
  saLabel,
  usesPodIdentity,
} from "./context.js";
import { agentServesPod, agentState } from "./agent-state.js";
import { agentLogs, createEksAuthEndpoint, eksAuthEndpoint } from "./actions.js";
import { check as proxyCheck } from "./agent-proxy.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "pod_identity.agent_unreachable";

function privateCluster(f: Facts): boolean {
  return f.aws.cluster?.resourcesVpcConfig?.endpointPublicAccess === false;
}

function agentLogsCollected(s: Snapshot): boolean {
  return (valueOf(s.logs)?.files ?? []).some((file) => file.includes(AGENT_NAME));
}

function routeCheck(f: Facts): OperatorAction {
  const config = f.aws.cluster?.resourcesVpcConfig as { subnetIds?: string[]; clusterSecurityGroupId?: string } | undefined;
  const subnets = config?.subnetIds?.length ? config.subnetIds.join(",") : "<node subnet ids>";
  return {
    description:
      "See whether the nodes' subnets have a default route (NAT gateway) and which security groups the endpoint would need to admit (read-only).",
    command: `aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=${subnets} --query 'RouteTables[].Routes[?DestinationCidrBlock==\`0.0.0.0/0\`]'\naws ec2 describe-security-groups --group-ids ${config?.clusterSecurityGroupId ?? "<node security group id>"} --query 'SecurityGroups[].IpPermissionsEgress'`,
    safety: "Read-only check",
  };
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    if (!usesPodIdentity(f)) return null;
    const agentSide = matchesOf(f, ["pod_identity_agent.eks_auth_unreachable"], "agent");
    const appSide = matchesOf(f, ["pod_identity.agent_timeout"]).filter((m) => !isAgentLog(m));
    // Refused connections usually mean no agent (agent_not_running); with the node's agent running they mean
    // something between the pod and the agent address drops them.
    const refused = matchesOf(f, ["pod_identity.agent_connection_refused"]).filter((m) => !isAgentLog(m));
    if (agentSide.length === 0 && appSide.length === 0 && refused.length === 0) return null;
    // A proxy in the credential path, or an agent that is not serving, explains the same timeouts.
    if (proxyCheck.run(s, f)) return null;
    const agent = agentState(s, f);
    const serving = agentServesPod(agent);
    if (!serving && (agent.daemonSet !== "unavailable" || agent.podOnNode !== undefined)) return null;

    if (agentSide.length === 0 && appSide.length === 0) {
      if (!agent.podOnNode || agent.podOnNodeProblem) return null;
      return {
        causeId: CAUSE,
        confidence: "low",
        detail: `Pod ${f.pod?.metadata.name ?? saLabel(f)} (${saLabel(f)}) has its connections to the agent at ${agentAddress(f)} refused although the agent pod ${agent.podOnNode.metadata.name} on its node runs: a NetworkPolicy, a security group for pods, or an agent that did not bind that address is in the way`,
        evidence: [...lineEvidence(refused), ...agent.evidence.filter((e) => e.type === "pod_spec")],
        immediate: `Operator: read the log of agent pod ${agent.podOnNode.metadata.name} for the addresses it listens on, and check the NetworkPolicies of namespace ${f.workload.namespace} for egress to ${agentAddress(f)}:80.`,
        actions: [agentLogs(agent.podOnNode.metadata.name, agent.nodeName, false, "to see which addresses it listens on")],
        toConfirm: [`kubectl -n ${f.workload.namespace} get networkpolicy -o yaml, for egress rules that drop ${agentAddress(f)}:80`],
      };
    }

    const isPrivate = privateCluster(f);
    const endpoint = eksAuthEndpoint(s, f);
    const toConfirm: string[] = [];
    let confidence: Confidence;
    // The node's agent log read with no EKS Auth failure: the agent reaches EKS Auth, so the app's timeouts lie
    // between the pod and the agent (a NetworkPolicy, a node firewall), which this cause's fix does not touch.
    const onNode = agent.podOnNode?.metadata.name;
    const agentLogClean = (valueOf(s.logs)?.files ?? []).some((file) => file.includes(onNode ?? AGENT_NAME));
    if (agentSide.length > 0) confidence = "high";
    else {
      confidence = isPrivate && serving && !agentLogClean ? "medium" : "low";
      toConfirm.push(
        agentLogsCollected(s)
          ? `the ${AGENT_NAME} log on node ${agent.nodeName ?? "of the pod"} has no EKS Auth error: look at NetworkPolicies or security groups for pods between the pod and ${agentAddress(f)}`
          : `kubectl -n kube-system logs of the ${AGENT_NAME} pod on node ${agent.nodeName ?? "of the pod"}, to see whether it times out calling EKS Auth`,
      );
      if (!serving) toConfirm.push(`kubectl -n kube-system get ds ${AGENT_NAME}, to rule out an agent that is not running`);
    }
    toConfirm.push(
      `aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=${endpoint}, to see whether the VPC has the EKS Auth endpoint`,
    );

    const cluster = clusterLabel(s, f);
    const evidence: ReportEvidence[] = [...lineEvidence([...appSide, ...agentSide])];
    const clusterSource = s.aws.cluster.status === "found" ? { source: s.aws.cluster.source } : {};
    if (f.aws.cluster?.resourcesVpcConfig) {
      const v = f.aws.cluster.resourcesVpcConfig;
      evidence.push({
        type: "cluster",
        content: `Cluster ${cluster}: endpointPublicAccess=${String(v.endpointPublicAccess)}, endpointPrivateAccess=${String(v.endpointPrivateAccess)}, VPC ${v.vpcId ?? "unknown"}${isIpv6Cluster(f) ? ", IPv6 (agent at fd00:ec2::23)" : ""}`,
        ...clusterSource,
      });
    }
    evidence.push(...agent.evidence.filter((e) => e.type !== "cluster" || e.content.startsWith("DaemonSet")));

    const why =
      agentSide.length > 0
        ? `the ${AGENT_NAME} cannot reach EKS Auth from node ${agent.nodeName ?? "of the pod"} (its calls to AssumeRoleForPodIdentity time out)`
        : `the pod's credential requests to the agent at ${agentAddress(f)} time out while the agent runs, which is how an agent that cannot reach EKS Auth looks`;
    const privateNote = isPrivate
      ? `; cluster ${cluster} has a private-only API endpoint, so its nodes likely have no internet egress and need the ${endpoint} VPC endpoint`
      : "";
    return {
      causeId: CAUSE,
      confidence,
      detail: `Pod ${f.pod?.metadata.name ?? saLabel(f)} (${saLabel(f)}) gets no Pod Identity credentials because ${why}${privateNote}`,
      evidence,
      immediate: `Operator: give the nodes a route to EKS Auth: create the ${endpoint} interface VPC endpoint (private DNS on) in the nodes' subnets with a security group allowing 443 from the nodes, or restore their NAT egress; then check the agent's log on node ${agent.nodeName ?? "of the pod"}.`,
      actions: [
        createEksAuthEndpoint(s, f),
        routeCheck(f),
        agentLogs(
          agent.podOnNode?.metadata.name ?? null,
          agent.nodeName,
          false,
          "to see its calls to EKS Auth fail or succeed once the endpoint exists",
        ),
      ],
      toConfirm: confidence === "high" ? [] : toConfirm,
    };
  },
};
