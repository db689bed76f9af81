// One session, one context: a live diagnosis (the collectors), the cluster tools and the log tools choose the
// kubeconfig context the same way and share its loaded credentials, so the exec plugin (aws eks get-token)
// runs once for all of them. Over real HTTP against the emulator; the plugin is a script that counts its runs.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { HEALTHY_IRSA, NOW, withEmulator, withEnv } from "../clusterview/helpers.js";
import { type Harness, startInMemory, textOf } from "../mcp/support/harness.js";

const PROD = "arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu";
const STAGING = "arn:aws:eks:eu-west-1:111122223333:cluster/staging";
const POD = "payments-api-7d9c8b6f5-x2k4q";

let harness: Harness;
beforeAll(async () => {
  harness = await startInMemory({ clock: () => NOW });
});
afterAll(async () => {
  await harness.close();
});

async function call(
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; text: string; structured: Record<string, any> }> {
  const result = (await harness.client.callTool({ name, arguments: args })) as CallToolResult;
  return { isError: result.isError === true, text: textOf(result), structured: (result.structuredContent ?? {}) as Record<string, any> };
}

/** A kubeconfig whose prod context authenticates through a counting exec plugin; staging points at a closed port. */
async function execKubeconfig(
  dir: string,
  prodUrl: string,
  current: "prod" | "staging",
): Promise<{ path: string; runs: () => Promise<number> }> {
  const runs = join(dir, "runs.log");
  const plugin = join(dir, "get-token.mjs");
  await writeFile(
    plugin,
    `import { appendFileSync } from "node:fs";
appendFileSync(${JSON.stringify(runs)}, "run\\n");
const expirationTimestamp = new Date(Date.now() + 15 * 60_000).toISOString();
process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1beta1", kind: "ExecCredential", status: { token: "not-a-credential", expirationTimestamp } }));
`,
  );
  const path = join(dir, "kubeconfig");
  const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: process.execPath, args: [plugin] };
  await writeFile(
    path,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        { name: PROD, cluster: { server: prodUrl, "insecure-skip-tls-verify": true } },
        { name: STAGING, cluster: { server: "http://127.0.0.1:9", "insecure-skip-tls-verify": true } },
      ],
      users: [{ name: "exec-user", user: { exec } }],
      contexts: [
        { name: "prod", context: { cluster: PROD, user: "exec-user" } },
        { name: "staging", context: { cluster: STAGING, user: "exec-user" } },
      ],
      "current-context": current,
    }),
    { mode: 0o600 },
  );
  return {
    path,
    runs: async () => {
      try {
        return (await readFile(runs, "utf8")).trim().split("\n").length;
      } catch {
        return 0;
      }
    },
  };
}

async function logsCollected(executionId: string): Promise<Record<string, any>> {
  for (let i = 0; i < 200; i++) {
    const s = await call("status", { executionId });
    if (s.structured["status"] !== "running") return s.structured;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the log collection did not finish");
}

describe("one kubeconfig context per session", () => {
  it("runs the exec plugin once for a live diagnosis, the cluster tools and the log tools together", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-one-context-"));
      try {
        const kubeconfig = await execKubeconfig(dir, e.url, "prod");
        await withEnv({ ...e.env, KUBECONFIG: kubeconfig.path }, async () => {
          const diagnosis = await call("diagnose_irsa", { namespace: "payments", pod: POD, clusterName: "prod-eu" });
          expect(diagnosis.isError, diagnosis.text).toBe(false);
          expect(diagnosis.structured["cause_id"]).toBe("healthy");
          expect(
            (await call("list_k8s_resources", { kind: "Pod", apiVersion: "v1", namespace: "payments", clusterName: "prod-eu" })).structured[
              "count"
            ],
          ).toBe(1);
          expect((await call("cluster_health", { clusterName: "prod-eu" })).isError).toBe(false);
          const started = await call("collect", { pod: `payments/${POD}` });
          expect(started.isError, started.text).toBe(false);
          expect((await logsCollected(started.structured["executionId"]))["status"]).toBe("done");
        });
        // Every reader went to the API server with the plugin's token, and the plugin ran once.
        const actions = new Set(e.requests().map((q) => q.action));
        for (const read of ["get pods", "list pods", "list mutatingwebhookconfigurations", "get pods/log"])
          expect([...actions]).toContain(read);
        expect(await kubeconfig.runs()).toBe(1);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it("reads the context of clusterName in a live diagnosis as list_k8s_resources does, not the current one", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-one-context-"));
      try {
        // The current context is staging, whose server does not answer: reading it would fail loudly.
        const kubeconfig = await execKubeconfig(dir, e.url, "staging");
        await withEnv({ ...e.env, KUBECONFIG: kubeconfig.path }, async () => {
          const listed = await call("list_k8s_resources", { kind: "Pod", apiVersion: "v1", namespace: "payments", clusterName: "prod-eu" });
          expect(listed.structured["source"]).toContain("context prod,");
          const diagnosis = await call("diagnose_irsa", { namespace: "payments", pod: POD, clusterName: "prod-eu" });
          expect(diagnosis.isError, diagnosis.text).toBe(false);
          expect(diagnosis.structured["cause_id"]).toBe("healthy");

          const refused = await call("diagnose_irsa", { namespace: "payments", pod: POD, clusterName: "prod-eu", context: "staging" });
          expect(refused.isError).toBe(true);
          expect(refused.text).toContain('Context "staging" points at EKS cluster staging, not prod-eu');
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
