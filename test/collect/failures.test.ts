// How a live collection behaves when reads fail: a refused Kubernetes read, IAM refusing GetRole, a
// role that does not exist, a request that never answers, a pod that does not exist. Nothing throws, the
// rest is still read, and each failure names what could not be read and the permission to grant.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import type { Fault } from "../../src/emulator/types.js";
import { scenarioDir, withEmulator } from "./helpers.js";

const IRSA = scenarioDir("healthy--irsa");
const POD = "payments-api-7d9c8b6f5-x2k4q";
const ROLE = "payments-api-irsa";
const target = { namespace: "payments", pod: POD, incidentTime: "2024-05-14T09:32:00Z" };

const collect = (faults: Fault[], timeoutMs = 5000, t: Parameters<typeof collectLive>[0] = target) =>
  withEmulator(IRSA, { faults }, async (e) => ({ live: await collectLive(t, { cluster: "prod-eu", timeoutMs }), requests: e.requests() }));

describe("a failed read never throws and says what it could not read", () => {
  test("403 on nodes: the node is permission_denied naming the RBAC rule, everything else is read", async () => {
    const { live } = await collect([{ match: { service: "k8s", action: "get nodes" }, kind: "deny" }]);
    const { k8s } = live.snapshot;
    expect(k8s.node).toMatchObject({ status: "unavailable", reason: "permission_denied", permission: "get nodes" });
    expect(k8s.node.status === "unavailable" && k8s.node.detail).toContain("node ip-10-0-42-17.eu-west-1.compute.internal");
    for (const key of ["pod", "serviceAccount", "events", "owners", "namespace", "podIdentityAgent"] as const)
      expect(k8s[key].status, key).toBe("found");
    expect(live.snapshot.aws.roles[ROLE]?.status).toBe("found");
  });

  test("403 on events: events are permission_denied, not an empty list", async () => {
    const { live } = await collect([{ match: { service: "k8s", action: "list events" }, kind: "deny" }]);
    expect(live.snapshot.k8s.events).toMatchObject({ status: "unavailable", reason: "permission_denied", permission: "list events" });
  });

  test("IAM denies GetRole: the role is missing with iam:GetRole named, its policies are still read", async () => {
    const { live } = await collect([{ match: { service: "iam", action: "GetRole" }, kind: "deny" }]);
    const role = live.snapshot.aws.roles[ROLE];
    expect(role).toMatchObject({
      status: "unavailable",
      reason: "permission_denied",
      permission: "iam:GetRole",
      source: `aws iam get-role --role-name ${ROLE}`,
    });
    expect(role?.status === "unavailable" && role.detail).toMatch(new RegExp(`could not read role ${ROLE}: iam:GetRole denied`));
    expect(live.snapshot.aws.rolePermissions[ROLE]?.status).toBe("found");
  });

  test("NoSuchEntity for the role: the role is absent, not unavailable", async () => {
    const { live } = await collect([{ match: { service: "iam", action: "GetRole" }, kind: "not_found" }]);
    expect(live.snapshot.aws.roles[ROLE]).toMatchObject({ status: "absent" });
  });

  test("both policy lists denied: the role's permissions are permission_denied, not 'no policies'", async () => {
    const { live } = await collect([
      { match: { service: "iam", action: "ListAttachedRolePolicies" }, kind: "deny" },
      { match: { service: "iam", action: "ListRolePolicies" }, kind: "deny" },
    ]);
    expect(live.snapshot.aws.rolePermissions[ROLE]).toMatchObject({ status: "unavailable", reason: "permission_denied" });
  });

  test("a request that never answers: unreachable after the timeout, the rest of the evidence is read", async () => {
    const started = Date.now();
    const { live } = await collect([{ match: { service: "eks", action: "DescribeCluster" }, kind: "timeout" }], 400);
    expect(live.snapshot.aws.cluster).toMatchObject({ status: "unavailable", reason: "unreachable" });
    expect(live.snapshot.aws.cluster.status === "unavailable" && live.snapshot.aws.cluster.detail).toContain("no answer within 400 ms");
    expect(live.snapshot.k8s.pod.status).toBe("found");
    expect(live.snapshot.aws.roles[ROLE]?.status).toBe("found");
    // Two attempts of 400 ms at most, not the SDK's default of minutes.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test("a Kubernetes read that never answers is unreachable too", async () => {
    const { live } = await collect([{ match: { service: "k8s", action: "get nodes" }, kind: "timeout" }], 300);
    expect(live.snapshot.k8s.node).toMatchObject({ status: "unavailable", reason: "unreachable" });
    expect(live.snapshot.k8s.pod.status).toBe("found");
  });

  test("a pod that does not exist is absent, says so, and leaves what depends on it not collected", async () => {
    const { live } = await collect([], 5000, { namespace: "payments", pod: "no-such-pod" });
    const { k8s, logs } = live.snapshot;
    expect(k8s.pod).toMatchObject({ status: "absent" });
    expect(k8s.pod.status === "absent" && k8s.pod.detail).toBe(
      "pod payments/no-such-pod does not exist (the API server answered 404 NotFound)",
    );
    expect(k8s.serviceAccount).toMatchObject({ status: "unavailable", reason: "not_collected" });
    expect(logs).toMatchObject({ status: "unavailable", reason: "not_collected" });
    expect(k8s.namespace.status).toBe("found");
    expect(live.snapshot.aws.cluster.status).toBe("found");
  });

  test("a service account with no pods: the pod is absent and its workloads are looked for", async () => {
    const { live, requests } = await collect([], 5000, { namespace: "payments", serviceAccount: "nobody" });
    expect(live.snapshot.k8s.pod.status === "absent" && live.snapshot.k8s.pod.detail).toContain(
      "service account payments/nobody has no pods",
    );
    expect(requests.map((r) => r.action)).toEqual(expect.arrayContaining(["list replicasets", "list deployments"]));
    expect(live.snapshot.k8s.owners).toEqual({ status: "found", value: [], source: "live" });
  });

  test("server errors and refusals are recorded with the outcome the collectors saw", async () => {
    const { live } = await collect([{ match: { service: "sts" }, kind: "server_error" }]);
    expect(live.snapshot.aws.callerIdentity).toMatchObject({ status: "unavailable", reason: "error" });
    expect(live.calls.find((c) => c.action === "GetCallerIdentity")?.outcome).toBe("error");
  });
});

describe("paging", () => {
  test("with one item per page every list is followed to its end and gives the same evidence", async () => {
    const dir = scenarioDir("healthy--pod-identity");
    const t = { namespace: "orders", serviceAccount: "orders-worker", incidentTime: "2024-05-14T11:20:00Z" };
    const whole = await withEmulator(dir, {}, () => collectLive(t, { cluster: "prod-eu", timeoutMs: 5000 }));
    const paged = await withEmulator(dir, { pageSize: 1 }, async (e) => ({
      live: await collectLive(t, { cluster: "prod-eu", timeoutMs: 5000 }),
      requests: e.requests(),
    }));
    expect(paged.live.snapshot.k8s).toEqual(whole.snapshot.k8s);
    expect(paged.live.snapshot.aws.podIdentityAssociations).toEqual(whole.snapshot.aws.podIdentityAssociations);
    const pages = (action: string) => paged.requests.filter((r) => r.action === action).length;
    expect(pages("ListPodIdentityAssociations")).toBeGreaterThan(1);
    expect(pages("list pods")).toBeGreaterThan(2);
    // Each page is one round later than the one before it.
    const assoc = paged.live.calls.filter((c) => c.action === "ListPodIdentityAssociations").map((c) => c.round);
    expect(assoc).toEqual(assoc.map((_, i) => i + 1));
    // Associations are described page by page: the first page's before the list has ended.
    const described = paged.live.calls.filter((c) => c.action === "DescribePodIdentityAssociation").map((c) => c.round);
    expect(described).toHaveLength(2);
    expect(Math.min(...described)).toBeLessThanOrEqual(Math.max(...assoc));
  });

  test("a long account policy list is not waited for: a policy known before its last page asks GetPolicy", async () => {
    // healthy--irsa plus six other roles, each with its own customer managed policy: with one item a page,
    // ListPolicies takes seven dependent requests, more than the role's own policy list.
    const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-many-policies-"));
    try {
      await cp(IRSA, dir, { recursive: true });
      const version = await readFile(join(dir, "aws", "iam-get-policy-version-payments-statements-s3-read.json"), "utf8");
      const role = await readFile(join(dir, "aws", `iam-get-role-${ROLE}.json`), "utf8");
      for (let i = 1; i <= 6; i++) {
        const name = `other-policy-${i}`;
        await writeFile(join(dir, "aws", `iam-get-role-other-role-${i}.json`), role.replaceAll(ROLE, `other-role-${i}`));
        const attached = { AttachedPolicies: [{ PolicyName: name, PolicyArn: `arn:aws:iam::111122223333:policy/${name}` }] };
        await writeFile(join(dir, "aws", `iam-list-attached-role-policies-other-role-${i}.json`), JSON.stringify(attached));
        await writeFile(join(dir, "aws", `iam-get-policy-version-${name}.json`), version);
      }
      const whole = await withEmulator(dir, {}, () => collectLive(target, { cluster: "prod-eu", timeoutMs: 5000 }));
      const paged = await withEmulator(dir, { pageSize: 1 }, () => collectLive(target, { cluster: "prod-eu", timeoutMs: 5000 }));
      const rounds = (action: string, subject = "") =>
        paged.calls.filter((c) => c.action === action && c.subject.includes(subject)).map((c) => c.round);
      const listed = rounds("ListPolicies");
      expect(listed.length).toBe(7);
      const [document] = rounds("GetPolicyVersion", "payments-statements-s3-read");
      expect(rounds("GetPolicy", "payments-statements-s3-read")).toHaveLength(1);
      expect(document).toBeLessThan(Math.max(...listed));
      // Read either way, the role's permissions are the same evidence.
      expect(paged.snapshot.aws.rolePermissions).toEqual(whole.snapshot.aws.rolePermissions);
      expect(Object.keys(whole.snapshot.aws.rolePermissions)).toEqual(["payments-api-irsa"]);
      expect(whole.calls.filter((c) => c.action === "GetPolicy")).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
