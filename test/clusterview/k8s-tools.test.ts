// list_k8s_resources, read_k8s_resource and get_k8s_events through the real MCP server, against the
// emulator over real HTTP (client-node's credentials, the collectors' GET-only reader): pod status as the
// runbook's triage reads it, selectors and bounds, missing and refused objects, Secrets never read.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_CRASHLOOP, HEALTHY_IRSA, OIDC_MISSING, type ToolServer, onlyReads, startToolServer, withEmulator } from "./helpers.js";

const POD = "payments-api-7d9c8b6f5-x2k4q";
const pods = { kind: "Pod", apiVersion: "v1" };

let server: ToolServer;
beforeAll(async () => {
  server = await startToolServer();
});
afterAll(async () => {
  await server.close();
});

describe("list_k8s_resources", () => {
  it("lists a crash-looping IRSA pod with its reason, restarts, readiness, node and injected env", async () => {
    await withEmulator(OIDC_MISSING, {}, async (e) => {
      const r = await server.call("list_k8s_resources", { clusterName: "prod-eu", ...pods, namespace: "payments" });
      expect(r.isError).toBe(false);
      expect(r.structured).toMatchObject({
        kind: "Pod",
        apiVersion: "v1",
        namespace: "payments",
        count: 1,
        truncated: false,
        safety_rating: null,
      });
      expect(r.structured["items"]).toEqual([
        {
          name: POD,
          namespace: "payments",
          phase: "Running",
          ready: "0/1",
          restarts: 9,
          reason: "CrashLoopBackOff",
          node: "ip-10-0-42-17.eu-west-1.compute.internal",
          serviceAccountName: "payments-api",
          creationTimestamp: "2024-05-14T09:05:12Z",
          age: "54m",
          has_irsa_env: true,
          has_pod_identity_env: false,
        },
      ]);
      expect(r.structured["source"]).toContain(`API server ${e.url}`);
      expect(onlyReads(e.requests())).toEqual([]);
    });
  });

  it("tells a Pod Identity pod (container credentials env) from an IRSA one", async () => {
    await withEmulator(AGENT_CRASHLOOP, {}, async () => {
      const r = await server.call("list_k8s_resources", { ...pods, namespace: "orders" });
      const item = (r.structured["items"] as Record<string, unknown>[])[0];
      expect(item).toMatchObject({
        name: "orders-worker-5f8d9c7b4-m7z9p",
        has_irsa_env: false,
        has_pod_identity_env: true,
        restarts: 0,
        reason: null,
      });
    });
  });

  it("passes label and field selectors to the API server and bounds the answer with truncated", async () => {
    await withEmulator(AGENT_CRASHLOOP, {}, async (e) => {
      const agents = await server.call("list_k8s_resources", {
        ...pods,
        namespace: "kube-system",
        labelSelector: "app.kubernetes.io/name=eks-pod-identity-agent",
      });
      const names = (agents.structured["items"] as { name: string }[]).map((i) => i.name);
      expect(names.length).toBeGreaterThan(1);
      expect(names.every((n) => n.startsWith("eks-pod-identity-agent-"))).toBe(true);
      const crashing = agents.structured["items"].find((i: { name: string }) => i.name === "eks-pod-identity-agent-q5c8n");
      expect(crashing).toMatchObject({ reason: "CrashLoopBackOff", restarts: 38, ready: "0/1" });

      const onNode = await server.call("list_k8s_resources", {
        ...pods,
        namespace: "kube-system",
        fieldSelector: "spec.nodeName=ip-10-0-77-203.eu-west-1.compute.internal",
      });
      expect((onNode.structured["items"] as { node: string }[]).map((i) => i.node)).toEqual(["ip-10-0-77-203.eu-west-1.compute.internal"]);

      const none = await server.call("list_k8s_resources", { ...pods, namespace: "kube-system", labelSelector: "app=nothing-has-this" });
      expect(none.structured).toMatchObject({ count: 0, truncated: false, items: [] });

      const one = await server.call("list_k8s_resources", {
        ...pods,
        namespace: "kube-system",
        labelSelector: "app.kubernetes.io/name=eks-pod-identity-agent",
        limit: 1,
      });
      expect(one.structured).toMatchObject({ count: 1, truncated: true });
      const sent = e
        .requests()
        .filter((r) => r.path === "/api/v1/namespaces/kube-system/pods")
        .map((r) => new URLSearchParams(r.query));
      expect(sent.map((q) => q.get("labelSelector") ?? q.get("fieldSelector"))).toEqual([
        "app.kubernetes.io/name=eks-pod-identity-agent",
        "spec.nodeName=ip-10-0-77-203.eu-west-1.compute.internal",
        "app=nothing-has-this",
        "app.kubernetes.io/name=eks-pod-identity-agent",
      ]);
      expect(sent.at(-1)?.get("limit")).toBe("1");
    });
  });

  it("follows continue tokens when the server pages the answer", async () => {
    await withEmulator(AGENT_CRASHLOOP, { pageSize: 1 }, async (e) => {
      const r = await server.call("list_k8s_resources", {
        ...pods,
        namespace: "kube-system",
        labelSelector: "app.kubernetes.io/name=eks-pod-identity-agent",
      });
      expect((r.structured["items"] as { name: string }[]).map((i) => i.name)).toEqual([
        "eks-pod-identity-agent-7wq2m",
        "eks-pod-identity-agent-q5c8n",
      ]);
      expect(r.structured["truncated"]).toBe(false);
      expect(
        e
          .requests()
          .filter((q) => q.action === "list pods")
          .map((q) => new URLSearchParams(q.query).has("continue")),
      ).toEqual([false, true]);
    });
  });

  it("gives ServiceAccounts with their annotations and workloads with their readiness", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async () => {
      const sas = await server.call("list_k8s_resources", { kind: "ServiceAccount", apiVersion: "v1", namespace: "payments" });
      expect(sas.structured["items"]).toEqual([
        expect.objectContaining({
          name: "payments-api",
          annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/payments-api-irsa" },
        }),
      ]);
      const ds = await server.call("list_k8s_resources", { kind: "DaemonSet", apiVersion: "apps/v1", namespace: "kube-system" });
      expect(ds.structured["items"][0]).toMatchObject({ name: "eks-pod-identity-agent", status: { desired: 3, ready: 3, unavailable: 0 } });
      const hooks = await server.call("list_k8s_resources", {
        kind: "MutatingWebhookConfiguration",
        apiVersion: "admissionregistration.k8s.io/v1",
      });
      expect(hooks.structured["items"][0]).toMatchObject({
        name: "pod-identity-webhook",
        namespace: null,
        status: { webhooks: "iam-for-pods.amazonaws.com" },
      });
    });
  });

  it("refuses an unknown kind listing the supported ones, and a wrong apiVersion naming the right one, before any request", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const unknown = await server.call("list_k8s_resources", { kind: "CronJob", apiVersion: "batch/v1", namespace: "payments" });
      expect(unknown.isError).toBe(true);
      expect(unknown.text).toContain(
        'Kind "CronJob" is not one the cluster tools read. Supported kinds (apiVersion): DaemonSet (apps/v1), Deployment (apps/v1), Event (v1), MutatingWebhookConfiguration (admissionregistration.k8s.io/v1), Namespace (v1), Node (v1), Pod (v1), ReplicaSet (apps/v1), Service (v1), ServiceAccount (v1).',
      );
      const wrong = await server.call("list_k8s_resources", { kind: "Deployment", apiVersion: "v1", namespace: "payments" });
      expect(wrong.text).toBe('Deployment is served at apiVersion "apps/v1", not "v1": call again with apiVersion=apps/v1.');
      expect(e.requests()).toEqual([]);
    });
  });

  it("never asks for Secrets: the call is refused with the reason and nothing is sent", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      for (const kind of ["Secret", "secrets"]) {
        const r = await server.call("list_k8s_resources", { kind, apiVersion: "v1", namespace: "payments" });
        expect(r.isError).toBe(true);
        expect(r.text).toMatch(/^irsa-doctor never reads Secrets: they hold credentials/);
      }
      const read = await server.call("read_k8s_resource", { kind: "Secret", apiVersion: "v1", namespace: "payments", name: "db" });
      expect(read.text).toMatch(/never reads Secrets/);
      expect(e.requests()).toEqual([]);
    });
  });

  it("names the RBAC verb and resource to grant when the API server answers 403", async () => {
    await withEmulator(HEALTHY_IRSA, { faults: [{ match: { service: "k8s", action: "list pods" }, kind: "deny" }] }, async () => {
      const r = await server.call("list_k8s_resources", { ...pods, namespace: "payments" });
      expect(r.isError).toBe(true);
      expect(r.text).toContain(
        'The API server refused to list pods in namespace payments: grant the RBAC verb "list" on resource "pods" (API group "")',
      );
      expect(r.text).toContain("denied by an injected fault");
    });
  });
});

describe("read_k8s_resource", () => {
  it("summarises a pod's token volumes, their mounts, AWS env and last termination, without managedFields", async () => {
    await withEmulator(OIDC_MISSING, {}, async () => {
      const r = await server.call("read_k8s_resource", { clusterName: "prod-eu", ...pods, namespace: "payments", name: POD });
      expect(r.isError).toBe(false);
      const summary = r.structured["summary"];
      expect(summary.serviceAccountName).toBe("payments-api");
      expect(summary.token_volumes[0]).toEqual({
        volume: "aws-iam-token",
        audience: "sts.amazonaws.com",
        expirationSeconds: 86400,
        path: "token",
        mounts: [{ container: "payments-api", mountPath: "/var/run/secrets/eks.amazonaws.com/serviceaccount", readOnly: true }],
      });
      expect(summary.token_volumes[1]).toMatchObject({ audience: null, expirationSeconds: 3607 });
      expect(summary.aws_env).toEqual([
        {
          container: "payments-api",
          init: false,
          env: {
            AWS_DEFAULT_REGION: "eu-west-1",
            AWS_REGION: "eu-west-1",
            AWS_ROLE_ARN: "arn:aws:iam::111122223333:role/payments-api-irsa",
            AWS_STS_REGIONAL_ENDPOINTS: "regional",
            AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
          },
        },
      ]);
      expect(summary.containers[0]).toMatchObject({
        name: "payments-api",
        restartCount: 9,
        state: "waiting: CrashLoopBackOff",
        last_termination: { reason: "Error", exitCode: 1 },
      });
      expect(r.structured["object"].metadata.name).toBe(POD);
      expect(r.structured["object"].metadata).not.toHaveProperty("managedFields");
    });
  });

  it("gives a ServiceAccount's IRSA annotations as its summary", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async () => {
      const r = await server.call("read_k8s_resource", {
        kind: "ServiceAccount",
        apiVersion: "v1",
        namespace: "payments",
        name: "payments-api",
      });
      expect(r.structured["summary"]).toEqual({
        role_arn: "arn:aws:iam::111122223333:role/payments-api-irsa",
        audience: null,
        token_expiration: null,
        sts_regional_endpoints: null,
        automountServiceAccountToken: null,
      });
    });
  });

  it('answers a missing pod with "pod X not found in namespace Y" and where to look', async () => {
    await withEmulator(HEALTHY_IRSA, {}, async () => {
      const r = await server.call("read_k8s_resource", { ...pods, namespace: "payments", name: "payments-api-gone" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(
        /^pod payments-api-gone not found in namespace payments \(the API server answered 404 NotFound\)\. list_k8s_resources with kind=Pod, namespace=payments shows what is there\.$/,
      );
    });
  });

  it("asks for the namespace of a namespaced kind instead of guessing one", async () => {
    const r = await server.call("read_k8s_resource", { ...pods, name: POD });
    expect(r.text).toBe(`Pod is a namespaced kind: pass namespace=<namespace> along with name=${POD}.`);
  });

  it("names the get permission when reading one pod is forbidden", async () => {
    await withEmulator(HEALTHY_IRSA, { faults: [{ match: { service: "k8s", action: "get pods" }, kind: "deny" }] }, async () => {
      const r = await server.call("read_k8s_resource", { ...pods, namespace: "payments", name: POD });
      expect(r.text).toContain(
        `The API server refused to get Pod ${POD} in namespace payments: grant the RBAC verb "get" on resource "pods"`,
      );
    });
  });
});

describe("get_k8s_events", () => {
  it("returns the pod's events newest first with the BackOff warning flagged", async () => {
    await withEmulator(OIDC_MISSING, {}, async (e) => {
      const r = await server.call("get_k8s_events", { clusterName: "prod-eu", kind: "Pod", namespace: "payments", name: POD });
      expect(r.structured).toMatchObject({ namespace: "payments", kind: "Pod", name: POD, count: 6, warnings: 1, truncated: false });
      const events = r.structured["events"] as {
        reason: string;
        warning: boolean;
        last_time: string;
        count: number;
        involved_object: string;
      }[];
      expect(events[0]).toMatchObject({
        reason: "BackOff",
        warning: true,
        count: 118,
        first_time: "2024-05-14T09:05:49Z",
        last_time: "2024-05-14T09:31:59Z",
      });
      expect(events.map((x) => x.last_time)).toEqual([...events.map((x) => x.last_time)].sort().reverse());
      expect(new Set(events.map((x) => x.involved_object))).toEqual(new Set([`Pod/${POD}`]));
      const sent = e.requests().find((q) => q.action === "list events");
      expect(new URLSearchParams(sent?.query ?? "").get("fieldSelector")).toBe(`involvedObject.kind=Pod,involvedObject.name=${POD}`);
    });
  });

  it("cuts to the limit after sorting, so the newest events are the ones kept", async () => {
    await withEmulator(OIDC_MISSING, {}, async () => {
      const r = await server.call("get_k8s_events", { namespace: "payments", limit: 2 });
      expect(r.structured).toMatchObject({ count: 2, truncated: true, kind: null, name: null, field_selector: "" });
      expect(r.structured["events"][0].reason).toBe("BackOff");
    });
  });
});
