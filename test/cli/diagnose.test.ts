// `irsa-doctor diagnose`, `snapshot` and `emulate` in-process: the report on stdout with exit 0 whatever it
// found, usage errors (exit 2) that say what to pass, an unreadable snapshot (exit 1), and the live path
// through the emulator giving the same cause as the offline bundle, then capturing a bundle that does too.

import { mkdtempSync, rmSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../src/cli/run.js";
import type { CliIo } from "../../src/cli/io.js";
import { startEmulator } from "../../src/emulator/index.js";
import { REPO_ROOT } from "../mcp/support/harness.js";

const SCENARIO = "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace";
const POD = "payments-api-7d9c8b6f5-x2k4q";

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
    cwd: REPO_ROOT,
    stdinIsTTY: true,
  };
  return { code: await runCli(argv, io), stdout: () => stdout, stderr: () => stderr };
}

describe("irsa-doctor diagnose (offline)", () => {
  it("prints the YAML report of a bundle and exits 0", async () => {
    const r = await cli(["diagnose", "--snapshot", SCENARIO]);
    expect(r.code).toBe(0);
    const report = parse(r.stdout()) as Record<string, unknown>;
    expect(Object.keys(report).slice(0, 5)).toEqual(["root_cause", "evidence", "severity", "mitigation", "cause_id"]);
    expect(report["cause_id"]).toBe("trust_policy.subject_mismatch");
  });

  it("--format json prints the same report as JSON", async () => {
    const yaml = parse((await cli(["diagnose", "--snapshot", SCENARIO])).stdout());
    const json = JSON.parse((await cli(["diagnose", "--snapshot", SCENARIO, "--format", "json"])).stdout());
    expect(json).toEqual(yaml);
  });

  it("a bad --format is a usage error naming the choices", async () => {
    const r = await cli(["diagnose", "--snapshot", SCENARIO, "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr()).toContain("--format takes yaml or json");
  });

  it("neither a snapshot nor a live target says what to pass", async () => {
    const r = await cli(["diagnose"]);
    expect(r.code).toBe(2);
    expect(r.stderr()).toContain("--namespace");
  });

  it("mixing --snapshot with live flags is refused", async () => {
    const r = await cli(["diagnose", "--snapshot", SCENARIO, "--pod", POD]);
    expect(r.code).toBe(2);
    expect(r.stderr()).toContain("drop the live-target flags");
  });

  it("a folder without target.yaml exits 1 with what to fix", async () => {
    const r = await cli(["diagnose", "--snapshot", "fixtures/runbooks"]);
    expect(r.code).toBe(1);
    expect(r.stderr()).toMatch(/target\.yaml/);
  });
});

describe("irsa-doctor diagnose --message (the error text the user has)", () => {
  const NO_PROVIDER =
    "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE";
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "irsa-doctor-message-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("alone, diagnoses the message and cites it", async () => {
    const r = await cli(["diagnose", "--message", NO_PROVIDER, "--format", "json"]);
    expect(r.code, r.stderr()).toBe(0);
    const report = JSON.parse(r.stdout()) as { cause_id: string; confidence: string; evidence: { source: string }[] };
    expect(report).toMatchObject({ cause_id: "oidc_provider.missing", confidence: "medium" });
    expect(report.evidence.map((e) => e.source)).toContain("pasted-message:1");
  });

  it("--message-file reads it from a file, and with --snapshot it joins the bundle's logs", async () => {
    const file = join(dir, "error.txt");
    writeFileSync(file, `${NO_PROVIDER}\n`);
    // A bundle whose own evidence is healthy: the pasted error is what the report must now account for.
    const healthy = "fixtures/scenarios/healthy--irsa";
    const r = await cli(["diagnose", "--snapshot", healthy, "--message-file", file, "--format", "json"]);
    expect(r.code, r.stderr()).toBe(0);
    const report = JSON.parse(r.stdout()) as { evidence: { source: string }[] };
    const sources = report.evidence.map((e) => e.source);
    expect(sources).toContain("pasted-message:1");
    expect(sources.some((s) => s.startsWith("k8s/"))).toBe(true);
  });

  it.each([
    ["both --message and --message-file", ["--message", "x", "--message-file", "y"], /pass --message or --message-file, not both/],
    ["an empty message", ["--message", "  "], /the message is empty/],
    ["a file that is not there", ["--message-file", "no-such-file.txt"], /--message-file no-such-file.txt could not be read/],
  ])("%s is a usage error that says what to pass", async (_case, argv, message) => {
    const r = await cli(["diagnose", ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr()).toMatch(message);
    expect(r.stdout()).toBe("");
  });
});

describe("irsa-doctor diagnose and snapshot (live, through the emulator)", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let env: NodeJS.ProcessEnv;
  const out = mkdtempSync(join(tmpdir(), "irsa-cli-capture-"));

  beforeAll(async () => {
    emulator = await startEmulator({ snapshotDir: join(REPO_ROOT, SCENARIO) });
    env = { ...emulator.env };
    // The AWS SDK reads its endpoint and keys from the process environment.
    Object.assign(process.env, emulator.env);
  });
  afterAll(async () => {
    await emulator.close();
    for (const k of Object.keys(emulator.env)) delete process.env[k];
    rmSync(out, { recursive: true, force: true });
  });

  it("diagnoses the live pod with the same cause as the bundle, and only reads", async () => {
    const r = await cli(["diagnose", "-n", "payments", "--pod", POD, "--cluster", "prod-eu", "--kubeconfig", emulator.kubeconfigPath], env);
    expect(r.code).toBe(0);
    expect((parse(r.stdout()) as { cause_id: string }).cause_id).toBe("trust_policy.subject_mismatch");
    expect(emulator.requests().every((q) => q.method === "GET" || /^(Get|List|Describe|LookupEvents|FilterLogEvents)/.test(q.action))).toBe(
      true,
    );
  });

  it("captures a bundle that diagnoses the same", async () => {
    const dir = join(out, "bundle");
    const r = await cli(
      ["snapshot", "-n", "payments", "--pod", POD, "--cluster", "prod-eu", "--kubeconfig", emulator.kubeconfigPath, "--out", dir],
      env,
    );
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["aws", "k8s", "logs", "target.yaml"]);
    const again = await cli(["diagnose", "--snapshot", dir]);
    expect((parse(again.stdout()) as { cause_id: string }).cause_id).toBe("trust_policy.subject_mismatch");
  });
});
