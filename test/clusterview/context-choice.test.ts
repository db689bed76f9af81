// clusterName chooses the kubeconfig context: the current one when it points at that EKS cluster (or
// names none), else the one context that does; a context pointing at another cluster is refused rather
// than read while reporting on clusterName. The emulator is the prod-eu API server; staging points at a
// closed port, so reading it by mistake would fail loudly.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { HEALTHY_IRSA, type ToolServer, startToolServer, withEmulator, withEnv } from "./helpers.js";

const PROD = "arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu";
const STAGING = "arn:aws:eks:eu-west-1:111122223333:cluster/staging";

async function twoClusterKubeconfig(prodUrl: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-ctx-"));
  const path = join(dir, "kubeconfig");
  const cluster = (name: string, server: string) => ({ name, cluster: { server, "insecure-skip-tls-verify": true } });
  await writeFile(
    path,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [cluster(PROD, prodUrl), cluster(STAGING, "http://127.0.0.1:9")],
      users: [{ name: "u", user: { token: "not-a-credential" } }],
      contexts: [
        { name: "prod", context: { cluster: PROD, user: "u" } },
        { name: "staging", context: { cluster: STAGING, user: "u" } },
      ],
      "current-context": "staging",
    }),
    { mode: 0o600 },
  );
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

let server: ToolServer;
beforeAll(async () => {
  server = await startToolServer();
});
afterAll(async () => {
  await server.close();
});

const listPods = (args: Record<string, unknown>) =>
  server.call("list_k8s_resources", { kind: "Pod", apiVersion: "v1", namespace: "payments", ...args });

describe("choosing the kubeconfig context from clusterName", () => {
  it("reads the context that points at clusterName when the current one points at another cluster", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const kubeconfig = await twoClusterKubeconfig(e.url);
      try {
        await withEnv({ ...e.env, KUBECONFIG: kubeconfig.path }, async () => {
          const r = await listPods({ clusterName: "prod-eu" });
          expect(r.isError, r.text).toBe(false);
          expect(r.structured["source"]).toContain("context prod,");
          expect(r.structured["count"]).toBe(1);

          const explicit = await listPods({ clusterName: "prod-eu", context: "staging" });
          expect(explicit.text).toBe(
            'Context "staging" points at EKS cluster staging, not prod-eu: pass the context of prod-eu, or leave clusterName out to read staging.',
          );

          const unknown = await listPods({ clusterName: "dev" });
          expect(unknown.text).toBe(
            `The current context "staging" points at EKS cluster staging, not dev, and no context of the kubeconfig (${kubeconfig.path}) points at dev. Contexts: prod, staging. Run aws eks update-kubeconfig --name dev, or pass context=<name>.`,
          );
          expect(e.requests().length).toBe(1);
        });
      } finally {
        await kubeconfig.remove();
      }
    });
  });

  it("says the API server is unreachable when the chosen context's server does not answer", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const kubeconfig = await twoClusterKubeconfig(e.url);
      try {
        await withEnv({ ...e.env, KUBECONFIG: kubeconfig.path }, async () => {
          const r = await listPods({ context: "staging" });
          expect(r.isError).toBe(true);
          expect(r.text).toMatch(/^The API server is unreachable while reading pods in namespace payments \(ECONNREFUSED/);
        });
      } finally {
        await kubeconfig.remove();
      }
    });
  });

  it("says how to point it at a cluster when there is no kubeconfig at all", async () => {
    await withEnv({ KUBECONFIG: "/nonexistent/kubeconfig" }, async () => {
      const r = await listPods({});
      // A tool caller cannot pass --kubeconfig: the advice is the server's KUBECONFIG, as the log tools say it.
      expect(r.text).toBe("KUBECONFIG names /nonexistent/kubeconfig, which does not exist — fix KUBECONFIG.");
    });
  });
});
