// pod_identity.agent_not_running: the pod is set up for EKS Pod Identity but nothing serves its node's
// 169.254.170.23: the eks-pod-identity-agent DaemonSet is absent, no agent pod runs on the node, that pod
// crash-loops or is not ready, the add-on is degraded, or the node is Fargate (where the agent never runs).
// "Connection refused" from the agent address is the usual symptom; the DaemonSet's state is the proof.

import type { Check, Confidence, Finding, OperatorAction } from "../types.js";
import { AGENT_NAME, agentAddress, clusterLabel, lineEvidence, matchesOf, saLabel, usesPodIdentity } from "./context.js";
import { agentState, type AgentState } from "./agent-state.js";
import { addonHealth, agentLogs, agentRolloutStatus, createAgentAddon, whyNoAgentOnNode } from "./actions.js";
import { causeMeta } from "../../causes.js";

import { after } from "../../diagnosis/timeline.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Pod } from "../../snapshot/types.js";

const CAUSE = "pod_identity.agent_not_running";

interface Verdict {
  confidence: Confidence;
  why: string;
  toConfirm: string[];
}

/** When the agent pod became ready: its Ready condition's transition, else its container's start. */
function agentReadyAt(pod: Pod): string | null {
  const conditions = (pod.status?.["conditions"] as { type?: string; status?: string; lastTransitionTime?: string }[] | undefined) ?? [];
  const ready = conditions.find((c) => c.type === "Ready" && c.status === "True")?.lastTransitionTime;
  return ready ?? pod.status?.containerStatuses?.map((c) => c.state?.running?.startedAt).find((t) => t !== undefined) ?? null;
}

/** When the target pod failed: a container that ended in error, else its first credential error in the logs. */
function failedAt(f: Facts): { time: string; what: string } | null {
  const statuses = [...(f.pod?.status?.initContainerStatuses ?? []), ...(f.pod?.status?.containerStatuses ?? [])];
  for (const cs of statuses) {
    for (const t of [cs.state?.terminated, cs.lastState?.terminated]) {
      if (t?.finishedAt && (t.exitCode ?? 0) !== 0)
        return { time: t.finishedAt, what: `container ${cs.name} ended with exit code ${t.exitCode} (${t.reason ?? "Error"})` };
    }
  }
  const first = f.timeline.find((e) => e.kind === "log" && e.error);
  return first ? { time: first.time, what: `its first credential error (${first.source})` } : null;
}

function verdict(a: AgentState, refused: boolean, f: Facts): Verdict | null {
  const node = a.nodeName ?? "the pod's node";
  if (a.fargate)
    return {
      confidence: "high",
      why: `the pod runs on Fargate node ${node}, where the ${AGENT_NAME} DaemonSet never runs (EKS Pod Identity does not support Fargate)`,
      toConfirm: [],
    };
  // Auto Mode nodes run the agent themselves: no DaemonSet is the normal state there, not a fault.
  if (a.builtIn === "node") return null;
  if (a.daemonSet === "absent" && a.builtIn === "cluster")
    return {
      confidence: refused ? "medium" : "low",
      why: `the ${AGENT_NAME} DaemonSet does not exist in kube-system, which only matters if ${node} is not an EKS Auto Mode node (the cluster has Auto Mode compute on, and its nodes run the agent themselves)`,
      toConfirm: [`kubectl get node ${node} -L eks.amazonaws.com/compute-type, to see whether it is an Auto Mode node ("auto")`],
    };
  if (a.daemonSet === "absent") {
    return {
      confidence: "high",
      why: `the ${AGENT_NAME} DaemonSet does not exist in kube-system${a.addonProblem ? ` (add-on ${a.addonProblem})` : ""}`,
      toConfirm: [],
    };
  }
  if (a.podOnNode === null) return { confidence: "high", why: `no ${AGENT_NAME} pod runs on node ${node}`, toConfirm: [] };
  if (a.podOnNode && a.podOnNodeProblem) {
    return {
      confidence: "high",
      why: `the agent pod on node ${node}, ${a.podOnNode.metadata.name}, does not serve (${a.podOnNodeProblemShort})`,
      toConfirm: [],
    };
  }
  if (a.podOnNode) {
    // The node's agent runs now; it is still the cause when it only became ready after the pod had failed
    // (a new node where the workload started first): the timeline, not the current state, decides.
    const ready = agentReadyAt(a.podOnNode);
    const failed = failedAt(f);
    if (ready && failed && after(ready, failed.time)) {
      return {
        confidence: "high",
        why: `the agent pod on node ${node}, ${a.podOnNode.metadata.name}, became ready at ${ready}, after ${failed.what} at ${failed.time}: when the pod asked for credentials nothing served the agent address on its node (it is running now)`,
        toConfirm: [],
      };
    }
    return null; // The node's agent runs: whatever fails, it is not this.
  }
  const listPods = `kubectl -n kube-system get pods -l app.kubernetes.io/name=${AGENT_NAME} -o wide, to see the agent pod on node ${node}`;
  if (a.daemonSet === "found" && (a.degraded || a.addonProblem)) {
    return {
      confidence: refused ? "high" : "medium",
      why: `the ${AGENT_NAME} DaemonSet is not fully ready (${a.readiness})${a.addonProblem ? ` and the add-on reports ${a.addonProblem}` : ""}${refused ? `, and nothing answers at the agent address on the pod's node` : ""}`,
      toConfirm: refused ? [] : [listPods],
    };
  }
  if (a.daemonSet === "unavailable" && a.addonProblem) {
    return {
      confidence: "medium",
      why: `the ${AGENT_NAME} add-on reports ${a.addonProblem}`,
      toConfirm: [`kubectl -n kube-system get ds ${AGENT_NAME}`, listPods],
    };
  }
  if (a.daemonSet === "unavailable" && refused) {
    return {
      confidence: "medium",
      why: "the application's requests to the agent address are refused, which is what a node without a running agent answers",
      toConfirm: [`kubectl -n kube-system get ds ${AGENT_NAME} -o wide (the DaemonSet was not collected)`, listPods],
    };
  }
  return null;
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    if (!usesPodIdentity(f)) return null;
    const refusedLines = matchesOf(f, ["pod_identity.agent_connection_refused"]);
    const a = agentState(s, f);
    const v = verdict(a, refusedLines.length > 0, f);
    if (!v) return null;

    const address = agentAddress(f);
    const actions: OperatorAction[] = [];
    if (a.daemonSet === "absent" && a.builtIn === null) actions.push(createAgentAddon(s, f));
    if (a.fargate) {
      actions.push({
        description: `Run ${saLabel(f)} on EC2 nodes (remove it from the Fargate profile's selectors), or give it an IRSA role instead: EKS Pod Identity is not available on Fargate.`,
        command: `aws eks list-fargate-profiles --cluster-name ${clusterLabel(s, f)}\naws eks describe-fargate-profile --cluster-name ${clusterLabel(s, f)} --fargate-profile-name <profile> --query 'fargateProfile.selectors'`,
        safety: "Read-only check",
      });
    }
    if (a.podOnNode === null) actions.push(whyNoAgentOnNode(a.nodeName));
    if (a.addonProblem) actions.push(addonHealth(s, f));
    if (!a.fargate) {
      actions.push(agentRolloutStatus());
      if (a.daemonSet !== "absent" && a.podOnNode !== null)
        actions.push(agentLogs(a.podOnNode?.metadata.name ?? null, a.nodeName, Boolean(a.podOnNodeProblem)));
    }

    const immediate = a.fargate
      ? `Operator: move ${saLabel(f)} off Fargate or switch it to IRSA; the Pod Identity agent cannot serve Fargate pods.`
      : a.builtIn === "cluster" && a.daemonSet === "absent"
        ? `Operator: check whether node ${a.nodeName ?? "of the pod"} is an EKS Auto Mode node; if it is not, install the ${AGENT_NAME} add-on (aws eks create-addon --cluster-name ${clusterLabel(s, f)} --addon-name ${AGENT_NAME}).`
        : a.daemonSet === "absent"
          ? `Operator: install the ${AGENT_NAME} add-on (aws eks create-addon --cluster-name ${clusterLabel(s, f)} --addon-name ${AGENT_NAME}) and wait until its DaemonSet is ready on node ${a.nodeName ?? "of the pod"}.`
          : `Operator: get the ${AGENT_NAME} pod on node ${a.nodeName ?? "of the pod"} running and ready (its logs say why it is not), then check kubectl -n kube-system rollout status ds/${AGENT_NAME}.`;

    return {
      causeId: CAUSE,
      confidence: v.confidence,
      detail: `Pod ${f.pod?.metadata.name ?? saLabel(f)} uses EKS Pod Identity (${saLabel(f)}) but ${v.why}, so nothing serves ${address} for it`,
      evidence: [...lineEvidence(refusedLines), ...a.evidence],
      immediate,
      actions,
      toConfirm: v.toConfirm,
    };
  },
};
