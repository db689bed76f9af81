// The capture writer on its own: it never overwrites, refuses a target it cannot record, drops Secrets
// and credential values whatever it is handed, and writes the same bytes for the same collection.

import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { unavailable } from "../../src/snapshot/evidence.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { CaptureError, captureLiveSnapshot, writeSnapshotDir } from "../../src/snapshot/write/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import type { CapturedOutputs } from "../../src/snapshot/write/types.js";
import { scenarioDir, withEmulator } from "../collect/helpers.js";
import { FAKE } from "./variant.js";

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "irsa-doctor-writer-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const none = unavailable<never>("not_collected", "test");
function snapshotWith(target: Partial<Snapshot["target"]>): Snapshot {
  return {
    version: 1,
    target: {
      cluster: "prod-eu",
      region: "eu-west-1",
      account: null,
      namespace: "payments",
      pod: "web-1",
      serviceAccount: null,
      instanceId: null,
      incidentTime: null,
      ...target,
    },
    origin: "live",
    k8s: {
      pod: none,
      pods: none,
      serviceAccount: none,
      events: none,
      mutatingWebhooks: none,
      podIdentityAgent: none,
      podIdentityAgentPods: none,
      node: none,
      namespace: none,
      owners: none,
    },
    aws: {
      callerIdentity: none,
      cluster: none,
      podIdentityAssociations: none,
      podIdentityAddon: none,
      oidcProviderList: none,
      oidcProviders: {},
      roles: {},
      rolePermissions: {},
      cloudTrail: none,
    },
    logs: none,
    problems: [],
  };
}
const empty: CapturedOutputs = { k8sObjects: [], k8sCompleteKinds: [], aws: [], awsErrors: [], logs: [] };

describe("writeSnapshotDir", () => {
  test("refuses a folder that is not empty, and writes nothing into it", async () => {
    const dir = join(out, "busy");
    await mkdir(dir);
    await writeFile(join(dir, "keep.txt"), "mine");
    await expect(writeSnapshotDir(snapshotWith({}), empty, dir)).rejects.toThrow(/exists and is not empty/);
    expect(await readdir(dir)).toEqual(["keep.txt"]);
  });

  test("refuses a snapshot whose cluster is not known: target.yaml needs it", async () => {
    const err = await writeSnapshotDir(snapshotWith({ cluster: null }), empty, join(out, "no-cluster")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaptureError);
    expect((err as Error).message).toContain("pass --cluster");
  });

  test("drops Secret objects and credential values even when handed them", async () => {
    const dir = join(out, "handed-secrets");
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "web-1",
        namespace: "payments",
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": `{"token":"${FAKE.jwt}"}` },
      },
      spec: {
        containers: [
          {
            name: "web",
            env: [
              { name: "DB_PASSWORD", value: "hunter2-hunter2" },
              { name: "HTTPS_PROXY", value: "http://ops:s3cr3t@proxy.internal:3128" },
              { name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
            ],
          },
        ],
      },
    };
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "payments" },
      data: { password: FAKE.secretData },
    };
    const captured: CapturedOutputs = {
      ...empty,
      k8sObjects: [pod, secret],
      k8sCompleteKinds: ["Pod"],
      logs: [{ file: "pods/payments/web-1/web.log", text: `boot\nAuthorization: Bearer ${FAKE.jwt}\n` }],
    };
    const written = await writeSnapshotDir(snapshotWith({}), captured, dir);
    expect(written).toEqual(["k8s/pods.yaml", "logs/pods/payments/web-1/web.log", "target.yaml"]);
    const pods = await readFile(join(dir, "k8s", "pods.yaml"), "utf8");
    for (const leaked of ["hunter2", "s3cr3t", FAKE.jwt, FAKE.secretData, "last-applied-configuration"]) expect(pods).not.toContain(leaked);
    expect(pods).toContain("http://ops:[REDACTED]@proxy.internal:3128");
    expect(pods).toContain("/var/run/secrets/eks.amazonaws.com/serviceaccount/token");
    expect(await readFile(join(dir, "logs", "pods", "payments", "web-1", "web.log"), "utf8")).toBe(
      "boot\nAuthorization: Bearer [REDACTED]\n",
    );
  });

  test("a kind read completely and found empty is saved as an empty typed list, so 'none' survives", async () => {
    const dir = join(out, "empty-list");
    await writeSnapshotDir(snapshotWith({}), { ...empty, k8sCompleteKinds: ["Event"] }, dir);
    expect(await readFile(join(dir, "k8s", "events.yaml"), "utf8")).toBe('apiVersion: "v1"\nkind: "EventList"\nitems: []\n');
  });

  test("a kind with a refused read keeps 'none' only for the namespaces its lists answered in", async () => {
    const dir = join(out, "empty-in-one-namespace");
    const captured: CapturedOutputs = {
      ...empty,
      k8sListedIn: [
        { kind: "Pod", namespace: "kube-system" },
        { kind: "Event", namespace: "payments" },
      ],
      k8sCompleteKinds: ["Event"],
    };
    const written = await writeSnapshotDir(snapshotWith({}), captured, dir);
    // Pods: refused in the target's namespace (not complete), listed and empty in kube-system. Events: complete,
    // so the typed list says it for every namespace and no per-namespace file is needed.
    expect(written).toEqual(["k8s/events.yaml", "k8s/pods-kube-system.yaml", "target.yaml"]);
    expect(await readFile(join(dir, "k8s", "pods-kube-system.yaml"), "utf8")).toBe('apiVersion: "v1"\nkind: "List"\nitems: []\n');
    const reloaded = await loadSnapshotDir(dir);
    expect(reloaded.k8s.podIdentityAgentPods).toMatchObject({ status: "found", value: [] });
    expect(reloaded.k8s.pod).toMatchObject({ status: "unavailable", reason: "not_collected" });
  });
});

describe("captureLiveSnapshot", () => {
  test("the same collection writes the same bytes twice", async () => {
    const dirs = [join(out, "twice-1"), join(out, "twice-2")];
    await withEmulator(scenarioDir("healthy--pod-identity"), {}, async () => {
      // One clock: target.yaml records when it was captured.
      const clock = () => new Date("2024-05-14T11:30:00Z");
      for (const dir of dirs)
        await captureLiveSnapshot(
          { namespace: "orders", serviceAccount: "orders-worker", incidentTime: "2024-05-14T11:20:00Z" },
          { cluster: "prod-eu", clock },
          dir,
        );
    });
    const list = async (d: string) =>
      (await readdir(d, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(d.length + 1))
        .sort();
    const [a, b] = await Promise.all(dirs.map(list));
    expect(a).toEqual(b);
    for (const rel of a ?? []) {
      expect(await readFile(join(dirs[1] as string, rel), "utf8"), rel).toBe(await readFile(join(dirs[0] as string, rel), "utf8"));
    }
  });

  test("refuses a non-empty output folder before reading anything", async () => {
    const dir = join(out, "taken");
    await mkdir(dir);
    await writeFile(join(dir, "x"), "");
    await withEmulator(scenarioDir("healthy--irsa"), {}, async (e) => {
      await expect(captureLiveSnapshot({ namespace: "payments", pod: "x" }, { cluster: "prod-eu" }, dir)).rejects.toThrow(CaptureError);
      expect(e.requests()).toEqual([]);
    });
  });

  test("a collection without a cluster name is not written: target.yaml would be invalid", async () => {
    const live = await withEmulator(scenarioDir("healthy--irsa"), {}, () =>
      collectLive({ namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4q" }, {}),
    );
    await expect(writeSnapshotDir(live.snapshot, live.captured, join(out, "nameless"))).rejects.toThrow(/cluster name/);
  });
});
