// The state of the eks-pod-identity-agent as the evidence shows it: the DaemonSet (absent, not ready), the
// agent pod on the target pod's node (missing, crash-looping), and the EKS add-on's health. Each finding is
// a sentence the report can quote, with the file it came from.

import type { Facts } from "../../diagnosis/facts/index.js";
import { builtInAgent, type BuiltInAgent } from "../../snapshot/built-in-agent.js";
import type { DaemonSet, EksAddon, Node, Pod, Snapshot } from "../../snapshot/types.js";
import type { ReportEvidence } from "../types.js";
import { AGENT_NAME } from "./context.js";

export interface AgentState {
  /** found / absent (DaemonSets of kube-system were collected, this one is not there) / unavailable. */
  daemonSet: "found" | "absent" | "unavailable";
  ds: DaemonSet | undefined;
  /** "2/3 ready, 1 unavailable", when found. */
  readiness: string | null;
  /** Fewer pods ready than scheduled, or some unavailable. */
  degraded: boolean;
  nodeName: string | null;
  /** The agent pod on the target pod's node: null when agent pods were listed and none runs there; undefined when unknown. */
  podOnNode: Pod | null | undefined;
  /** Why that pod does not serve (CrashLoopBackOff, not ready, pending), or null when it runs. */
  podOnNodeProblem: string | null;
  /** The same in a few words, for the detail sentence. */
  podOnNodeProblemShort: string | null;
  addon: EksAddon | undefined;
  /** The add-on's status and health issues when it is not ACTIVE and clean. */
  addonProblem: string | null;
  /** Pod Identity does not run on Fargate: the agent DaemonSet never schedules there. */
  fargate: boolean;
  /** EKS Auto Mode runs the agent inside the node, so no DaemonSet or add-on is expected (see builtInAgent). */
  builtIn: BuiltInAgent;
  evidence: ReportEvidence[];
}

function readinessOf(ds: DaemonSet): { text: string; degraded: boolean } {
  const st = ds.status ?? {};
  const desired = st.desiredNumberScheduled ?? 0;
  const ready = st.numberReady ?? 0;
  const unavailable = st.numberUnavailable ?? Math.max(0, desired - (st.numberAvailable ?? ready));
  return {
    text: `${ready}/${desired} ready${unavailable > 0 ? `, ${unavailable} unavailable` : ""}`,
    degraded: ready < desired || unavailable > 0,
  };
}

/** Why an agent pod does not serve, from its status (long and short); null when its agent container runs and is ready. */
function podProblem(pod: Pod): { long: string; short: string } | null {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const c of statuses) {
    const waiting = c.state?.waiting;
    if (waiting?.reason && waiting.reason !== "PodInitializing" && waiting.reason !== "ContainerCreating") {
      const last = c.lastState?.terminated;
      const lastText = last
        ? `; last exit ${last.exitCode ?? "?"} (${last.reason ?? "terminated"}) at ${last.finishedAt ?? "an unknown time"}`
        : "";
      return {
        long: `container ${c.name} is ${waiting.reason} (restarts: ${c.restartCount ?? 0})${waiting.message ? `: ${waiting.message}` : ""}${lastText}`,
        short: `${waiting.reason}, ${c.restartCount ?? 0} restarts${last ? `, last exit code ${last.exitCode ?? "?"}` : ""}`,
      };
    }
  }
  const phase = pod.status?.phase;
  if (phase && phase !== "Running") {
    const text = `the pod is ${phase}${pod.status?.reason ? ` (${pod.status.reason})` : ""}`;
    return { long: text, short: text };
  }
  const agent = pod.status?.containerStatuses?.find((c) => c.name === AGENT_NAME) ?? pod.status?.containerStatuses?.[0];
  if (agent && agent.ready === false) {
    return {
      long: `container ${agent.name} is running but not ready (restarts: ${agent.restartCount ?? 0})`,
      short: "running but not ready",
    };
  }
  return null;
}

function isFargate(node: Node | undefined, nodeName: string | null): boolean {
  return node?.metadata.labels?.["eks.amazonaws.com/compute-type"] === "fargate" || (nodeName ?? "").startsWith("fargate-");
}

export function agentState(s: Snapshot, f: Facts): AgentState {
  const evidence: ReportEvidence[] = [];
  const dsEv = s.k8s.podIdentityAgent;
  const ds = dsEv.status === "found" ? dsEv.value : undefined;
  let readiness: string | null = null;
  let degraded = false;
  if (ds) {
    const r = readinessOf(ds);
    readiness = r.text;
    degraded = r.degraded;
    evidence.push({
      type: "cluster",
      content: `DaemonSet kube-system/${AGENT_NAME}: ${r.text}`,
      source: dsEv.status === "found" ? dsEv.source : "",
    });
  } else if (dsEv.status === "absent") {
    evidence.push({
      type: "cluster",
      content: `No DaemonSet kube-system/${AGENT_NAME} among the DaemonSets collected`,
      source: dsEv.source,
    });
  }

  const nodeName = f.pod?.spec.nodeName ?? null;
  const podsEv = s.k8s.podIdentityAgentPods;
  let podOnNode: Pod | null | undefined;
  if (podsEv.status === "found" && nodeName) {
    podOnNode = podsEv.value.find((p) => p.spec.nodeName === nodeName) ?? null;
  }
  const problem = podOnNode ? podProblem(podOnNode) : null;
  const podOnNodeProblem = problem?.long ?? null;
  if (podOnNode && podsEv.status === "found") {
    evidence.push({
      type: "pod_spec",
      content: `Agent pod kube-system/${podOnNode.metadata.name} on node ${nodeName}: ${podOnNodeProblem ?? "running and ready"}`,
      source: podsEv.source,
    });
  } else if (podOnNode === null && podsEv.status === "found") {
    const where = podsEv.value
      .map((p) => p.spec.nodeName)
      .filter((n): n is string => Boolean(n))
      .sort();
    evidence.push({
      type: "pod_spec",
      content: `No ${AGENT_NAME} pod runs on node ${nodeName}${where.length ? ` (agent pods run on ${where.join(", ")})` : " (no agent pods at all)"}`,
      source: podsEv.source,
    });
  }

  const addonEv = s.aws.podIdentityAddon;
  const addon = addonEv.status === "found" ? addonEv.value : undefined;
  let addonProblem: string | null = null;
  if (addon) {
    const issues = addon.health?.issues ?? [];
    if ((addon.status && addon.status !== "ACTIVE") || issues.length > 0) {
      const text = issues.map((i) => `${i.code ?? "issue"}: ${i.message ?? ""}`.trim()).join("; ");
      addonProblem = `status ${addon.status ?? "unknown"}${text ? ` — ${text}` : ""}`;
      evidence.push({
        type: "cluster",
        content: `EKS add-on ${AGENT_NAME} (${addon.addonVersion ?? "version unknown"}): ${addonProblem}`,
        source: addonEv.status === "found" ? addonEv.source : "",
      });
    }
  }

  const nodeEv = s.k8s.node;
  const fargate = isFargate(nodeEv.status === "found" ? nodeEv.value : undefined, nodeName);
  if (fargate) evidence.push({ type: "node", content: `Pod ${f.pod?.metadata.name ?? ""} runs on Fargate node ${nodeName}` });
  const builtIn = fargate ? null : builtInAgent(s, nodeName);
  if (builtIn === "node")
    evidence.push({
      type: "node",
      content: `Node ${nodeName} is an EKS Auto Mode node (eks.amazonaws.com/compute-type: auto), which runs the Pod Identity agent itself`,
    });

  return {
    daemonSet: ds ? "found" : dsEv.status === "absent" ? "absent" : "unavailable",
    ds,
    readiness,
    degraded,
    nodeName,
    podOnNode,
    podOnNodeProblem,
    podOnNodeProblemShort: problem?.short ?? null,
    addon,
    addonProblem,
    fargate,
    builtIn,
    evidence: evidence.map((e) => (e.source === "" ? { type: e.type, content: e.content } : e)),
  };
}

/** The agent serves this pod as far as the evidence shows: DaemonSet there and its pod on the node runs. */
export function agentServesPod(a: AgentState): boolean {
  if (a.builtIn === "node") return true;
  if (a.fargate || a.daemonSet === "absent") return false;
  if (a.podOnNode === null || a.podOnNodeProblem) return false;
  if (a.podOnNode) return true;
  return a.daemonSet === "found" && !a.degraded;
}
