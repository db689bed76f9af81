// The offline `snapshot` argument answers what the live cluster would (the emulator serves the same
// folder over HTTP, so live and offline must agree item for item), says "not collected" for what a bundle
// never looked at, and neither path ever lets a credential through: static keys, tokens pasted into
// annotations or arguments, Secret data.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AGENT_CRASHLOOP,
  HEALTHY_IRSA,
  OIDC_MISSING,
  SECRETS_IN_POD,
  type ToolServer,
  snapshotOf,
  startToolServer,
  withEmulator,
} from "./helpers.js";

let server: ToolServer;
beforeAll(async () => {
  server = await startToolServer();
});
afterAll(async () => {
  await server.close();
});

/** The emulator stamps resourceVersion "1" on objects that had none; a bundle has none. Compared without it. */
function withoutServedVersion(o: Record<string, any>): Record<string, any> {
  const { resourceVersion: _rv, ...metadata } = o["metadata"];
  return { ...o, metadata };
}

const CASES: [string, string, string][] = [
  [HEALTHY_IRSA, "payments", "payments-api-7d9c8b6f5-x2k4q"],
  [OIDC_MISSING, "payments", "payments-api-7d9c8b6f5-x2k4q"],
  [AGENT_CRASHLOOP, "orders", "orders-worker-5f8d9c7b4-m7z9p"],
];

describe("offline snapshot mode", () => {
  it.each(CASES)("%s: lists, reads and gets events exactly as the live cluster answers", async (scenario, namespace, pod) => {
    const calls: [string, Record<string, unknown>][] = [
      ["list_k8s_resources", { kind: "Pod", apiVersion: "v1", namespace }],
      [
        "list_k8s_resources",
        { kind: "Pod", apiVersion: "v1", namespace: "kube-system", labelSelector: "app.kubernetes.io/name=eks-pod-identity-agent" },
      ],
      ["list_k8s_resources", { kind: "ServiceAccount", apiVersion: "v1", namespace }],
      ["list_k8s_resources", { kind: "Event", apiVersion: "v1", namespace, fieldSelector: `involvedObject.name=${pod}`, limit: 3 }],
      ["read_k8s_resource", { kind: "Pod", apiVersion: "v1", namespace, name: pod }],
      ["get_k8s_events", { kind: "Pod", namespace, name: pod }],
    ];
    const live = await withEmulator(scenario, {}, async () =>
      Promise.all(calls.map(([tool, args]) => server.call(tool, { clusterName: "prod-eu", ...args }))),
    );
    const offline = await Promise.all(
      calls.map(([tool, args]) => server.call(tool, { clusterName: "prod-eu", ...args, snapshot: snapshotOf(scenario) })),
    );
    for (const [i, [tool]] of calls.entries()) {
      const a = live[i]!;
      const b = offline[i]!;
      expect(a.isError, `${tool} live: ${a.text}`).toBe(false);
      expect(b.isError, `${tool} offline: ${b.text}`).toBe(false);
      expect(b.structured["source"]).toBe(`snapshot ${snapshotOf(scenario)}`);
      const { source: _a, object: liveObject, ...liveRest } = a.structured;
      const { source: _b, object: offlineObject, ...offlineRest } = b.structured;
      expect(offlineRest, tool).toEqual(liveRest);
      if (liveObject) expect(withoutServedVersion(offlineObject)).toEqual(withoutServedVersion(liveObject));
    }
    expect((live[0]!.structured["items"] as unknown[]).length).toBeGreaterThan(0);
  });

  it("says a kind the bundle never collected is not collected, not absent", async () => {
    const r = await server.call("list_k8s_resources", { kind: "Node", apiVersion: "v1", snapshot: SECRETS_IN_POD });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      `The snapshot ${SECRETS_IN_POD} did not collect Node objects (no file in k8s/ holds one, not even an empty list), so it cannot say anything about nodes: read the live cluster, or capture the bundle again with them.`,
    );
  });

  it("names the pods a bundle holds when the one asked for is not among them", async () => {
    const r = await server.call("read_k8s_resource", {
      kind: "Pod",
      apiVersion: "v1",
      namespace: "shop",
      name: "checkout-old",
      snapshot: SECRETS_IN_POD,
    });
    expect(r.text).toBe(
      `pod checkout-old not found in namespace shop (not in the snapshot ${SECRETS_IN_POD}; it holds checkout-6c9f7d8b5-abcde). list_k8s_resources with kind=Pod, namespace=shop shows what is there.`,
    );
  });

  it("refuses a snapshot of another cluster than clusterName, and a folder that is not a snapshot", async () => {
    const other = await server.call("list_k8s_resources", {
      clusterName: "prod-us",
      kind: "Pod",
      apiVersion: "v1",
      namespace: "payments",
      snapshot: snapshotOf(HEALTHY_IRSA),
    });
    expect(other.text).toBe(
      `The snapshot ${snapshotOf(HEALTHY_IRSA)} is of cluster prod-eu, not prod-us: pass clusterName=prod-eu, or the snapshot of prod-us.`,
    );
    const missing = await server.call("list_k8s_resources", { kind: "Pod", apiVersion: "v1", snapshot: "fixtures/no-such-bundle" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/snapshot directory \/\S+\/fixtures\/no-such-bundle does not exist/);
  });

  it("rejects a malformed label selector the way the API server would", async () => {
    const r = await server.call("list_k8s_resources", {
      kind: "Pod",
      apiVersion: "v1",
      namespace: "payments",
      labelSelector: "app in (",
      snapshot: snapshotOf(HEALTHY_IRSA),
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^The selector was rejected: /);
  });
});

describe("credentials never leave the server", () => {
  const LEAKS = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9", "c3VwZXItc2VjcmV0"];

  const readAll = (extra: Record<string, unknown>) =>
    Promise.all([
      server.call("read_k8s_resource", { kind: "Pod", apiVersion: "v1", namespace: "shop", name: "checkout-6c9f7d8b5-abcde", ...extra }),
      server.call("list_k8s_resources", { kind: "Pod", apiVersion: "v1", namespace: "shop", ...extra }),
      server.call("list_k8s_resources", { kind: "ServiceAccount", apiVersion: "v1", namespace: "shop", ...extra }),
    ]);

  it.each([
    ["live", false],
    ["offline", true],
  ])("%s: static keys, pasted tokens and Secret data are redacted or never read", async (_mode, offline) => {
    const results = offline
      ? await readAll({ snapshot: SECRETS_IN_POD })
      : await withEmulator(SECRETS_IN_POD, {}, async (e) => {
          const answers = await readAll({});
          expect(e.requests().filter((q) => q.path.includes("secrets"))).toEqual([]);
          return answers;
        });
    for (const r of results) {
      expect(r.isError, r.text).toBe(false);
      for (const leak of LEAKS) expect(r.text).not.toContain(leak);
    }
    const pod = results[0]!.structured;
    const env = pod["summary"].aws_env[0].env as Record<string, string>;
    expect(Object.keys(env)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY"]);
    expect(env["AWS_REGION"]).toBe("eu-west-1");
    expect(env["AWS_SECRET_ACCESS_KEY"]).not.toMatch(/[A-Za-z0-9/+]{40}/);
    expect(pod["object"].metadata.annotations["debug/token"]).toContain("REDACTED");
    expect(pod["object"].metadata).not.toHaveProperty("managedFields");
    const dbPassword = pod["object"].spec.containers[0].env.find((v: { name: string }) => v.name === "DB_PASSWORD");
    expect(dbPassword).toEqual({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "checkout-db", key: "password" } } });
  });
});
