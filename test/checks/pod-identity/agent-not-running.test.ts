// pod_identity.agent_not_running: fires when the DaemonSet, its pod on the target's node or the add-on
// shows the agent not serving a Pod Identity pod; medium when only a refused connection points at it with
// the DaemonSet unavailable; quiet for healthy agents, IRSA pods and other nodes' trouble.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/pod-identity/agent-not-running.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { absent, found, notCollected } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Pod, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const NODE = "ip-10-0-77-203.eu-west-1.compute.internal";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function agentPods(s: Snapshot): Pod[] {
  if (s.k8s.podIdentityAgentPods.status !== "found") throw new Error("base scenario has no agent pods");
  return s.k8s.podIdentityAgentPods.value;
}

function crashLoop(p: Pod): void {
  const c = p.status?.containerStatuses?.[0];
  if (!c) throw new Error("agent pod has no container status");
  c.ready = false;
  c.restartCount = 12;
  c.state = { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container" } };
  c.lastState = { terminated: { exitCode: 1, reason: "Error", finishedAt: "2024-05-14T11:16:52Z" } };
}

function degrade(s: Snapshot): void {
  if (s.k8s.podIdentityAgent.status !== "found") throw new Error("base scenario has no agent DaemonSet");
  s.k8s.podIdentityAgent.value.status = { desiredNumberScheduled: 3, numberReady: 2, numberAvailable: 2, numberUnavailable: 1 };
}

const refused: LogMatch = {
  patternId: "pod_identity.agent_connection_refused",
  file: "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log",
  line: 2,
  text: 'Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: connect: connection refused',
  time: null,
  captures: {},
};

describe("pod_identity.agent_not_running", () => {
  it("does not fire on the healthy Pod Identity and IRSA scenarios", async () => {
    expect(run(await variant(PI, () => {}))).toBeNull();
    expect(run(await variant(IRSA, () => {}))).toBeNull();
  });

  it("fires high when the agent pod on the pod's node crash-loops, naming it", async () => {
    const s = await variant(PI, (x) => {
      degrade(x);
      crashLoop(agentPods(x).find((p) => p.spec.nodeName === NODE)!);
    });
    const finding = run(s);
    expect(finding?.causeId).toBe("pod_identity.agent_not_running");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain(`eks-pod-identity-agent-q5c8n, does not serve (CrashLoopBackOff, 12 restarts, last exit code 1)`);
    expect(finding?.detail).toContain("169.254.170.23");
    expect(finding?.actions.map((a) => a.command).join("\n")).toContain(
      "kubectl -n kube-system logs eks-pod-identity-agent-q5c8n -c eks-pod-identity-agent --previous",
    );
  });

  it("does not fire when only an agent pod on another node is down", async () => {
    const s = await variant(PI, (x) => {
      degrade(x);
      crashLoop(agentPods(x).find((p) => p.spec.nodeName !== NODE)!);
    });
    expect(run(s)).toBeNull();
  });

  it("fires high with the create-addon command when the DaemonSet is absent", async () => {
    const s = await variant(PI, (x) => {
      x.k8s.podIdentityAgent = absent("k8s/", "DaemonSet kube-system/eks-pod-identity-agent is not among the DaemonSet objects collected");
      x.k8s.podIdentityAgentPods = found([], "k8s/");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("the eks-pod-identity-agent DaemonSet does not exist in kube-system");
    expect(finding?.actions[0]?.command).toBe(
      "aws eks create-addon --cluster-name prod-eu --addon-name eks-pod-identity-agent --region eu-west-1",
    );
  });

  it("fires high when no agent pod runs on the pod's node", async () => {
    const s = await variant(PI, (x) => {
      x.k8s.podIdentityAgentPods = found(
        agentPods(x).filter((p) => p.spec.nodeName !== NODE),
        "k8s/agent.yaml",
      );
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain(`no eks-pod-identity-agent pod runs on node ${NODE}`);
    expect(finding?.actions.map((a) => a.command).join("\n")).toContain(`kubectl describe node ${NODE}`);
  });

  it("fires high for a pod on Fargate, where the agent never runs", async () => {
    const s = await variant(PI, (x) => {
      if (x.k8s.node.status !== "found") throw new Error("no node");
      x.k8s.node.value.metadata.labels = { ...x.k8s.node.value.metadata.labels, "eks.amazonaws.com/compute-type": "fargate" };
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("Fargate");
  });

  // EKS Auto Mode nodes carry the agent in their image: such clusters have no agent DaemonSet or add-on at all.
  const noAgentObjects = (x: Snapshot): void => {
    x.k8s.podIdentityAgent = absent("k8s/", "DaemonSet kube-system/eks-pod-identity-agent is not among the DaemonSet objects collected");
    x.k8s.podIdentityAgentPods = found([], "k8s/");
    x.aws.podIdentityAddon = absent("aws/", "no add-on eks-pod-identity-agent");
  };

  it("does not fire on an EKS Auto Mode node, which runs the agent itself", async () => {
    const s = await variant(PI, (x) => {
      noAgentObjects(x);
      if (x.k8s.node.status !== "found") throw new Error("no node");
      x.k8s.node.value.metadata.labels = { ...x.k8s.node.value.metadata.labels, "eks.amazonaws.com/compute-type": "auto" };
    });
    expect(run(s)).toBeNull();
  });

  it("is low, asking for the node's compute type, when the cluster has Auto Mode on and the node was not read", async () => {
    const s = await variant(PI, (x) => {
      noAgentObjects(x);
      x.k8s.node = notCollected("the node");
      if (x.aws.cluster.status !== "found") throw new Error("no cluster");
      x.aws.cluster.value["computeConfig"] = { enabled: true, nodePools: ["general-purpose", "system"] };
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("low");
    expect(finding?.toConfirm?.join(" ")).toContain("-L eks.amazonaws.com/compute-type");
    expect(finding?.actions.map((a) => a.command).join("\n")).not.toContain("create-addon");
  });

  it("is medium when the DaemonSet was not collected and the app's requests to the agent are refused", async () => {
    const s = await variant(PI, (x) => {
      x.k8s.podIdentityAgent = notCollected("the DaemonSet");
      x.k8s.podIdentityAgentPods = notCollected("the agent pods");
      x.aws.podIdentityAddon = notCollected("the add-on");
      x.logs = found({ files: [refused.file], matches: [refused], counts: { [refused.patternId]: 1 } }, "logs/");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain("kubectl -n kube-system get ds eks-pod-identity-agent");
  });

  it("does not fire when the DaemonSet was not collected and nothing else points at the agent", async () => {
    const s = await variant(PI, (x) => {
      x.k8s.podIdentityAgent = notCollected("the DaemonSet");
      x.k8s.podIdentityAgentPods = notCollected("the agent pods");
    });
    expect(run(s)).toBeNull();
  });

  it("is medium when the DaemonSet is degraded and the agent pods were not collected", async () => {
    const s = await variant(PI, (x) => {
      degrade(x);
      x.k8s.podIdentityAgentPods = notCollected("the agent pods");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("2/3 ready, 1 unavailable");
  });

  it("does not fire for an IRSA pod on a cluster without the agent", async () => {
    const s = await variant(IRSA, (x) => {
      x.k8s.podIdentityAgent = absent("k8s/");
    });
    expect(run(s)).toBeNull();
  });
});

describe("pod_identity.agent_not_running: the timeline decides", () => {
  const JOB = "pod_identity.agent_not_running--job-ran-before-agent-ready-on-new-node";
  const runLate = async (change: (s: Snapshot) => void) => {
    const s = await variant(JOB, change);
    return check.run(s, deriveFacts(s));
  };

  it("fires high when the node's agent became ready only after the pod had failed, though it runs now", async () => {
    const f = await runLate(() => {});
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toMatch(/became ready at .*, after container .* ended with exit code/);
  });

  it("does not fire when the pod failed after the agent was ready", async () => {
    const f = await runLate((s) => {
      if (s.k8s.pod.status !== "found") throw new Error("no pod");
      for (const cs of s.k8s.pod.value.status?.containerStatuses ?? []) {
        for (const t of [cs.state?.terminated, cs.lastState?.terminated]) if (t) t.finishedAt = "2030-01-01T00:00:00Z";
      }
      s.logs = { status: "unavailable", reason: "not_collected", detail: "no logs" };
    });
    expect(f).toBeNull();
  });
});
