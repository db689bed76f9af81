// audit_irsa live over stdio, as an agent runs it: the built server (`serve --toolsets audit`) with the SDK's
// client, the cluster and account served by the emulator. While the audit reads, the client gets progress
// notifications that say how far the read has got (before any binding is judged), every progress value
// greater than the last, and the verdicts equal the offline audit of the same bundle. Needs `npm run build`.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClientKit, type CallToolResult } from "../../src/mcp/sdk.js";
import { startEmulator } from "../../src/emulator/index.js";
import { loadFleetDir } from "../../src/audit/offline.js";
import { runAudit } from "../../src/audit/run.js";
import { BUILT_MAIN, REPO_ROOT, requireBuild } from "../mcp/support/harness.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { generateFleet } from "../../bench/fleet.mjs";

let dir: string;
let emulator: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  requireBuild();
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-audit-stdio-"));
  await generateFleet(dir, 200);
  // Small pages at 50 ms a response: the read takes seconds, long enough to report on.
  emulator = await startEmulator({ snapshotDir: dir, latencyMs: 50, pageSize: 10 });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("audit_irsa over stdio, live", () => {
  it("reports progress while it reads, then while it judges, always increasing", { timeout: 120_000 }, async () => {
    const { Client, StdioClientTransport } = await loadClientKit();
    const env = Object.fromEntries(
      Object.entries({ ...process.env, ...emulator.env, AWS_PROFILE: "" }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BUILT_MAIN, "serve", "--toolsets", "audit"],
      cwd: REPO_ROOT,
      env,
      stderr: "pipe",
    });
    const client = new Client({ name: "irsa-doctor-audit-e2e", version: "0.0.0" });
    await client.connect(transport);
    const progress: { progress: number; total?: number; message?: string }[] = [];
    try {
      const result = (await client.callTool({ name: "audit_irsa", arguments: { cluster: "prod-eu", includeHealthy: true } }, undefined, {
        onprogress: (p) => progress.push(p),
        timeout: 110_000,
      })) as CallToolResult;
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      const expected = runAudit(await loadFleetDir(dir));
      const structured = result.structuredContent as { summary: unknown; bindings: { service_account: string; cause_id: string }[] };
      expect(structured.summary).toEqual(expected.summary);
      expect(structured.bindings.map((b) => `${b.service_account} ${b.cause_id}`)).toEqual(
        expected.bindings.map((b) => `${b.service_account} ${b.cause_id}`),
      );

      const reads = progress.filter((p) => p.message?.startsWith("read "));
      const firstJudged = progress.findIndex((p) => p.message?.startsWith("judged "));
      expect(reads.length).toBeGreaterThan(0);
      expect(firstJudged).toBeGreaterThan(progress.indexOf(reads[0]!));
      // What the read has answered so far, by action, e.g. "read 40 requests (list pods 12, ...)".
      expect(reads[0]!.message).toMatch(/^read \d+ requests \(/);
      for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
      const last = progress.at(-1)!;
      expect(last.progress).toBe(last.total);
      expect(last.message).toBe(`judged ${expected.summary.bindings} of ${expected.summary.bindings} bindings`);
      // Only reads reached the emulator.
      expect(emulator.requests().every((r) => r.method === "GET" || (r.service !== "k8s" && /^(Get|List|Describe)/.test(r.action)))).toBe(
        true,
      );
    } finally {
      await client.close();
    }
  });
});
