// A loopback Kubernetes API server speaking the real wire formats the log tools read: NodeList and PodList
// JSON (with limit/continue paging), container logs as text with `timestamps=true` prefixes (sinceTime,
// tailLines, limitBytes and previous applied as the kubelet does), the node log query, Status objects for
// errors, and bearer-token authentication. Logs can be changed between calls (new lines, rotation).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const TOKEN = "test-token-not-a-secret";
export const NODE = "ip-10-0-7-12.eu-west-1.compute.internal";
export const INSTANCE = "i-0abc123def4567890";

export interface FakeCluster {
  url: string;
  kubeconfig: string;
  /** Container logs by "ns/pod/container" (+ "#previous"), as lines "<RFC3339Nano> <text>". */
  logs: Map<string, string[]>;
  /** The kubelet journal for the node log query, or an HTTP status to refuse it with. */
  nodeLog: string[] | { status: number; message: string };
  requests: string[];
  close(): Promise<void>;
}

const status = (code: number, reason: string, message: string) =>
  JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code });

const pod = (namespace: string, name: string, containers: string[], extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    namespace,
    labels: namespace === "kube-system" ? { "app.kubernetes.io/name": "eks-pod-identity-agent" } : { app: name.split("-")[0] },
  },
  spec: {
    nodeName: NODE,
    containers: containers.map((c) => ({
      name: c,
      env: c === "orders-api" ? [{ name: "AWS_CONTAINER_CREDENTIALS_FULL_URI", value: "http://169.254.170.23/v1/credentials" }] : [],
    })),
  },
  status: { containerStatuses: containers.map((c) => ({ name: c, restartCount: c === "orders-api" ? 2 : 0 })) },
  ...extra,
});

export const PODS = [
  pod("shop", "orders-api-7d9f8c6b5-x2k4q", ["orders-api"]),
  pod("kube-system", "eks-pod-identity-agent-7xk2p", ["eks-pod-identity-agent"]),
];

function parseStamp(line: string): number {
  const stamp = line.slice(0, line.indexOf(" "));
  const m = /^(.*?:\d\d)(?:\.(\d+))?Z$/.exec(stamp)!;
  return Date.parse(`${m[1]}Z`) * 1e6 + Number((m[2] ?? "").padEnd(9, "0").slice(0, 9)) / 1e3;
}

export async function startFakeCluster(): Promise<FakeCluster> {
  const logs = new Map<string, string[]>();
  const requests: string[] = [];
  const cluster: Partial<FakeCluster> & { nodeLog: FakeCluster["nodeLog"] } = { nodeLog: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (code: number, body: string, type = "application/json") => {
      res.writeHead(code, { "content-type": type });
      res.end(body);
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, status(401, "Unauthorized", "Unauthorized"));
    if (req.method !== "GET") return send(405, status(405, "MethodNotAllowed", "only GET here"));
    const path = url.pathname;
    const q = url.searchParams;
    if (path === "/api/v1/nodes") {
      const nodes = [
        { metadata: { name: "ip-10-0-9-99.eu-west-1.compute.internal" }, spec: { providerID: "aws:///eu-west-1b/i-0fffffffffffffff0" } },
        { metadata: { name: NODE }, spec: { providerID: `aws:///eu-west-1a/${INSTANCE}` } },
      ];
      // Two pages, to exercise limit/continue.
      const page = q.get("continue") === "p2" ? { items: [nodes[1]], metadata: {} } : { items: [nodes[0]], metadata: { continue: "p2" } };
      return send(200, JSON.stringify({ kind: "NodeList", apiVersion: "v1", ...page }));
    }
    if (path === "/api/v1/pods" || path === "/api/v1/namespaces/kube-system/pods") {
      const onNode = q.get("fieldSelector") === `spec.nodeName=${NODE}`;
      const items = onNode ? PODS.filter((p) => path === "/api/v1/pods" || p.metadata.namespace === "kube-system") : [];
      return send(200, JSON.stringify({ kind: "PodList", apiVersion: "v1", metadata: {}, items }));
    }
    const logMatch = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(path);
    if (logMatch) {
      const key = `${logMatch[1]}/${logMatch[2]}/${q.get("container")}${q.get("previous") === "true" ? "#previous" : ""}`;
      let lines = logs.get(key);
      if (!lines)
        return send(
          400,
          status(400, "BadRequest", `previous terminated container "${q.get("container")}" in pod "${logMatch[2]}" not found`),
        );
      const since = q.get("sinceTime");
      if (since) lines = lines.filter((l) => parseStamp(l) >= Date.parse(since) * 1e6);
      const tail = q.get("tailLines");
      if (tail) lines = lines.slice(-Number(tail));
      const withStamps = q.get("timestamps") === "true";
      let body = lines.map((l) => (withStamps ? l : l.slice(l.indexOf(" ") + 1)) + "\n").join("");
      const limit = q.get("limitBytes");
      if (limit) body = Buffer.from(body).subarray(0, Number(limit)).toString();
      return send(200, body, "text/plain");
    }
    const podMatch = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(path);
    if (podMatch) {
      const found = PODS.find((p) => p.metadata.namespace === podMatch[1] && p.metadata.name === podMatch[2]);
      return found ? send(200, JSON.stringify(found)) : send(404, status(404, "NotFound", `pods "${podMatch[2]}" not found`));
    }
    if (path === `/api/v1/nodes/${NODE}/proxy/logs/` && q.get("query") === "kubelet") {
      const nodeLog = cluster.nodeLog;
      if (!Array.isArray(nodeLog)) return send(nodeLog.status, status(nodeLog.status, "Forbidden", nodeLog.message));
      const tail = Number(q.get("tailLines") ?? "0");
      return send(200, (tail ? nodeLog.slice(-tail) : nodeLog).map((l) => `${l}\n`).join(""), "text/plain");
    }
    return send(404, status(404, "NotFound", `the server could not find the requested resource (${path})`));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), "irsa-doctor-kube-"));
  const kubeconfig = join(dir, "config");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: test",
      "  cluster:",
      `    server: ${url}`,
      "    insecure-skip-tls-verify: true",
      "users:",
      "- name: tester",
      "  user:",
      `    token: ${TOKEN}`,
      "contexts:",
      "- name: test",
      "  context: {cluster: test, user: tester}",
      "- name: other",
      "  context: {cluster: test, user: tester}",
      "current-context: test",
      "",
    ].join("\n"),
  );
  return Object.assign(cluster, {
    url,
    kubeconfig,
    logs,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  }) as FakeCluster;
}
