// AWS_* variables a container takes from ConfigMaps (envFrom configMapRef, env valueFrom configMapKeyRef), read
// end to end over real HTTP against the emulator: live collection GETs exactly the ConfigMaps the pod names, in
// its namespace (never a list of them), keeps only the keys that set AWS_* variables, and never a credential's
// value; a refused or missing ConfigMap is missing evidence, not a guess; a capture writes them as
// k8s/configmaps.yaml, which the offline loader reads back the same; and the credential path takes them with
// Kubernetes' precedence.

import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { collectLive } from "../../src/collect/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { writeSnapshotDir } from "../../src/snapshot/write/index.js";
import { renderReport } from "../../src/report/render.js";
import { missingEvidence } from "../../src/diagnosis/missing.js";
import type { Fault } from "../../src/emulator/types.js";
import { diagnoseSnapshot } from "../support/scenarios.js";
import { liveTargetOf, scenarioDir, withEmulator } from "./helpers.js";

// Seeded secrets: none may appear in anything irsa-doctor keeps, prints or writes.
const SECRET_KEY = "q8Zr3vN1xLp0TfW2yHc7KdJ5bMg4sEa9UoRi6PlV";
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEseededSessionTokenValue0123456789abcdefghij";
const KEY_ID = "AKIAZ7SEEDEDKEYID123";

const POD = "k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml";
let dir: string;
let out: string;

/** healthy--irsa with its container taking AWS_* variables from ConfigMaps, as charts do. */
async function bundle(): Promise<string> {
  const d = join(out, "bundle");
  await cp(scenarioDir("healthy--irsa"), d, { recursive: true });
  const pod = parse(await readFile(join(d, POD), "utf8")) as { spec: { containers: Record<string, unknown>[] } };
  const c = pod.spec.containers[0] as { env: unknown[]; envFrom?: unknown[] };
  c.envFrom = [
    { configMapRef: { name: "payments-aws" } },
    // Later envFrom wins a key an earlier one set.
    { configMapRef: { name: "payments-aws-override" } },
    { configMapRef: { name: "payments-legacy" }, prefix: "AWS_" },
    { configMapRef: { name: "not-created-yet", optional: true } },
    // A prefix that can never make an AWS_ name: not read.
    { configMapRef: { name: "payments-ui" }, prefix: "UI_" },
  ];
  c.env.push({ name: "AWS_PROFILE", valueFrom: { configMapKeyRef: { name: "payments-profile", key: "profile" } } });
  // Not an AWS_ variable: its ConfigMap is not read for it.
  c.env.push({ name: "FEATURE_FLAGS", valueFrom: { configMapKeyRef: { name: "payments-flags", key: "flags" } } });
  await writeFile(join(d, POD), stringify(pod));
  const cm = (name: string, data: Record<string, string>) => ({ metadata: { name, namespace: "payments" }, data });
  const list = {
    apiVersion: "v1",
    kind: "ConfigMapList",
    items: [
      cm("payments-aws", { AWS_REGION: "eu-west-1", AWS_STS_REGIONAL_ENDPOINTS: "legacy", STATEMENTS_PREFIX: "daily/" }),
      cm("payments-aws-override", { AWS_STS_REGIONAL_ENDPOINTS: "regional", AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_KEY }),
      cm("payments-legacy", { SESSION_TOKEN: SESSION_TOKEN, CONFIG_FILE: "/etc/aws/config" }),
      cm("payments-profile", { profile: "payments-batch", unrelated: "x" }),
      cm("payments-ui", { AWS_ACCESS_KEY_ID: "never-read" }),
      cm("payments-flags", { flags: "a,b" }),
    ],
  };
  await writeFile(join(d, "k8s", "configmaps.yaml"), stringify(list));
  return d;
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "irsa-doctor-configmaps-"));
  dir = await bundle();
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

async function live(faults: Fault[] = []) {
  const offline = await loadSnapshotDir(dir);
  return withEmulator(dir, { faults }, async (e) => ({
    offline,
    got: await collectLive(liveTargetOf(offline.target), { cluster: "prod-eu", timeoutMs: 5000 }),
    requests: e.requests(),
  }));
}

describe("live collection of the ConfigMaps a pod takes AWS_* variables from", () => {
  test("GETs exactly the referenced ones that can set AWS_* variables, by name in the pod's namespace, and lists none", async () => {
    const { requests } = await live();
    const cms = requests.filter((r) => r.path.includes("configmaps"));
    expect(cms.every((r) => r.method === "GET" && r.action === "get configmaps")).toBe(true);
    expect(cms.map((r) => r.path.split("/").slice(-3).join("/")).sort()).toEqual(
      [
        "payments/configmaps/not-created-yet",
        "payments/configmaps/payments-aws",
        "payments/configmaps/payments-aws-override",
        "payments/configmaps/payments-legacy",
        "payments/configmaps/payments-profile",
      ].sort(),
    );
  });

  test("keeps only the keys that set AWS_* variables, with a credential's value withheld, the same live and offline", async () => {
    const { offline, got } = await live();
    const cms = got.snapshot.k8s.configMaps ?? {};
    expect(Object.keys(cms)).toEqual(["not-created-yet", "payments-aws", "payments-aws-override", "payments-legacy", "payments-profile"]);
    expect(cms["payments-aws"]).toMatchObject({
      status: "found",
      value: { data: { AWS_REGION: "eu-west-1", AWS_STS_REGIONAL_ENDPOINTS: "legacy" } },
    });
    expect(cms["payments-aws-override"]).toMatchObject({
      status: "found",
      value: { data: { AWS_ACCESS_KEY_ID: null, AWS_SECRET_ACCESS_KEY: null, AWS_STS_REGIONAL_ENDPOINTS: "regional" } },
    });
    // Under the prefix AWS_, SESSION_TOKEN is AWS_SESSION_TOKEN: a credential.
    expect(cms["payments-legacy"]).toMatchObject({
      status: "found",
      value: { data: { SESSION_TOKEN: null, CONFIG_FILE: "/etc/aws/config" } },
    });
    expect(cms["payments-profile"]).toMatchObject({ status: "found", value: { data: { profile: "payments-batch" } } });
    expect(cms["not-created-yet"]?.status).toBe("absent");
    const kept = JSON.stringify(got.snapshot);
    for (const s of [SECRET_KEY, SESSION_TOKEN, KEY_ID, "STATEMENTS_PREFIX", "unrelated"]) expect(kept).not.toContain(s);
    for (const [name, e] of Object.entries(offline.k8s.configMaps ?? {})) {
      expect(e.status, name).toBe(cms[name]?.status);
      if (e.status === "found" && cms[name]?.status === "found") expect(cms[name].value, name).toEqual(e.value);
    }
  });

  test("a refused read is missing evidence naming the RBAC rule to grant, and the keys are not guessed", async () => {
    const { got } = await live([{ match: { service: "k8s", action: "get configmaps" }, kind: "deny" }]);
    const e = got.snapshot.k8s.configMaps?.["payments-aws"];
    expect(e).toMatchObject({ status: "unavailable", reason: "permission_denied", permission: "get configmaps" });
    const missing = missingEvidence(got.snapshot).find((m) => m.what === "ConfigMap payments/payments-aws");
    expect(missing?.remedy).toMatch(/grant get configmaps/);
    // Unread, the ConfigMaps may hold static keys: the path says so (CloudTrail's web identity exchange decides it here).
    const { report } = await diagnoseSnapshot(got.snapshot);
    expect(JSON.stringify(report.credential_path)).toMatch(/keys of ConfigMap payments-aws were not read/);
  });

  test("a ConfigMap that does not exist (404) and is not optional says the container's keys can no longer be read", async () => {
    const { got } = await live([
      {
        match: { service: "k8s", action: "get configmaps", pathPrefix: "/api/v1/namespaces/payments/configmaps/payments-aws-override" },
        kind: "not_found",
      },
    ]);
    expect(got.snapshot.k8s.configMaps?.["payments-aws-override"]?.status).toBe("absent");
    const { report } = await diagnoseSnapshot(got.snapshot);
    expect(JSON.stringify(report.credential_path)).toMatch(/ConfigMap payments-aws-override does not exist now/);
  });
});

describe("the emulator serves them as the API server does", () => {
  test("client-node reads a ConfigMap, and one the bundle's ConfigMapList lacks is a 404 NotFound Status", async () => {
    await withEmulator(dir, {}, async (e) => {
      const kc = new KubeConfig();
      kc.loadFromFile(e.kubeconfigPath);
      const core = kc.makeApiClient(CoreV1Api);
      const got = await core.readNamespacedConfigMap({ name: "payments-aws", namespace: "payments" });
      expect(got).toMatchObject({ kind: "ConfigMap", apiVersion: "v1", data: { AWS_REGION: "eu-west-1" } });
      const err = await core.readNamespacedConfigMap({ name: "not-created-yet", namespace: "payments" }).then(
        () => null,
        (x: { code?: number; body?: unknown }) => x,
      );
      expect(err?.code).toBe(404);
      const body = typeof err?.body === "string" ? (JSON.parse(err.body) as unknown) : err?.body;
      expect(body).toMatchObject({ kind: "Status", reason: "NotFound", details: { name: "not-created-yet", kind: "configmaps" } });
    });
  });
});

describe("the diagnosis of ConfigMap-sourced variables", () => {
  test("static keys from a later envFrom ConfigMap shadow IRSA; nothing printed carries the seeded secrets", async () => {
    const { got } = await live();
    const { report } = await diagnoseSnapshot(got.snapshot);
    expect(report.cause_id).toBe("credential_chain.static_keys");
    const text = renderReport(report, "yaml");
    expect(text).toMatch(/ConfigMap payments-aws-override key AWS_ACCESS_KEY_ID/);
    for (const s of [SECRET_KEY, SESSION_TOKEN, KEY_ID]) expect(text).not.toContain(s);
  });
});

describe("capture", () => {
  test("writes the ConfigMaps reduced to their AWS_* keys as k8s/configmaps.yaml, which loads back the same", async () => {
    const { got } = await live();
    const captured = join(out, "captured");
    await writeSnapshotDir(got.snapshot, got.captured, captured);
    expect(await readdir(join(captured, "k8s"))).toContain("configmaps.yaml");
    const text = await readFile(join(captured, "k8s", "configmaps.yaml"), "utf8");
    for (const s of [SECRET_KEY, SESSION_TOKEN, KEY_ID, "STATEMENTS_PREFIX", "payments-flags", "payments-ui"])
      expect(text).not.toContain(s);
    const reloaded = await loadSnapshotDir(captured);
    expect(reloaded.k8s.configMaps).toEqual(
      Object.fromEntries(
        Object.entries(got.snapshot.k8s.configMaps ?? {}).map(([k, e]) => [
          k,
          e.status === "found" ? { ...e, source: "k8s/configmaps.yaml" } : { ...e, source: "k8s/" },
        ]),
      ),
    );
  });
});
