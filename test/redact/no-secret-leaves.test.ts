// The hardening issue's secrets test: a bundle seeded with every credential form goes through every way
// irsa-doctor shows evidence — `diagnose` (yaml and json, stdout and stderr), a capture through the emulator
// (every file written), and every MCP tool that shows evidence, with the server's own log — and not one
// seeded secret, by value or by format, comes out. The redaction count is reported without the values.

import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { CliIo } from "../../src/cli/io.js";
import { withEmulator } from "../collect/helpers.js";
import { REPO_ROOT, startInMemory, type Harness } from "../mcp/support/harness.js";
import { NAMESPACE, POD, buildSeededBundle, leaksIn } from "./seeded-bundle.js";

let bundle: string;
let out: string;
beforeAll(async () => {
  bundle = await buildSeededBundle();
  out = await mkdtemp(join(tmpdir(), "irsa-doctor-seeded-out-"));
});
afterAll(async () => {
  await rm(bundle, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: REPO_ROOT, stdinIsTTY: true };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe("no seeded secret leaves irsa-doctor", () => {
  test.each(["yaml", "json"])("diagnose --snapshot --format %s: report and messages", async (format) => {
    const r = await cli(["diagnose", "--snapshot", bundle, "--format", format]);
    expect(r.code).toBe(0);
    expect(leaksIn(r.stdout)).toEqual([]);
    expect(leaksIn(r.stderr)).toEqual([]);
    // Redacted evidence is still quoted, and the count is said on stderr without the values.
    expect(r.stdout).toContain("[REDACTED]");
    expect(r.stderr).toMatch(/irsa-doctor diagnose: \d+ secrets? redacted/);
  });

  test("phase command: every step's text", async () => {
    for (const phase of ["triage", "enrich", "report"]) {
      const r = await cli(["phase", phase, "--snapshot", bundle]);
      expect(r.code, r.stderr).toBe(0);
      expect(leaksIn(r.stdout + r.stderr), phase).toEqual([]);
    }
  });

  test("a capture through the emulator writes no secret in any file, and says how many it removed", async () => {
    const dir = join(out, "capture");
    const r = await withEmulator(bundle, {}, (emulator) =>
      cli(["snapshot", "--namespace", NAMESPACE, "--pod", POD, "--cluster", "prod-eu", "--out", dir], { ...process.env, ...emulator.env }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(leaksIn(r.stdout + r.stderr)).toEqual([]);
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const path = join(f.parentPath, f.name);
      expect(leaksIn(await readFile(path, "utf8")), path.slice(dir.length)).toEqual([]);
    }
    expect(r.stderr).toMatch(/\d+ secrets? redacted/);
    // Names stay: a static key in the env is a cause, so the variable must survive with its value gone.
    expect(await readFile(join(dir, "k8s", "pods.yaml"), "utf8")).toContain("AWS_SECRET_ACCESS_KEY");
  });
});

describe("no seeded secret leaves the MCP server", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInMemory({ allowedPaths: [bundle] });
  });
  afterAll(async () => h.close());

  const seen: string[] = [];
  async function call(name: string, args: Record<string, unknown>) {
    const result = await h.client.callTool({ name, arguments: args });
    const text = JSON.stringify(result);
    seen.push(name);
    expect(leaksIn(text), `${name} ${JSON.stringify(args)}`).toEqual([]);
    return result as { structuredContent?: Record<string, unknown>; isError?: boolean; _meta?: Record<string, unknown> };
  }

  test("the diagnosis, the phases and the cluster tools over a seeded bundle", async () => {
    const d = await call("diagnose_irsa", { snapshot: bundle });
    expect(d.isError).toBeFalsy();
    const t = await call("irsa_phase", { phase: "triage", snapshot: bundle });
    const id = t.structuredContent?.["diagnosis_id"];
    expect(typeof id).toBe("string");
    await call("irsa_phase", { phase: "enrich", diagnosisId: id });
    await call("irsa_phase", { phase: "report", diagnosisId: id });
    for (const phase of ["triage", "enrich", "report"]) await call("irsa_phase", { phase, diagnosisId: id, detail: "full" });
    const pod = await call("read_k8s_resource", { snapshot: bundle, kind: "Pod", apiVersion: "v1", namespace: NAMESPACE, name: POD });
    expect(pod.isError).toBeFalsy();
    expect(pod._meta?.["irsa-doctor/redacted"]).toBeGreaterThan(0);
    await call("list_k8s_resources", { snapshot: bundle, kind: "Pod", apiVersion: "v1", namespace: NAMESPACE });
    await call("get_k8s_events", { snapshot: bundle, namespace: NAMESPACE });
    await call("cluster_health", { snapshot: bundle, clusterName: "prod-eu" });
  });

  test("the log tools over the seeded bundle's logs", async () => {
    const started = await call("collect", { path: bundle });
    const key = started.structuredContent?.["instanceId"] as string;
    const execution = started.structuredContent?.["executionId"] as string;
    for (let i = 0; i < 200; i++) {
      const s = await call("status", { executionId: execution });
      if (s.structuredContent?.["status"] !== "running") break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const errors = await call("errors", { instanceId: key });
    const ids = ((errors.structuredContent?.["findings"] as { id: string }[] | undefined) ?? []).map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    const search = await call("search", {
      instanceId: key,
      query: "AccessDenied|Unauthorized|token|BEGIN|Bearer|secret|key",
      maxResults: 100,
    });
    expect((search.structuredContent?.["results"] as unknown[] | undefined)?.length ?? 0).toBeGreaterThan(5);
    await call("correlate", { instanceId: key, pivotEvent: "AccessDenied", timeWindow: 600 });
    await call("summarize", { instanceId: key, finding_ids: ids });
    await call("match_runbook", {
      error_text: `AccessDenied for ${"AKIAZ7QWERTYUIOPASD2"} with Authorization: Bearer ya29.a0AfB_byC-bearer-token-value-9f8e7d6c`,
    });
  });

  test("the server's own log holds no secret", () => {
    expect(seen.length).toBeGreaterThan(10);
    expect(leaksIn(JSON.stringify(h.logs))).toEqual([]);
  });
});
