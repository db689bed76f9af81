// A self-hosted webhook's pods are the pods its Service selects: live collection reads the Service the webhook
// configuration names and lists the pods by its selector, offline reads the Service file of the bundle the same
// way, and a bundle without the Service (older captures) is still read by the webhook's usual labels and names.

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { writeSnapshotDir } from "../../src/snapshot/write/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { liveTargetOf, scenarioDir, withEmulator } from "./helpers.js";

const KOPS = "webhook.not_injecting--kops-webhook-cert-volume-missing-failurepolicy-fail";
const SELECTOR = { "app.kubernetes.io/instance": "irsa", "app.kubernetes.io/name": "amazon-eks-pod-identity-webhook" };

// The chart's pod: its name and labels are not the ones the guess looks for (app=<service name>, <service>-<hash>-<id>).
const chartPod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "irsa-amazon-eks-pod-identity-webhook-6d4f8b7c9-q2w3e",
    namespace: "kube-system",
    labels: { ...SELECTOR, "pod-template-hash": "6d4f8b7c9" },
    creationTimestamp: "2022-04-05T10:02:11Z",
  },
  spec: {
    nodeName: "i-0b1c2d3e4f5a6b7c8",
    containers: [{ name: "pod-identity-webhook", image: "amazon/amazon-eks-pod-identity-webhook:v0.4.0" }],
  },
  status: { phase: "Running", containerStatuses: [{ name: "pod-identity-webhook", ready: true, restartCount: 0, state: { running: {} } }] },
};
const service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "pod-identity-webhook", namespace: "kube-system" },
  spec: { selector: SELECTOR, ports: [{ port: 443, targetPort: 443 }] },
};

const backendPods = (s: Snapshot) =>
  s.k8s.webhookBackends?.status === "found" ? s.k8s.webhookBackends.value.flatMap((b) => b.pods.map((p) => p.metadata.name)).sort() : null;

let dir: string;
beforeAll(async () => {
  // The kOps bundle's two webhook pods (app=pod-identity-webhook) stay as an earlier Deployment's leftovers the
  // Service no longer selects; the chart's pod is the one behind it.
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-webhook-svc-"));
  await cp(scenarioDir(KOPS), dir, { recursive: true });
  await writeFile(join(dir, "k8s/kube-system-pod-irsa-webhook.json"), JSON.stringify(chartPod));
  await writeFile(join(dir, "k8s/services-kube-system.json"), JSON.stringify(service));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the webhook's pods by its Service's selector", () => {
  it("offline: the Service file's selector picks the pods, not the webhook's usual labels", async () => {
    const offline = await loadSnapshotDir(dir);
    expect(backendPods(offline)).toEqual([chartPod.metadata.name]);
    expect(offline.k8s.webhookBackends?.status === "found" && offline.k8s.webhookBackends.value[0]?.selector).toEqual(SELECTOR);
  });

  it("live over HTTP through the emulator: reads the Service, lists the pods by its selector, and selects what offline does", async () => {
    const offline = await loadSnapshotDir(dir);
    const { live, requests } = await withEmulator(dir, {}, async (e) => ({
      live: await collectLive(liveTargetOf(offline.target), { cluster: offline.target.cluster ?? undefined, timeoutMs: 5000 }),
      requests: e.requests(),
    }));
    expect(requests.some((r) => r.method === "GET" && r.path === "/api/v1/namespaces/kube-system/services/pod-identity-webhook")).toBe(
      true,
    );
    const podLists = requests.filter((r) => r.path === "/api/v1/namespaces/kube-system/pods");
    expect(podLists.map((r) => new URLSearchParams(r.query).get("labelSelector"))).toContain(
      "app.kubernetes.io/instance=irsa,app.kubernetes.io/name=amazon-eks-pod-identity-webhook",
    );
    expect(backendPods(live.snapshot)).toEqual(backendPods(offline));

    // Captured, the Service is saved with the pods, and the capture reads back the same.
    const captured = join(dir, "..", `${dir.split(/[/\\]/).pop()}-captured`);
    try {
      await writeSnapshotDir(live.snapshot, live.captured, captured);
      expect(backendPods(await loadSnapshotDir(captured))).toEqual(backendPods(offline));
    } finally {
      await rm(captured, { recursive: true, force: true });
    }
  });

  it("a bundle without the Service is still read by the webhook's labels and Deployment pod names", async () => {
    expect(backendPods(await loadSnapshotDir(scenarioDir(KOPS)))).toEqual([
      "pod-identity-webhook-7b5f9d7c8b-4xk2m",
      "pod-identity-webhook-7b5f9d7c8b-r9q6t",
    ]);
  });
});
