// pod_identity.agent_unreachable: the agent's own EKS Auth timeouts (high), or the application's timeouts
// to a running agent (medium in a private cluster, low otherwise); it steps aside for a proxy in the way
// or an agent that is not running, and stays quiet for healthy and IRSA pods.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/pod-identity/agent-unreachable.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

const agentTimeout: LogMatch = {
  patternId: "pod_identity_agent.eks_auth_unreachable",
  file: "kube-system/eks-pod-identity-agent-q5c8n/eks-pod-identity-agent.log",
  line: 11,
  text: 'unable to fetch credentials from EKS Auth: Post "https://eks-auth.eu-west-1.api.aws/clusters/prod-eu/assume-role-for-pod-identity": dial tcp 3.248.176.41:443: i/o timeout',
  time: null,
  captures: {},
};
const appTimeout: LogMatch = {
  patternId: "pod_identity.agent_timeout",
  file: "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log",
  line: 2,
  text: 'botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from container-role: Error retrieving metadata: Received error when attempting to retrieve container metadata: Read timeout on endpoint URL: "http://169.254.170.23/v1/credentials"',
  time: null,
  captures: {},
};

function withLogs(s: Snapshot, matches: LogMatch[], files = matches.map((m) => m.file)): void {
  s.logs = found({ files, matches, counts: Object.fromEntries(matches.map((m) => [m.patternId, 1])) }, "logs/");
}

function privateEndpoint(s: Snapshot): void {
  if (s.aws.cluster.status !== "found") throw new Error("base scenario has no cluster");
  s.aws.cluster.value.resourcesVpcConfig = { ...s.aws.cluster.value.resourcesVpcConfig, endpointPublicAccess: false };
}

describe("pod_identity.agent_unreachable", () => {
  it("does not fire on the healthy Pod Identity and IRSA scenarios", async () => {
    expect(run(await variant(PI, () => {}))).toBeNull();
    expect(run(await variant(IRSA, () => {}))).toBeNull();
  });

  it("fires high when the agent's log shows EKS Auth timing out, with the eks-auth endpoint to create", async () => {
    const s = await variant(PI, (x) => {
      privateEndpoint(x);
      withLogs(x, [appTimeout, agentTimeout]);
    });
    const finding = run(s);
    expect(finding?.causeId).toBe("pod_identity.agent_unreachable");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("cannot reach EKS Auth from node ip-10-0-77-203.eu-west-1.compute.internal");
    expect(finding?.detail).toContain("cluster prod-eu has a private-only API endpoint");
    expect(finding?.actions[0]?.command).toContain(
      "aws ec2 create-vpc-endpoint --vpc-id vpc-0f60718293a4b5c6d --vpc-endpoint-type Interface --service-name com.amazonaws.eu-west-1.eks-auth",
    );
    expect(finding?.evidence.map((e) => e.content)).toContain(appTimeout.text);
  });

  it("is medium on the application's timeouts alone in a private cluster whose agent runs, asking for the agent's log", async () => {
    const s = await variant(PI, (x) => {
      privateEndpoint(x);
      withLogs(x, [appTimeout]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toBe(
      "kubectl -n kube-system logs of the eks-pod-identity-agent pod on node ip-10-0-77-203.eu-west-1.compute.internal, to see whether it times out calling EKS Auth",
    );
  });

  it("is low, saying where else to look, when the agent's log was read and shows no EKS Auth error", async () => {
    const s = await variant(PI, (x) => {
      privateEndpoint(x);
      withLogs(x, [appTimeout], [appTimeout.file, agentTimeout.file]);
    });
    const finding = run(s);
    // An agent that cannot reach EKS Auth logs its failed calls: a clean log puts the timeouts between pod and agent.
    expect(finding?.confidence).toBe("low");
    expect(finding?.toConfirm?.[0]).toContain("has no EKS Auth error: look at NetworkPolicies or security groups for pods");
  });

  it("is low on the application's timeouts alone with a public endpoint", async () => {
    const s = await variant(PI, (x) => withLogs(x, [appTimeout]));
    expect(run(s)?.confidence).toBe("low");
  });

  it("steps aside when the application's HTTP_PROXY explains the timeouts", async () => {
    const s = await variant(PI, (x) => {
      if (x.k8s.pod.status !== "found") throw new Error("no pod");
      x.k8s.pod.value.spec.containers[0]!.env!.push({ name: "HTTP_PROXY", value: "http://proxy.corp.example.com:3128" });
      withLogs(x, [appTimeout]);
    });
    expect(run(s)).toBeNull();
  });

  it("steps aside when the agent pod on the node is not running", async () => {
    const s = await variant(PI, (x) => {
      if (x.k8s.podIdentityAgentPods.status !== "found") throw new Error("no agent pods");
      const pod = x.k8s.podIdentityAgentPods.value.find((p) => p.spec.nodeName === "ip-10-0-77-203.eu-west-1.compute.internal")!;
      pod.status!.containerStatuses![0]!.state = { waiting: { reason: "CrashLoopBackOff" } };
      withLogs(x, [agentTimeout]);
    });
    expect(run(s)).toBeNull();
  });

  it("names the IPv6 agent address on an IPv6 cluster", async () => {
    const s = await variant(PI, (x) => {
      if (x.aws.cluster.status !== "found") throw new Error("no cluster");
      x.aws.cluster.value["kubernetesNetworkConfig"] = { ipFamily: "ipv6", serviceIpv6Cidr: "fd9c:21a4:9f3e::/108" };
      withLogs(x, [agentTimeout]);
    });
    const finding = run(s);
    expect(finding?.evidence.map((e) => e.content).join("\n")).toContain("IPv6 (agent at fd00:ec2::23)");
  });

  it("does not fire for an IRSA pod", async () => {
    const s = await variant(IRSA, (x) => withLogs(x, [agentTimeout]));
    expect(run(s)).toBeNull();
  });

  it("is low on refused connections while the node's agent runs (something between pod and agent)", async () => {
    const refused: LogMatch = {
      ...appTimeout,
      patternId: "pod_identity.agent_connection_refused",
      text: 'Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: connect: connection refused',
    };
    const finding = run(await variant(PI, (x) => withLogs(x, [refused])));
    expect(finding?.confidence).toBe("low");
    expect(finding?.detail).toContain("refused although the agent pod eks-pod-identity-agent-q5c8n on its node runs");
  });
});
