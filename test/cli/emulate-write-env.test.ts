// `irsa-doctor emulate --write-env FILE`, the built executable as the README's live example runs it: FILE
// appears only once the emulator serves (so a script waiting for it never sources an empty file and runs
// against the real cluster), it works, SIGTERM stops the emulator cleanly and removes FILE, and a start that
// fails never writes it. Needs `npm run build` first (npm test does it).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_MAIN, REPO_ROOT, requireBuild } from "../mcp/support/harness.js";

const SCENARIO = join(REPO_ROOT, "fixtures/scenarios/oidc_provider.missing--never-created");
let folder: string;
beforeAll(() => {
  requireBuild();
  folder = mkdtempSync(join(tmpdir(), "irsa-doctor-envfile-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function emulate(args: string[]) {
  const child = spawn(process.execPath, [BUILT_MAIN, "emulate", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout.resume();
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("emulate --write-env", () => {
  it("writes the file once serving, with a working endpoint, and removes it on SIGTERM", async () => {
    const envFile = join(folder, "emu.env");
    writeFileSync(envFile, "export AWS_PROFILE=stale-from-an-earlier-run\n");
    const emulator = emulate(["--snapshot", SCENARIO, "--write-env", envFile]);
    // The stale file is removed before anything else: it is never mistaken for this run's readiness.
    expect(await waitFor(() => !existsSync(envFile) || !readFileSync(envFile, "utf8").includes("stale"), 10_000)).toBe(true);
    expect(await waitFor(() => existsSync(envFile), 30_000)).toBe(true);
    const env = readFileSync(envFile, "utf8");
    expect(env).toMatch(/^export KUBECONFIG=/m);
    expect(env).toContain(`export IRSA_DOCTOR_EMULATOR_PID=${emulator.child.pid}`);
    const endpoint = /^export AWS_ENDPOINT_URL=(\S+)$/m.exec(env)?.[1];
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const requests = await fetch(`${endpoint}/_emulator/requests`);
    expect(requests.status).toBe(200);

    emulator.child.kill("SIGTERM");
    expect(await emulator.exited).toBe(0);
    expect(existsSync(envFile)).toBe(false);
    expect(emulator.stderr()).toContain("irsa-doctor emulate: stopped after");
  });

  it("a start that fails exits 1 and never writes the file", async () => {
    const envFile = join(folder, "never.env");
    const emulator = emulate(["--snapshot", join(folder, "no-such-bundle"), "--write-env", envFile]);
    expect(await emulator.exited).toBe(1);
    expect(existsSync(envFile)).toBe(false);
  });
});
