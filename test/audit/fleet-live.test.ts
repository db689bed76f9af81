// A live audit through the emulator gives the same verdicts as the offline audit of the same bundle,
// sends only reads, lists in pages (no call repeated), reads trust policies from ListRoles pages rather
// than one GetRole per role, and rides out throttling with bounded retries.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectFleetLive } from "../../src/audit/live/index.js";
import { loadFleetDir } from "../../src/audit/offline.js";
import { runAudit } from "../../src/audit/run.js";
import type { AuditResult } from "../../src/audit/types.js";
import type { RecordedRequest } from "../../src/emulator/types.js";
import { withEmulator } from "../collect/helpers.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { generateFleet } from "../../bench/fleet.mjs";

const ACK = fileURLToPath(
  new URL("../../fixtures/scenarios/credential_chain.role_arn_override--controller-env-sets-aws-role-arn", import.meta.url),
);
let dir: string;
let offline: AuditResult;

const verdicts = (r: AuditResult) =>
  r.bindings.map((b) => `${b.namespace}/${b.service_account} ${b.mechanism} ${b.cause_id} ${b.confidence} ${b.pods.join(",")}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-fleet-live-"));
  await generateFleet(dir, 240);
  offline = runAudit(await loadFleetDir(dir));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("live audit through the emulator", () => {
  test("same verdicts as offline; reads only, in pages, each call once", async () => {
    const requests: RecordedRequest[] = [];
    const live = await withEmulator(dir, { pageSize: 50 }, async (e) => {
      const out = await collectFleetLive({ cluster: "prod-eu", timeoutMs: 5000 });
      requests.push(...e.requests());
      return out;
    });
    expect(verdicts(runAudit(live.fleet))).toEqual(verdicts(offline));
    expect(requests.every((r) => r.method === "GET" || (r.service !== "k8s" && /^(Get|List|Describe)/.test(r.action)))).toBe(true);
    // Paged cluster-wide lists: 240 service accounts at 50 a page is 5 pages, not one request per namespace.
    expect(requests.filter((r) => r.action === "list serviceaccounts" && r.path === "/api/v1/serviceaccounts")).toHaveLength(5);
    // Trust policies came from ListRoles, not GetRole.
    expect(requests.filter((r) => r.action === "ListRoles").length).toBeGreaterThan(1);
    expect(requests.filter((r) => r.action === "GetRole")).toHaveLength(0);
    expect(requests.filter((r) => r.action === "ListOpenIDConnectProviders")).toHaveLength(1);
    // An EKS cluster states its issuer in describe-cluster: the API server's discovery document is not asked for.
    expect(requests.filter((r) => r.path === "/.well-known/openid-configuration")).toHaveLength(0);
    const keys = requests.map((r) => `${r.method} ${r.path}?${r.query}`);
    const eksAndK8s = keys.filter((k) => !k.startsWith("POST /"));
    expect(new Set(eksAndK8s).size).toBe(eksAndK8s.length);
    expect(live.rounds).toBeGreaterThan(1);
  }, 60_000);

  test("throttled answers are retried with backoff, and the verdicts do not change", async () => {
    const faults = [
      { match: { service: "iam" as const, action: "ListRoles" }, kind: "throttle" as const, times: 2 },
      { match: { service: "eks" as const, action: "DescribePodIdentityAssociation" }, kind: "throttle" as const, times: 3 },
      { match: { service: "k8s" as const, action: "list pods" }, kind: "throttle" as const, times: 1 },
    ];
    const requests: RecordedRequest[] = [];
    const live = await withEmulator(dir, { faults }, async (e) => {
      const out = await collectFleetLive({ cluster: "prod-eu", timeoutMs: 5000, backoff: { baseDelayMs: 5, maxDelayMs: 20 } });
      requests.push(...e.requests());
      return out;
    });
    expect(live.throttled).toBe(6);
    expect(requests.filter((r) => r.status === 429 || (r.action === "ListRoles" && r.status === 400))).toHaveLength(6);
    expect(verdicts(runAudit(live.fleet))).toEqual(verdicts(offline));
  }, 60_000);

  test("a pod whose AWS_ROLE_ARN differs from its annotation: its owners are read (GET only, each once) and the verdict is the offline one", async () => {
    const scenario = ACK;
    const expected = runAudit(await loadFleetDir(scenario));
    const requests: RecordedRequest[] = [];
    const live = await withEmulator(scenario, {}, async (e) => {
      const out = await collectFleetLive({ cluster: "ack-infra", timeoutMs: 5000 });
      requests.push(...e.requests());
      return out;
    });
    const after = runAudit(live.fleet);
    expect(after.bindings.map((b) => `${b.service_account} ${b.cause_id} ${b.confidence}`)).toEqual(
      expected.bindings.map((b) => `${b.service_account} ${b.cause_id} ${b.confidence}`),
    );
    expect(after.bindings.find((b) => b.service_account === "ack-s3-controller")?.cause_id).toBe("credential_chain.role_arn_override");
    const owners = requests.filter((r) => r.action === "get deployments" || r.action === "get replicasets");
    // The pod's pod-template-hash names its Deployment, so its ReplicaSet is not asked for.
    expect(owners.map((r) => r.path)).toEqual(["/apis/apps/v1/namespaces/ack-system/deployments/ack-s3-controller-s3-chart"]);
    expect(owners.every((r) => r.method === "GET")).toBe(true);
  }, 60_000);

  test("a pod whose labels do not name its Deployment: its ReplicaSet is read, then the Deployment the ReplicaSet names", async () => {
    const copy = await mkdtemp(join(tmpdir(), "irsa-doctor-fleet-owners-"));
    try {
      await cp(ACK, copy, { recursive: true });
      const podFile = join(copy, "k8s/pod-ack-s3-controller-s3-chart-6b8d9f7c5-7hgl2.yaml");
      await writeFile(podFile, (await readFile(podFile, "utf8")).replace("    pod-template-hash: 6b8d9f7c5\n", ""));
      const rs = {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: "ack-s3-controller-s3-chart-6b8d9f7c5",
          namespace: "ack-system",
          ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "ack-s3-controller-s3-chart", controller: true }],
        },
        spec: {
          template: {
            spec: {
              serviceAccountName: "ack-s3-controller",
              containers: [
                {
                  name: "controller",
                  env: [{ name: "AWS_ROLE_ARN", value: "arn:aws:iam::111122223333:role/ack-s3-controller-cross-account" }],
                },
              ],
            },
          },
        },
      };
      await writeFile(join(copy, "k8s/replicaset-ack-s3-controller-s3-chart-6b8d9f7c5.json"), JSON.stringify(rs));
      const expected = runAudit(await loadFleetDir(copy));
      const requests: RecordedRequest[] = [];
      const live = await withEmulator(copy, {}, async (e) => {
        const out = await collectFleetLive({ cluster: "ack-infra", timeoutMs: 5000 });
        requests.push(...e.requests());
        return out;
      });
      const verdict = (r: AuditResult) => r.bindings.map((b) => `${b.service_account} ${b.cause_id} ${b.confidence}`);
      expect(verdict(runAudit(live.fleet))).toEqual(verdict(expected));
      expect(expected.bindings.find((b) => b.service_account === "ack-s3-controller")?.cause_id).toBe("credential_chain.role_arn_override");
      expect(requests.filter((r) => r.action === "get deployments" || r.action === "get replicasets").map((r) => r.path)).toEqual([
        "/apis/apps/v1/namespaces/ack-system/replicasets/ack-s3-controller-s3-chart-6b8d9f7c5",
        "/apis/apps/v1/namespaces/ack-system/deployments/ack-s3-controller-s3-chart",
      ]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 60_000);

  test.each([
    "healthy--kops-irsa-zero-configuration",
    "oidc_provider.missing--kops-webhook-enabled-without-aws-oidc-provider",
    "oidc_provider.missing--kubeadm-token-issuer-is-first-service-account-issuer",
    "oidc_provider.audience_mismatch--kops-provider-amazonaws-com-helm-webhook-sts-audience",
  ])(
    "a self-managed cluster (%s): the issuer is read once from the API server and the verdict is the offline one",
    async (name) => {
      const scenario = fileURLToPath(new URL(`../../fixtures/scenarios/${name}`, import.meta.url));
      const expected = runAudit(await loadFleetDir(scenario));
      const cluster = /^cluster: (.+)$/m.exec(await readFile(join(scenario, "target.yaml"), "utf8"))?.[1] ?? "";
      const requests: RecordedRequest[] = [];
      const live = await withEmulator(scenario, {}, async (e) => {
        const out = await collectFleetLive({ cluster, timeoutMs: 5000 });
        requests.push(...e.requests());
        return out;
      });
      expect(live.fleet.serviceAccountIssuer?.status).toBe("found");
      expect(requests.filter((r) => r.path === "/.well-known/openid-configuration")).toHaveLength(1);
      const verdict = (r: AuditResult) => r.bindings.map((b) => `${b.namespace}/${b.service_account} ${b.cause_id} ${b.confidence}`);
      expect(verdict(runAudit(live.fleet))).toEqual(verdict(expected));
      // Not inconclusive for want of the issuer: the cause the per-pod diagnosis names (test/audit/parity.test.ts).
      expect(expected.bindings.map((b) => b.cause_id)).toEqual([name.split("--")[0]]);
    },
    60_000,
  );

  test("without ListRoles (a bundle of single roles) the roles named are read with GetRole instead", async () => {
    const faults = [{ match: { service: "iam" as const, action: "ListRoles" }, kind: "deny" as const }];
    const requests: RecordedRequest[] = [];
    const live = await withEmulator(dir, { faults }, async (e) => {
      const out = await collectFleetLive({ cluster: "prod-eu", timeoutMs: 5000 });
      requests.push(...e.requests());
      return out;
    });
    const getRoles = requests.filter((r) => r.action === "GetRole");
    expect(getRoles.length).toBeGreaterThan(100);
    const after = runAudit(live.fleet);
    // A role GetRole does not find is refused by the emulator (nothing proves it absent): not role_not_found.
    const differ = after.bindings.filter((b, i) => b.cause_id !== offline.bindings[i]?.cause_id);
    expect(
      differ.every(
        (b) => offline.bindings.find((o) => o.service_account === b.service_account)?.cause_id === "irsa_annotation.role_not_found",
      ),
    ).toBe(true);
  }, 60_000);
});
