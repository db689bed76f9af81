// pod_identity.agent_proxy: an HTTP proxy stands between a Pod Identity pod and its credentials. Either the
// application sets HTTP_PROXY without 169.254.170.23 in NO_PROXY, so the SDK sends its credential request to
// the proxy (which cannot reach a node-local address), or the agent cannot reach EKS Auth through the
// corporate proxy (proxy errors in its log, or no https_proxy on a DaemonSet whose cluster egresses via one).

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import { restartTarget } from "../actions.js";
import { AGENT_IPV4, AGENT_IPV6, AGENT_NAME, agentAddress, lineEvidence, matchesOf, saLabel, usesPodIdentity } from "./context.js";
import { agentProxySettings, containerProxySettings, exempts, withAgentExempt, type ProxySettings } from "./proxy.js";
import { agentLogs } from "./actions.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "pod_identity.agent_proxy";

/** The pod's containers that call the agent (all of them when the webhook injected none). */
function callers(f: Facts): ProxySettings[] {
  const containers = f.pod?.spec.containers ?? [];
  const injected = containers.filter((c) => (c.env ?? []).some((e) => e.name === "AWS_CONTAINER_CREDENTIALS_FULL_URI"));
  return (injected.length > 0 ? injected : containers).map(containerProxySettings);
}

function noProxyText(p: ProxySettings): string {
  return p.noProxy.length > 0 ? p.noProxy.map((n) => `${n.name}=${n.value}`).join(", ") : "no NO_PROXY";
}

function appFix(s: Snapshot, f: Facts, p: ProxySettings): OperatorAction {
  const value = withAgentExempt(p, [AGENT_IPV4, AGENT_IPV6]);
  const names = p.noProxy.length > 0 ? p.noProxy.map((n) => n.name) : ["NO_PROXY", "no_proxy"];
  const target = restartTarget(s, f);
  const assignments = names.map((n) => `${n}=${value}`).join(" ");
  return {
    description: `Exempt the Pod Identity agent (${AGENT_IPV4} and ${AGENT_IPV6}) from the proxy in container ${p.container}: add them to its NO_PROXY in the manifest (setting it with kubectl rolls the pods, and a GitOps sync would undo it).`,
    command: target.startsWith("pod/")
      ? `# ${target} has no controller to patch: add ${assignments} to the container's env in its manifest and re-create it`
      : `kubectl set env ${target} -n ${f.workload.namespace} -c ${p.container} ${assignments}`,
    safety: "Set NO_PROXY on the workload",
  };
}

function agentFix(proxy: string | null): OperatorAction {
  const url = proxy ?? "<proxy-url>";
  return {
    description: `Give the ${AGENT_NAME} DaemonSet the corporate proxy for its HTTPS calls to EKS Auth, keeping the instance metadata service and node-local addresses direct; later add-on updates must use --resolve-conflicts PRESERVE or they reset it.`,
    command: `kubectl set env ds/${AGENT_NAME} -n kube-system -c ${AGENT_NAME} https_proxy=${url} no_proxy=169.254.169.254,${AGENT_IPV4},localhost,127.0.0.1\nkubectl -n kube-system rollout status ds/${AGENT_NAME}`,
    safety: "Configure proxy on the Pod Identity agent",
  };
}

interface Verdict {
  confidence: Confidence;
  detail: string;
  immediate: string;
  evidence: ReportEvidence[];
  actions: OperatorAction[];
  toConfirm: string[];
}

function appProxyVerdict(s: Snapshot, f: Facts): Verdict | null {
  const address = agentAddress(f);
  const podSource = s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {};
  const broken = callers(f).filter((p) => p.httpProxy && !exempts(p, address));
  const p = broken[0];
  if (!p) return null;
  const symptoms = lineEvidence(matchesOf(f, ["pod_identity.agent_timeout", "network.proxy_error"], "app"));
  const hidden = p.httpProxy === "<from valueFrom>" || p.noProxy.some((n) => n.value === "<from valueFrom>");
  return {
    confidence: hidden ? "medium" : "high",
    detail: `Container ${p.container} of pod ${f.pod?.metadata.name ?? saLabel(f)} sets HTTP_PROXY=${p.httpProxy} and ${noProxyText(p)}, which does not exempt the Pod Identity agent ${address}, so the SDK sends its credential request to the proxy, which cannot reach the node-local agent`,
    immediate: `Operator: add ${AGENT_IPV4} and ${AGENT_IPV6} to NO_PROXY (and no_proxy) of container ${p.container} of ${restartTarget(s, f)} in namespace ${f.workload.namespace}, then let the pods roll.`,
    evidence: [
      ...symptoms,
      {
        type: "pod_spec",
        content: `Pod ${f.pod?.metadata.name ?? ""} container ${p.container}: HTTP_PROXY=${p.httpProxy}${p.httpsProxy ? `, HTTPS_PROXY=${p.httpsProxy}` : ""}, ${noProxyText(p)}, AWS_CONTAINER_CREDENTIALS_FULL_URI=http://${address.includes(":") ? `[${address}]` : address}/v1/credentials`,
        ...podSource,
      },
    ],
    actions: [appFix(s, f, p)],
    toConfirm: hidden ? [`the values of the proxy variables of container ${p.container}, set from a ConfigMap or Secret`] : [],
  };
}

function agentProxyVerdict(s: Snapshot, f: Facts): Verdict | null {
  const proxyErrors = matchesOf(f, ["network.proxy_error"], "agent");
  const unreachable = matchesOf(f, ["pod_identity_agent.eks_auth_unreachable"], "agent");
  const ds = valueOf(s.k8s.podIdentityAgent);
  const agentProxy = ds ? agentProxySettings(ds) : null;
  const dsSource = s.k8s.podIdentityAgent.status === "found" ? { source: s.k8s.podIdentityAgent.source } : {};
  // The corporate proxy the cluster's workloads use: the best guess for the one the agent needs.
  const egressProxy =
    callers(f)
      .map((p) => p.httpsProxy)
      .find((x): x is string => Boolean(x) && x !== "<from valueFrom>") ?? null;
  const agentLine = agentProxy
    ? {
        type: "cluster",
        content: `DaemonSet kube-system/${AGENT_NAME} container ${agentProxy.container}: ${agentProxy.httpsProxy ? `https_proxy=${agentProxy.httpsProxy}` : "no https_proxy / HTTPS_PROXY"}${agentProxy.noProxy.length ? `, ${noProxyText(agentProxy)}` : ""}`,
        ...dsSource,
      }
    : null;
  const logs = agentLogs(null, f.pod?.spec.nodeName ?? null, false, "to see its calls to EKS Auth go through the proxy");

  if (proxyErrors.length > 0) {
    const via = agentProxy?.httpsProxy ? `through its configured proxy ${agentProxy.httpsProxy}` : "through a proxy";
    return {
      confidence: "high",
      detail: `The ${AGENT_NAME} cannot reach EKS Auth ${via}: its log shows proxy errors, so every Pod Identity pod on the node, ${saLabel(f)} included, gets no credentials`,
      immediate: `Operator: fix the agent's proxy settings (kubectl set env ds/${AGENT_NAME} -n kube-system https_proxy=${egressProxy ?? "<working proxy>"}${egressProxy ? ", the proxy the cluster's workloads use" : ""}) or let its nodes reach EKS Auth directly, then check the agent's log.`,
      evidence: [...lineEvidence(proxyErrors), ...(agentLine ? [agentLine] : [])],
      actions: [agentFix(egressProxy ?? agentProxy?.httpsProxy ?? null), logs],
      toConfirm: [],
    };
  }
  if (unreachable.length > 0 && agentProxy && !agentProxy.httpsProxy && !agentProxy.hidden && egressProxy) {
    return {
      confidence: "medium",
      detail: `The ${AGENT_NAME} cannot reach EKS Auth and its DaemonSet has no https_proxy, while the pod's own egress goes through proxy ${egressProxy}: the agent needs that proxy too`,
      immediate: `Operator: configure the proxy on the agent: kubectl set env ds/${AGENT_NAME} https_proxy=${egressProxy} -n kube-system.`,
      evidence: [...lineEvidence(unreachable), ...(agentLine ? [agentLine] : [])],
      actions: [agentFix(egressProxy), logs],
      toConfirm: [
        "that the nodes have no direct route to EKS Auth (no NAT gateway, no eks-auth VPC endpoint), so the proxy is the only way out",
      ],
    };
  }
  return null;
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    if (!usesPodIdentity(f)) return null;
    const v = appProxyVerdict(s, f) ?? agentProxyVerdict(s, f);
    if (!v) return null;
    return {
      causeId: CAUSE,
      confidence: v.confidence,
      detail: v.detail,
      evidence: v.evidence,
      immediate: v.immediate,
      actions: v.actions,
      toConfirm: v.toConfirm,
    };
  },
};
