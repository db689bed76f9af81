// A pod list asked for with a label selector and saved as a namespace's pods proves nothing absent that it does
// not hold: the bundle records the filter in the file's name (a selector spelled out, or what every item shares).
// Without that record a list is read as complete, as before.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { CHECKS } from "../../src/checks/registry.js";
import { diagnose } from "../../src/diagnosis/engine.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { isFilteredList } from "../../src/snapshot/load/partial-list.js";
import { SCENARIOS_DIR } from "../support/scenarios.js";

const awsNode = (suffix: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: `aws-node-${suffix}`,
    namespace: "kube-system",
    labels: { "k8s-app": "aws-node", "controller-revision-hash": "6c5f9d8b7", "pod-template-generation": "3" },
  },
  spec: { nodeName: "ip-10-0-77-203.eu-west-1.compute.internal", containers: [{ name: "aws-node", image: "amazon-k8s-cni:v1.18.3" }] },
  status: { phase: "Running" },
});
const awsNodeList = { apiVersion: "v1", kind: "List", items: [awsNode("7xk2q"), awsNode("p9m4d")], metadata: { resourceVersion: "" } };

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** healthy--pod-identity without the agent's pods (its DaemonSet kept), and kube-system's aws-node pods under `file`. */
async function bundleWith(file: string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-filtered-"));
  await cp(join(SCENARIOS_DIR, "healthy--pod-identity"), dir, { recursive: true });
  const agentFile = join(dir, "k8s/kube-system-eks-pod-identity-agent.yaml");
  const agent = parse(await readFile(agentFile, "utf8")) as { items: { kind: string }[] };
  agent.items = agent.items.filter((i) => i.kind !== "Pod");
  await writeFile(agentFile, stringify(agent));
  await writeFile(join(dir, file), stringify(awsNodeList));
  return dir;
}

describe("a pod list asked for with a selector", () => {
  it("with the selector in its name: the agent's pods are not collected, not proven absent", async () => {
    const s = await loadSnapshotDir(await bundleWith("k8s/pods-kube-system-l-k8s-app=aws-node.yaml"));
    expect(s.k8s.podIdentityAgentPods.status).toBe("unavailable");
    expect(s.k8s.podIdentityAgentPods.status === "unavailable" && s.k8s.podIdentityAgentPods.detail).toMatch(
      /only from a list asked for with a selector \(k8s\/pods-kube-system-l-k8s-app=aws-node\.yaml\)/,
    );
    const outcome = diagnose(s, CHECKS);
    expect(outcome.outcome === "pod_identity.agent_not_running" && outcome.confidence === "high").toBe(false);
  });

  it("named after the label all its pods share: the same", async () => {
    const s = await loadSnapshotDir(await bundleWith("k8s/kube-system-aws-node-pods.yaml"));
    expect(s.k8s.podIdentityAgentPods.status).toBe("unavailable");
  });

  it("named as the namespace's pods: read as complete, so the agent's pods are proven absent", async () => {
    const s = await loadSnapshotDir(await bundleWith("k8s/pods-kube-system.yaml"));
    expect(s.k8s.podIdentityAgentPods).toMatchObject({ status: "found", value: [] });
  });

  it("isFilteredList: judges by the name and the items together", () => {
    const items = awsNodeList.items;
    expect(isFilteredList("k8s/pods-kube-system-l-k8s-app=aws-node.yaml", "Pod", items)).toBe(true);
    expect(isFilteredList("k8s/aws-node-pods.yaml", "Pod", items)).toBe(true);
    expect(isFilteredList("k8s/pods-kube-system.yaml", "Pod", items)).toBe(false);
    expect(isFilteredList("k8s/kube-system-pods.yaml", "Pod", items)).toBe(false);
    // A name that says more than the namespace but names nothing the pods share: not judged filtered.
    expect(isFilteredList("k8s/pods-kube-system-after-restart.yaml", "Pod", items)).toBe(false);
    expect(isFilteredList("k8s/pods-kube-system-l-k8s-app=aws-node.yaml", "Pod", [])).toBe(false);
  });
});
