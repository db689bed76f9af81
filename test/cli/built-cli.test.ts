// The built executable (dist/cli/main.cjs, the package bin): its #! line, real exit codes, exit 1 when no
// runbook at all could be loaded (a copy of dist/ whose package has no runbooks/ folder), and a live
// diagnosis through the emulator whose stderr holds only irsa-doctor's own lines (on Node 20, its notice
// about the Node line; no SDK notice, no Node deprecation warning).
// Needs `npm run build` first (npm test does it).

import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { nodeLineNotice } from "../../src/cli/node-line.js";
import { startEmulator } from "../../src/emulator/index.js";
import { BUILT_MAIN, REPO_ROOT, requireBuild } from "../mcp/support/harness.js";

const exec = promisify(execFile);

async function run(
  main: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [main, ...args], { cwd: REPO_ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(() => requireBuild());

describe("built irsa-doctor executable", () => {
  it("starts with a #! line so the package bin runs under node", () => {
    expect(readFileSync(BUILT_MAIN, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin["irsa-doctor"]).toBe("dist/cli/main.cjs");
  });

  it("exits 0 listing runbooks and 2 on an unknown command", async () => {
    const listed = await run(BUILT_MAIN, ["runbooks"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("h2-irsa-pod-identity-confusion");
    const unknown = await run(BUILT_MAIN, ["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Type `irsa-doctor --help` for usage.");
  });

  it("exits 1 and says so when no runbook could be loaded at all", async () => {
    const root = mkdtempSync(join(tmpdir(), "irsa-doctor-norunbooks-"));
    cpSync(join(REPO_ROOT, "dist"), join(root, "dist"), { recursive: true });
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "irsa-doctor", version: "0.0.0-test", type: "module" }));
    symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
    const result = await run(join(root, "dist/cli/main.cjs"), ["runbooks"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("No runbooks loaded.\n");
    expect(result.stderr).toContain(`${join(root, "runbooks")}: cannot read the runbook directory`);
    expect(result.stderr).toContain("irsa-doctor runbooks: no runbook loaded; check the folders given with --runbooks");
  });

  it("diagnoses live through the emulator with only its own lines on stderr: the Node line notice on Node 20 alone, no SDK or Node warning", async () => {
    const emulator = await startEmulator({ snapshotDir: join(REPO_ROOT, "fixtures/scenarios/healthy--irsa") });
    try {
      // No AWS_* from the test's environment: vitest.config.ts mutes the SDK's notice for in-process clients.
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_") && k !== "KUBECONFIG"));
      const args = ["diagnose", "--namespace", "payments", "--pod", "payments-api-7d9c8b6f5-x2k4q", "--cluster", "prod-eu"];
      const result = await run(BUILT_MAIN, args, { ...env, ...emulator.env });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^root_cause: healthy — the IRSA chain/);
      const lines = result.stderr.trim().split("\n");
      expect(lines.length).toBeGreaterThan(2);
      expect(lines.filter((l) => !l.startsWith("irsa-doctor: "))).toEqual([]);
      const notices = lines.filter((l) => l.includes("end of life"));
      const notice = nodeLineNotice(process.versions.node);
      expect(notices).toEqual(notice === undefined ? [] : [`irsa-doctor: ${notice}`]);
      // The user who asks for the SDK's own notice too gets it, where the SDK gives one (below Node 22).
      const asked = await run(BUILT_MAIN, args, { ...env, ...emulator.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "false" });
      expect(asked.stderr.includes("NodeVersionSupportWarning")).toBe(Number(process.versions.node.split(".")[0]) < 22);
    } finally {
      await emulator.close();
    }
  });
});
