// Collecting through the Kubernetes API, against a loopback API server speaking the real formats: a node
// by its instance id (its pods' container logs, the Pod Identity agent's, the kubelet's through the node
// log query), one pod, the failures a cluster gives (unknown node or pod, refused node log query, bad
// credentials), and later reads that see the lines collected, not the ones written since.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CollectionStore, findErrors, searchCollection } from "../../src/logtools/index.js";
import { collectDone, h2Runbooks } from "./support/engine.js";
import { INSTANCE, NODE, TOKEN, startFakeCluster, type FakeCluster } from "./support/fake-apiserver.js";
import { callTool, collectThroughTools, failure, toolContext, value } from "./support/tools.js";

const ORDERS = "shop/orders-api-7d9f8c6b5-x2k4q/orders-api";
const AGENT = "kube-system/eks-pod-identity-agent-7xk2p/eks-pod-identity-agent";
const DENIED =
  "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity";

let cluster: FakeCluster;
beforeAll(async () => {
  cluster = await startFakeCluster();
});
afterAll(() => cluster.close());
beforeEach(() => {
  cluster.logs.clear();
  cluster.logs.set(ORDERS, [
    "2024-11-28T10:00:04.6Z INFO orders-api starting",
    `2024-11-28T10:00:05.25Z ${DENIED}`,
    `2024-11-28T10:00:35.25Z ${DENIED}`,
  ]);
  cluster.logs.set(`${ORDERS}#previous`, [
    "2024-11-28T09:58:00Z software.amazon.awssdk.services.sts.model.ExpiredTokenException: Token expired: current date/time 1 must be before the expiration date/time 0",
  ]);
  cluster.logs.set(AGENT, [
    '2024-11-28T10:02:20Z {"level":"error","msg":"Error fetching credentials: Service account token cannot be parsed: token is malformed","time":"2024-11-28T10:02:20Z"}',
  ]);
  cluster.nodeLog = [
    `Nov 28 10:00:00 ${NODE} kubelet[2231]: I1128 10:00:00.000000 2231 kubelet.go:2400] "SyncLoop ADD" pods=["shop/orders-api-7d9f8c6b5-x2k4q"]`,
  ];
  cluster.requests.length = 0;
});

const kube = () => ({ kubeconfigPath: cluster.kubeconfig });

describe("collect instanceId=<node's EC2 instance id>", () => {
  it("reads every pod's container logs on that node (previous run too), the agent's, and the kubelet log", async () => {
    const store = new CollectionStore();
    const done = await collectDone(store, { instanceId: INSTANCE }, kube());
    expect(done.status).toBe("done");
    expect(done.sources.map((s) => [s.name, s.kind])).toEqual([
      [`nodes/${NODE}/kubelet.log`, "node-log"],
      [`pods/${AGENT}.log`, "pod-log"],
      [`pods/${ORDERS}.log`, "pod-log"],
      [`pods/${ORDERS}.previous.log`, "pod-log"],
    ]);
    expect(done.problems).toEqual([]);
    const logCalls = cluster.requests.filter((r) => r.includes("/log?"));
    expect(logCalls.every((r) => r.includes("timestamps=true") && r.includes("tailLines=") && r.includes("limitBytes="))).toBe(true);
    expect(
      cluster.requests.some((r) => r.startsWith(`GET /api/v1/nodes/${NODE}/proxy/logs/?query=kubelet&untilTime=2024-11-28T10%3A10%3A00Z`)),
    ).toBe(true);
  });

  it("errors finds the credential messages with the kubelet's per-line times", async () => {
    const store = new CollectionStore();
    await collectDone(store, { instanceId: INSTANCE }, kube());
    const { findings } = await findErrors(store.collection(INSTANCE), await h2Runbooks());
    const summary = findings.map((f) => [f.pattern.id, f.file, f.count, f.first_seen]);
    expect(summary).toContainEqual(["sts.web_identity_access_denied", `pods/${ORDERS}.log`, 2, "2024-11-28T10:00:05.250Z"]);
    expect(summary).toContainEqual(["sts.web_identity_token_expired", `pods/${ORDERS}.previous.log`, 1, "2024-11-28T09:58:00.000Z"]);
    expect(summary).toContainEqual(["pod_identity_agent.token_rejected", `pods/${AGENT}.log`, 1, "2024-11-28T10:02:20.000Z"]);
  });

  it("later reads see the lines collected: new lines and earlier lines of the same second are left out", async () => {
    const store = new CollectionStore();
    const lines = cluster.logs.get(ORDERS)!;
    await collectDone(store, { instanceId: INSTANCE }, kube());
    lines.unshift("2024-11-28T10:00:04.1Z AccessDenied written before, same second"); // would come back with sinceTime=10:00:04Z
    lines.push(`2024-11-28T10:20:00Z ${DENIED}`);
    const found = await searchCollection(store.collection(INSTANCE), { query: "AccessDenied" });
    expect(found.results.filter((r) => r.file === `pods/${ORDERS}.log`).map((r) => [r.line, r.time])).toEqual([
      [2, "2024-11-28T10:00:05.250Z"],
      [3, "2024-11-28T10:00:35.250Z"],
    ]);
    expect(found.problems).toEqual([]);
    expect(cluster.requests.some((r) => r.includes("sinceTime=2024-11-28T10%3A00%3A04Z"))).toBe(true);
  });

  it("a log that rotated since collection is read and reported as changed", async () => {
    const store = new CollectionStore();
    await collectDone(store, { instanceId: INSTANCE }, kube());
    cluster.logs.get(ORDERS)!.shift();
    const found = await searchCollection(store.collection(INSTANCE), { query: "AccessDenied" });
    expect(found.problems).toEqual([
      {
        source: `pods/${ORDERS}.log`,
        message:
          "the log no longer starts where it did at collection (the container restarted or its log rotated): its lines may differ; collect again",
      },
    ]);
  });

  it("a kubelet log that reads back empty is reported as a problem, not searched as if it had no match", async () => {
    const store = new CollectionStore();
    await collectDone(store, { instanceId: INSTANCE }, kube());
    cluster.nodeLog = [];
    const found = await searchCollection(store.collection(INSTANCE), { query: "SyncLoop" });
    expect(found.results).toEqual([]);
    expect(found.problems).toEqual([
      {
        source: `nodes/${NODE}/kubelet.log`,
        message: expect.stringMatching(/^read again, it yielded 0 bytes where \d+ were collected .*: collect again$/),
      },
    ]);
  });

  it("says the kubelet log is not available, and why, when the node log query is refused or unsupported", async () => {
    cluster.nodeLog = { status: 403, message: `nodes "${NODE}" is forbidden: User "tester" cannot get resource "nodes/proxy"` };
    let done = await collectDone(new CollectionStore(), { instanceId: INSTANCE }, kube());
    expect(done.status).toBe("done");
    expect(done.problems).toEqual([
      {
        source: `nodes/${NODE}/kubelet.log`,
        message: `kubelet log not available: the API server refused the node log query (RBAC: it needs get on nodes/proxy): ${cluster.nodeLog.message}`,
      },
    ]);
    cluster.nodeLog = { status: 404, message: "the server could not find the requested resource" };
    done = await collectDone(new CollectionStore(), { instanceId: INSTANCE }, kube());
    expect(done.problems[0]!.message).toMatch(
      /^kubelet log not available: the node's kubelet does not serve log queries \(404[ :].*NodeLogQuery/,
    );
    expect(done.sources.map((s) => s.name)).not.toContain(`nodes/${NODE}/kubelet.log`);
  });

  it("fails with a sentence when no node has that instance id", async () => {
    const done = await collectDone(new CollectionStore(), { instanceId: "i-0123456789abcdef1" }, kube());
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(
      /^No node of the cluster at http:\/\/127\.0\.0\.1:\d+ \(context test\) has an instance id i-0123456789abcdef1 in its spec\.providerID/,
    );
  });
});

describe("a cluster that will not answer", () => {
  it("fails with what to do when the API server rejects the kubeconfig's credentials", async () => {
    const dir = mkdtempSync(join(tmpdir(), "irsa-doctor-badcreds-"));
    const config = join(dir, "config");
    writeFileSync(config, readFileSync(cluster.kubeconfig, "utf8").replace(TOKEN, "expired-token"));
    try {
      const done = await collectDone(new CollectionStore(), { instanceId: INSTANCE }, { kubeconfigPath: config });
      expect(done.status).toBe("failed");
      expect(done.error).toContain(
        "did not accept your kubeconfig's credentials (401 Unauthorized): they have expired or were revoked — run aws sso login",
      );
      expect(done.error).not.toContain("expired-token");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a kubeconfig that does not exist, saying so, before anything starts", async () => {
    await expect(collectDone(new CollectionStore(), { instanceId: INSTANCE }, { kubeconfigPath: "/no/such/kubeconfig" })).rejects.toThrow(
      "Kubeconfig /no/such/kubeconfig does not exist — pass the path of a kubeconfig file.",
    );
  });

  it("fails with the address when nothing listens there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "irsa-doctor-down-"));
    const config = join(dir, "config");
    writeFileSync(config, readFileSync(cluster.kubeconfig, "utf8").replace(cluster.url, "http://127.0.0.1:9"));
    try {
      const done = await collectDone(new CollectionStore(), { instanceId: INSTANCE }, { kubeconfigPath: config });
      expect(done.error).toBe(
        `Could not read the cluster at http://127.0.0.1:9 (${config}): the API server is unreachable (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("collect pod=<ns>/<name>", () => {
  it("reads the pod's logs and, as it uses Pod Identity, the agent on its node", async () => {
    const store = new CollectionStore();
    const done = await collectDone(store, { pod: "shop/orders-api-7d9f8c6b5-x2k4q" }, kube());
    expect(done.key).toBe("pod/shop/orders-api-7d9f8c6b5-x2k4q");
    expect(done.sources.map((s) => s.name)).toEqual([`pods/${AGENT}.log`, `pods/${ORDERS}.log`, `pods/${ORDERS}.previous.log`]);
  });

  it("fails with a sentence for a pod that does not exist", async () => {
    const done = await collectDone(new CollectionStore(), { pod: "shop/nope" }, kube());
    expect(done.status).toBe("failed");
    expect(done.error).toContain("Pod shop/nope does not exist in the cluster at http://127.0.0.1:");
  });
});

describe("through the tools, with KUBECONFIG", () => {
  it("collect(instanceId) -> status -> errors, and a context that is not in the kubeconfig is refused at once", async () => {
    const saved = process.env["KUBECONFIG"];
    process.env["KUBECONFIG"] = cluster.kubeconfig;
    try {
      const ctx = toolContext();
      const status = await collectThroughTools(ctx, { instanceId: INSTANCE, context: "other" });
      expect(status).toMatchObject({ status: "done", instanceId: INSTANCE, progress: { sources_done: 4, sources_total: 4 } });
      const errors = await value(callTool(ctx, "errors", { instanceId: INSTANCE, severity: "high" }));
      expect(errors.findings.map((f: { pattern: { id: string } }) => f.pattern.id)).toContain("sts.web_identity_access_denied");
      expect(await failure(callTool(ctx, "collect", { instanceId: INSTANCE, context: "missing" }))).toBe(
        `Context "missing" is not in the kubeconfig (${cluster.kubeconfig}); its contexts are: other, test.`,
      );
    } finally {
      if (saved === undefined) delete process.env["KUBECONFIG"];
      else process.env["KUBECONFIG"] = saved;
    }
  });
});
