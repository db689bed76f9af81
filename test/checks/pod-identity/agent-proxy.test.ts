// pod_identity.agent_proxy: an application HTTP_PROXY that does not exempt the agent address (high from
// the spec alone), proxy errors in the agent's log (high), and an agent without the proxy the workloads use
// while it cannot reach EKS Auth (medium); quiet when NO_PROXY covers the agent or only HTTPS_PROXY is set.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/pod-identity/agent-proxy.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { EnvVar, LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const PROXY = "http://proxy.corp.example.com:3128";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function addEnv(s: Snapshot, env: EnvVar[]): void {
  if (s.k8s.pod.status !== "found") throw new Error("base scenario has no pod");
  const c = s.k8s.pod.value.spec.containers[0]!;
  c.env = [...(c.env ?? []), ...env];
}

function setAgentEnv(s: Snapshot, env: EnvVar[]): void {
  if (s.k8s.podIdentityAgent.status !== "found") throw new Error("base scenario has no agent DaemonSet");
  const c = s.k8s.podIdentityAgent.value.spec?.template?.spec?.containers?.[0];
  if (!c) throw new Error("agent DaemonSet has no container");
  c.env = [...(c.env ?? []), ...env];
}

function agentLine(patternId: string, text: string): LogMatch {
  return {
    patternId,
    file: "kube-system/eks-pod-identity-agent-q5c8n/eks-pod-identity-agent.log",
    line: 11,
    text,
    time: null,
    captures: {},
  };
}

function withLogs(s: Snapshot, matches: LogMatch[]): void {
  s.logs = found({ files: matches.map((m) => m.file), matches, counts: Object.fromEntries(matches.map((m) => [m.patternId, 1])) }, "logs/");
}

const proxyconnect = agentLine(
  "network.proxy_error",
  'Post "https://eks-auth.eu-west-1.api.aws/clusters/prod-eu/assume-role-for-pod-identity": proxyconnect tcp: dial tcp 10.0.0.5:8080: connect: connection refused',
);
const unreachable = agentLine(
  "pod_identity_agent.eks_auth_unreachable",
  'unable to fetch credentials from EKS Auth: Post "https://eks-auth.eu-west-1.api.aws/clusters/prod-eu/assume-role-for-pod-identity": dial tcp 3.248.176.41:443: i/o timeout',
);

describe("pod_identity.agent_proxy", () => {
  it("does not fire on the healthy Pod Identity and IRSA scenarios", async () => {
    expect(run(await variant(PI, () => {}))).toBeNull();
    expect(run(await variant(IRSA, () => {}))).toBeNull();
  });

  it("fires high when HTTP_PROXY is set and NO_PROXY exempts IMDS but not the agent, with the NO_PROXY to set", async () => {
    const s = await variant(PI, (x) =>
      addEnv(x, [
        { name: "HTTP_PROXY", value: PROXY },
        { name: "NO_PROXY", value: "localhost,169.254.169.254,.svc" },
      ]),
    );
    const finding = run(s);
    expect(finding?.causeId).toBe("pod_identity.agent_proxy");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain(
      `Container orders-worker of pod orders-worker-5f8d9c7b4-m7z9p sets HTTP_PROXY=${PROXY} and NO_PROXY=localhost,169.254.169.254,.svc`,
    );
    expect(finding?.actions[0]?.command).toBe(
      "kubectl set env deployment/orders-worker -n orders -c orders-worker NO_PROXY=localhost,169.254.169.254,.svc,169.254.170.23,fd00:ec2::23",
    );
  });

  it("fires without any NO_PROXY and offers both spellings", async () => {
    const s = await variant(PI, (x) => addEnv(x, [{ name: "http_proxy", value: PROXY }]));
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.actions[0]?.command).toContain("NO_PROXY=169.254.170.23,fd00:ec2::23 no_proxy=169.254.170.23,fd00:ec2::23");
  });

  it.each([
    ["the agent address", "localhost,169.254.170.23,fd00:ec2::23"],
    ["a CIDR block holding it", "10.0.0.0/8,169.254.0.0/16"],
    ["a wildcard", "*"],
  ])("does not fire when NO_PROXY exempts the agent by %s", async (_case, noProxy) => {
    const s = await variant(PI, (x) =>
      addEnv(x, [
        { name: "HTTP_PROXY", value: PROXY },
        { name: "NO_PROXY", value: noProxy },
      ]),
    );
    expect(run(s)).toBeNull();
  });

  it("fires when only no_proxy exempts the agent but NO_PROXY, which Go reads first, does not", async () => {
    const s = await variant(PI, (x) =>
      addEnv(x, [
        { name: "HTTP_PROXY", value: PROXY },
        { name: "NO_PROXY", value: "localhost" },
        { name: "no_proxy", value: "localhost,169.254.170.23" },
      ]),
    );
    expect(run(s)?.confidence).toBe("high");
  });

  it("does not fire for HTTPS_PROXY alone: the credential request is plain http", async () => {
    const s = await variant(PI, (x) => addEnv(x, [{ name: "HTTPS_PROXY", value: PROXY }]));
    expect(run(s)).toBeNull();
  });

  it("is medium when the proxy comes from a ConfigMap it cannot read", async () => {
    const s = await variant(PI, (x) =>
      addEnv(x, [{ name: "HTTP_PROXY", valueFrom: { configMapKeyRef: { name: "egress", key: "proxy" } } }]),
    );
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm).toEqual(["the values of the proxy variables of container orders-worker, set from a ConfigMap or Secret"]);
  });

  it("does not fire for an IRSA pod behind a proxy", async () => {
    const s = await variant(IRSA, (x) => addEnv(x, [{ name: "HTTP_PROXY", value: PROXY }]));
    expect(run(s)).toBeNull();
  });

  it("fires high on proxy errors in the agent's log, naming its proxy and offering the workloads' one", async () => {
    const s = await variant(PI, (x) => {
      setAgentEnv(x, [{ name: "https_proxy", value: "http://10.0.0.5:8080" }]);
      addEnv(x, [
        { name: "HTTPS_PROXY", value: PROXY },
        { name: "NO_PROXY", value: "169.254.170.23" },
      ]);
      withLogs(x, [proxyconnect]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("through its configured proxy http://10.0.0.5:8080");
    expect(finding?.actions[0]?.command).toContain(
      `kubectl set env ds/eks-pod-identity-agent -n kube-system -c eks-pod-identity-agent https_proxy=${PROXY}`,
    );
  });

  it("is medium when the agent cannot reach EKS Auth, has no proxy, and the workloads egress through one", async () => {
    const s = await variant(PI, (x) => {
      addEnv(x, [
        { name: "HTTPS_PROXY", value: PROXY },
        { name: "NO_PROXY", value: "169.254.170.23" },
      ]);
      withLogs(x, [unreachable]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain(`its DaemonSet has no https_proxy, while the pod's own egress goes through proxy ${PROXY}`);
  });

  it("leaves an unreachable EKS Auth without any proxy in sight to agent_unreachable", async () => {
    const s = await variant(PI, (x) => withLogs(x, [unreachable]));
    expect(run(s)).toBeNull();
  });
});
