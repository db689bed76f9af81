// `kubectl get events -o yaml` with nothing to show prints `kind: List, items: []`, naming no kind. Named
// after what was listed (k8s/events-<ns>.yaml, k8s/mutatingwebhookconfigurations.yaml), that file proves
// "none": the loader keeps the proof (found, empty; no missing evidence) and the emulator answers 200 with
// an empty typed list. The same empty List under a name that says nothing proves nothing (403).

import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { missingEvidence } from "../../src/diagnosis/missing.js";
import { startEmulator } from "../../src/emulator/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { emptyListOfFile } from "../../src/snapshot/load/list-file-kind.js";
import { READ_KINDS } from "../../src/kube/reads.js";
import { scenarioDir } from "../collect/helpers.js";

/** Exactly what kubectl 1.32 prints for `kubectl get events -n payments -o yaml` when there are none. */
const KUBECTL_EMPTY = 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n';

let proven: string;
let unnamed: string;
beforeAll(async () => {
  proven = await mkdtemp(join(tmpdir(), "irsa-doctor-empty-"));
  unnamed = await mkdtemp(join(tmpdir(), "irsa-doctor-empty-unnamed-"));
  for (const dir of [proven, unnamed]) await cp(scenarioDir("healthy--irsa"), dir, { recursive: true });
  await writeFile(join(proven, "k8s", "events-payments.yaml"), KUBECTL_EMPTY);
  await rm(join(unnamed, "k8s", "events-payments.yaml"));
  await writeFile(join(unnamed, "k8s", "kubectl-output.yaml"), KUBECTL_EMPTY);
});
afterAll(async () => {
  await Promise.all([proven, unnamed].map((d) => rm(d, { recursive: true, force: true })));
});

describe("which kind an empty List's file name proves", () => {
  test.each([
    ["k8s/events.yaml", { kind: "Event" }],
    ["k8s/events-payments.yaml", { kind: "Event", qualifier: "payments" }],
    ["k8s/kube-system-pods.json", { kind: "Pod", qualifier: "kube-system" }],
    ["k8s/mutatingwebhookconfigurations.yaml", { kind: "MutatingWebhookConfiguration" }],
    ["k8s/serviceaccounts-payments.yml", { kind: "ServiceAccount", qualifier: "payments" }],
    ["k8s/all.yaml", undefined],
    ["k8s/pod-payments-api.yaml", undefined],
    ["k8s/eventsx.yaml", undefined],
  ])("%s -> %j", (file, named) => {
    expect(emptyListOfFile(file, READ_KINDS)).toEqual(named);
  });
});

describe("an empty kubectl List named after its kind", () => {
  test("the loader keeps 'no events' as found and empty, and the report does not ask for events", async () => {
    expect((await readdir(join(proven, "k8s"))).includes("events-payments.yaml")).toBe(true);
    const snapshot = await loadSnapshotDir(proven);
    expect(snapshot.k8s.events).toMatchObject({ status: "found", value: [] });
    const missing = missingEvidence(snapshot).map((m) => m.what);
    expect(missing).not.toContain("events");
  });

  test("the emulator answers 200 with an empty EventList; an unnamed empty List proves nothing (403)", async () => {
    const e = await startEmulator({ snapshotDir: proven });
    const u = await startEmulator({ snapshotDir: unnamed });
    try {
      const ok = await fetch(`${e.url}/api/v1/namespaces/payments/events`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ kind: "EventList", apiVersion: "v1", items: [] });
      const refused = await fetch(`${u.url}/api/v1/namespaces/payments/events`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toContain("the snapshot did not collect this");
      expect((await loadSnapshotDir(unnamed)).k8s.events).toMatchObject({ status: "unavailable", reason: "not_collected" });
    } finally {
      await Promise.all([e.close(), u.close()]);
    }
  });
});

describe("an empty List named after a namespace proves 'none' there only", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "irsa-doctor-empty-ns-"));
    await cp(scenarioDir("healthy--irsa"), dir, { recursive: true });
    // The bundle keeps the agent's namespace listed and empty, and no pod of the target's namespace at all.
    for (const f of await readdir(join(dir, "k8s"))) if (/^pods?[-.]|pod-/.test(f)) await rm(join(dir, "k8s", f));
    await writeFile(join(dir, "k8s", "pods-kube-system.yaml"), KUBECTL_EMPTY);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("the loader: no agent pod in kube-system, and the target's pod not collected (not 'not found')", async () => {
    const snapshot = await loadSnapshotDir(dir);
    expect(snapshot.k8s.podIdentityAgentPods).toMatchObject({ status: "found", value: [] });
    expect(snapshot.k8s.pod).toMatchObject({ status: "unavailable", reason: "not_collected" });
  });

  test("the emulator: 200 and an empty PodList for kube-system, 403 for the target's namespace", async () => {
    const e = await startEmulator({ snapshotDir: dir });
    try {
      const system = await fetch(`${e.url}/api/v1/namespaces/kube-system/pods`);
      expect(system.status).toBe(200);
      expect(await system.json()).toMatchObject({ kind: "PodList", items: [] });
      expect((await fetch(`${e.url}/api/v1/namespaces/payments/pods`)).status).toBe(403);
    } finally {
      await e.close();
    }
  });

  test("a name that is no namespace of the bundle is a note: the kind counts as listed, as a bare name does", async () => {
    await rm(join(dir, "k8s", "pods-kube-system.yaml"));
    await writeFile(join(dir, "k8s", "pods-after-restart.yaml"), KUBECTL_EMPTY);
    try {
      expect((await loadSnapshotDir(dir)).k8s.pod).toMatchObject({ status: "absent" });
    } finally {
      await rm(join(dir, "k8s", "pods-after-restart.yaml"));
      await writeFile(join(dir, "k8s", "pods-kube-system.yaml"), KUBECTL_EMPTY);
    }
  });
});
