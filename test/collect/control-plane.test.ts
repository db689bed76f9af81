// What a self-managed control plane shows that EKS hides, read live as offline bundles hold it: the API
// server's own log (where a webhook that failed open is written), and a kubectl refusal a bundle kept in
// k8s/*.error.txt, which reads as live's 403 does (could not be checked, for want of permission), not as
// an unreadable file.

import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { liveTargetOf, scenarioDir, withEmulator } from "./helpers.js";

const RKE2 = "webhook.not_injecting--rke2-webhook-x509-fails-open";
const NO_POD = "inconclusive--pod-not-collected-could-not-load-credentials";

async function live(name: string) {
  const offline = await loadSnapshotDir(scenarioDir(name));
  return withEmulator(scenarioDir(name), {}, async (e) => ({
    offline,
    got: await collectLive(liveTargetOf(offline.target), { cluster: offline.target.cluster ?? undefined, timeoutMs: 5000 }),
    requests: e.requests(),
  }));
}

describe("the API server's log", () => {
  test("RKE2: its kube-apiserver pod is listed by its component label and its log read, with the webhook failing open", async () => {
    const { got } = await live(RKE2);
    const log = got.captured.logs.find((l) => l.file === "pods/kube-system/kube-apiserver-rke2-server-1/kube-apiserver.log");
    expect(log?.text).toMatch(/Failed calling webhook, failing open pod-identity-webhook\.amazonaws\.com/);
    // Not evidence of its own: the API server pod is not saved as a pod of the diagnosis.
    expect(got.captured.k8sObjects.map((o) => o.metadata.name)).not.toContain("kube-apiserver-rke2-server-1");
  });

  test("EKS: no API server pod to list, so no log is read and nothing is reported missing for it", async () => {
    const { got, requests } = await live("healthy--irsa");
    expect(requests.filter((r) => r.action === "get pods/log" && r.path.includes("kube-apiserver"))).toEqual([]);
    expect(got.snapshot.problems.map((p) => p.message).join("\n")).not.toMatch(/kube-apiserver/);
  });
});

describe("a refusal kubectl recorded in k8s/*.error.txt", () => {
  test("reads as could not be checked for want of permission, like live's 403, naming what to grant", async () => {
    const { offline, got } = await live(NO_POD);
    expect(offline.k8s.pods).toMatchObject({ status: "unavailable", reason: "permission_denied", permission: "list pods" });
    expect(offline.k8s.pods.status === "unavailable" && offline.k8s.pods.detail).toMatch(/cannot list resource "pods"/);
    expect(offline.problems.map((p) => p.source)).not.toContain("k8s/pods-actions-runner-system.error.txt");
    expect(got.snapshot.k8s.pods).toMatchObject({ status: "unavailable", reason: "permission_denied" });
  });

  test("a k8s/*.error.txt linking outside the bundle is not followed, and its line not quoted", async () => {
    const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-k8s-error-link-"));
    try {
      await cp(scenarioDir(NO_POD), join(dir, "b"), { recursive: true });
      const outside = join(dir, "outside.txt");
      await writeFile(outside, 'Error from server (Forbidden): pods is forbidden: User "OUTSIDE-MARKER" cannot list resource "pods"\n');
      const link = join(dir, "b", "k8s", "pods-actions-runner-system.error.txt");
      await rm(link);
      await symlink(outside, link);
      const s = await loadSnapshotDir(join(dir, "b"));
      expect(JSON.stringify(s)).not.toContain("OUTSIDE-MARKER");
      expect(s.k8s.pods).toMatchObject({ status: "unavailable", reason: "not_collected" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("any other text in a k8s/*.error.txt is still not read, and says so", async () => {
    const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-k8s-error-"));
    try {
      await cp(scenarioDir(NO_POD), dir, { recursive: true });
      await writeFile(join(dir, "k8s", "pods-actions-runner-system.error.txt"), "The connection to the server was refused\n");
      const s = await loadSnapshotDir(dir);
      expect(s.k8s.pods).toMatchObject({ status: "unavailable", reason: "not_collected" });
      expect(s.problems).toContainEqual(
        expect.objectContaining({ source: "k8s/pods-actions-runner-system.error.txt", message: expect.stringMatching(/not read/) }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
