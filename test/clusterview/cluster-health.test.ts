// cluster_health through the real MCP server against the emulator: the AWS side over the SDK clients
// (IAM query, EKS restJson), the Kubernetes side over client-node's credentials. Each scenario's
// verdicts, the permission named when a read is denied, the fallbacks, concurrency, offline parity, and
// that only reads were sent.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AGENT_CRASHLOOP,
  HEALTHY_IRSA,
  OIDC_MISSING,
  type ToolServer,
  onlyReads,
  snapshotOf,
  startToolServer,
  withEmulator,
} from "./helpers.js";

type Item = { id: string; status: string; reason: string; permission: string | null; details: Record<string, unknown>; applies_to: string };

let server: ToolServer;
beforeAll(async () => {
  server = await startToolServer();
});
afterAll(async () => {
  await server.close();
});

const health = (args: Record<string, unknown> = {}) => server.call("cluster_health", { clusterName: "prod-eu", ...args });
const byId = (items: Item[]) => Object.fromEntries(items.map((i) => [i.id, i]));
const statuses = (items: Item[]) => Object.fromEntries(items.map((i) => [i.id, i.status]));

describe("cluster_health verdicts", () => {
  it("healthy IRSA cluster: every item ok, rated GREEN by the runbook, and only reads were sent", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const r = await health();
      expect(r.isError, r.text).toBe(false);
      expect(r.structured).toMatchObject({
        clusterName: "prod-eu",
        region: "eu-west-1",
        overall: "ok",
        summary: "Cluster prod-eu: every workload identity item is ok.",
      });
      expect(r.structured["safety_rating"]).toEqual({ rating: "GREEN", note: "read-only", runbook: "h2-irsa-pod-identity-confusion" });
      const items = r.structured["items"] as Item[];
      expect(items.map((i) => [i.id, i.applies_to, i.status])).toEqual([
        ["cluster", "cluster", "ok"],
        ["oidc_issuer", "irsa", "ok"],
        ["oidc_provider", "irsa", "ok"],
        ["pod_identity_webhook", "irsa", "ok"],
        ["pod_identity_agent_addon", "pod_identity", "ok"],
        ["pod_identity_agent_daemonset", "pod_identity", "ok"],
      ]);
      expect(byId(items)["cluster"]?.details).toMatchObject({
        status: "ACTIVE",
        version: "1.29",
        endpoint_public_access: true,
        endpoint_private_access: true,
      });
      expect(byId(items)["oidc_provider"]?.details).toMatchObject({ client_ids: ["sts.amazonaws.com"] });
      expect(onlyReads(e.requests())).toEqual([]);
      expect(
        e
          .requests()
          .map((q) => `${q.service} ${q.action}`)
          .sort(),
      ).toEqual([
        "eks DescribeAddon",
        "eks DescribeCluster",
        "iam GetOpenIDConnectProvider",
        "iam ListOpenIDConnectProviders",
        "k8s get daemonsets",
        "k8s list mutatingwebhookconfigurations",
        "k8s list pods",
      ]);
    });
  });

  it("missing OIDC provider: a problem naming the issuer and the operator's eksctl command, the rest ok", async () => {
    await withEmulator(OIDC_MISSING, {}, async () => {
      const r = await health();
      const items = r.structured["items"] as Item[];
      expect(statuses(items)).toEqual({
        cluster: "ok",
        oidc_issuer: "ok",
        oidc_provider: "problem",
        pod_identity_webhook: "ok",
        pod_identity_agent_addon: "ok",
        pod_identity_agent_daemonset: "ok",
      });
      const provider = byId(items)["oidc_provider"]!;
      expect(provider.reason).toContain(
        "No IAM OIDC provider exists for the issuer https://oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D",
      );
      expect(provider.reason).toContain(
        "Operator action (irsa-doctor does not run it): eksctl utils associate-iam-oidc-provider --cluster prod-eu --approve",
      );
      expect(r.structured["overall"]).toBe("problem");
      expect(r.structured["summary"]).toBe("Cluster prod-eu: problem in oidc_provider.");
    });
  });

  it("crash-looping agent: the add-on's DEGRADED health and the agent pod not serving on its node", async () => {
    await withEmulator(AGENT_CRASHLOOP, {}, async () => {
      const items = byId((await health()).structured["items"] as Item[]);
      expect(items["pod_identity_agent_addon"]).toMatchObject({
        status: "problem",
        details: { status: "DEGRADED", issues: [expect.stringMatching(/^InsufficientNumberOfReplicas: /)] },
      });
      expect(items["pod_identity_agent_daemonset"]).toMatchObject({
        status: "problem",
        details: {
          desired: 3,
          ready: 2,
          unavailable: 1,
          not_serving: ["eks-pod-identity-agent-q5c8n on node ip-10-0-77-203.eu-west-1.compute.internal (CrashLoopBackOff, 38 restarts)"],
        },
      });
      // The bundle did not capture the account's OIDC providers: unknown, with what to grant, never "missing".
      expect(items["oidc_provider"]).toMatchObject({
        status: "unknown",
        permission: "iam:ListOpenIDConnectProviders and iam:GetOpenIDConnectProvider",
      });
    });
  });
});

describe("cluster_health when reads are refused", () => {
  it("reads the provider by its ARN when listing providers is denied", async () => {
    await withEmulator(
      HEALTHY_IRSA,
      { faults: [{ match: { service: "iam", action: "ListOpenIDConnectProviders" }, kind: "deny" }] },
      async (e) => {
        const items = byId((await health()).structured["items"] as Item[]);
        expect(items["oidc_provider"]?.status).toBe("ok");
        const get = e.requests().find((q) => q.action === "GetOpenIDConnectProvider");
        expect(get?.status).toBe(200);
      },
    );
  });

  it("names the denied EKS permission and still answers the Kubernetes items", async () => {
    await withEmulator(HEALTHY_IRSA, { faults: [{ match: { service: "eks", action: "DescribeCluster" }, kind: "deny" }] }, async () => {
      const r = await health();
      const items = byId(r.structured["items"] as Item[]);
      expect(items["cluster"]).toMatchObject({ status: "unknown", permission: "eks:DescribeCluster" });
      expect(items["cluster"]?.reason).toMatch(/^Could not read cluster prod-eu: eks:DescribeCluster denied/);
      expect(items["oidc_issuer"]).toMatchObject({ status: "unknown", permission: "eks:DescribeCluster" });
      expect(items["oidc_provider"]?.status).toBe("unknown");
      expect(items["pod_identity_webhook"]?.status).toBe("ok");
      expect(r.structured["overall"]).toBe("unknown");
    });
  });

  it("names the RBAC rule when the webhook configurations cannot be listed", async () => {
    await withEmulator(
      HEALTHY_IRSA,
      { faults: [{ match: { service: "k8s", action: "list mutatingwebhookconfigurations" }, kind: "deny" }] },
      async () => {
        const hook = byId((await health()).structured["items"] as Item[])["pod_identity_webhook"];
        expect(hook).toMatchObject({
          status: "unknown",
          permission: 'list on mutatingwebhookconfigurations in API group "admissionregistration.k8s.io" (cluster-scoped: a ClusterRole)',
        });
      },
    );
  });

  it("answers the AWS items when the kubeconfig context does not exist", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const items = byId((await health({ context: "nope" })).structured["items"] as Item[]);
      expect(items["oidc_provider"]?.status).toBe("ok");
      expect(items["pod_identity_webhook"]).toMatchObject({ status: "unknown" });
      expect(items["pod_identity_webhook"]?.reason).toContain('Context "nope" is not in the kubeconfig');
      expect(e.requests().filter((q) => q.service === "k8s")).toEqual([]);
    });
  });
});

describe("cluster_health reads", () => {
  it("runs the independent reads at once: two dependent rounds, not one per read", async () => {
    const latencyMs = 400;
    await withEmulator(HEALTHY_IRSA, { latencyMs }, async (e) => {
      await health(); // loads the SDK and client-node, so the timed call measures only the reads
      const before = e.requests().length;
      const started = Date.now();
      await health();
      const elapsed = Date.now() - started;
      const reads = e.requests().length - before;
      expect(reads).toBe(7);
      // One after another would take at least 7 x latency; at once, two rounds (a third for the agent's pods).
      expect(elapsed, `took ${elapsed} ms`).toBeLessThan(5 * latencyMs);
    });
  });

  it.each([HEALTHY_IRSA, OIDC_MISSING, AGENT_CRASHLOOP])(
    "%s: an offline snapshot gives the same items as the live cluster",
    async (scenario) => {
      const live = await withEmulator(scenario, {}, () => health());
      const offline = await health({ snapshot: snapshotOf(scenario) });
      expect(offline.isError, offline.text).toBe(false);
      expect(offline.structured["sources"]).toEqual({
        aws: `snapshot ${snapshotOf(scenario)}`,
        kubernetes: `snapshot ${snapshotOf(scenario)}`,
      });
      const comparable = (items: Item[]) => items.map(({ reason: _r, permission: _p, ...rest }) => rest);
      expect(comparable(offline.structured["items"])).toEqual(comparable(live.structured["items"]));
      expect(offline.structured["overall"]).toBe(live.structured["overall"]);
    },
  );
});
