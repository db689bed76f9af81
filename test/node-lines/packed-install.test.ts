// Installs like a package: the tarball `npm pack` makes (from the dist/ the suite built; in a release
// `prepack` builds it) installs with `npm install -g` into a temporary prefix, and the installed `irsa-doctor`
// works from a folder outside the clone, with nothing built on install: diagnose on a bundled scenario,
// serve answering tools/list, emulate serving a bundle that the installed command then diagnoses live.
// And `npx` runs it straight from the tarball. Packs once; installs come from npm's cache when it has them.
// Needs `npm run build` first; the package has no dependencies (the bundle holds them), so no registry.

import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { loadClientKit } from "../../src/mcp/sdk.js";
import { REPO_ROOT, requireBuild } from "../mcp/support/harness.js";

const exec = promisify(execFile);
const INSTALL_TIMEOUT = 240_000;
const work = mkdtempSync(join(tmpdir(), "irsa-doctor-packed-"));
const prefix = join(work, "prefix");
const outside = mkdtempSync(join(tmpdir(), "irsa-doctor-user-"));
const installed = join(prefix, "lib", "node_modules", "irsa-doctor");
const bin = join(prefix, "bin", "irsa-doctor");
let tarball = "";

// The installed command's `#!/usr/bin/env node` must find the Node running this test (CI runs it on several
// lines), and nothing from the test's environment may point it at the clone or a cluster.
const env: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith("AWS_") && e[0] !== "KUBECONFIG" && !e[0].startsWith("npm_"),
    ),
  ),
  PATH: [join(prefix, "bin"), dirname(process.execPath), process.env["PATH"] ?? ""].join(delimiter),
  XDG_CACHE_HOME: join(work, "cache"),
};
const npm = (args: string[], cwd = work) =>
  exec("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { cwd, env, maxBuffer: 1 << 24 });

beforeAll(async () => {
  requireBuild();
  // --ignore-scripts: the suite has just built dist/; prepack would build it again (a minute on CI).
  const { stdout } = await npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], REPO_ROOT);
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed!.filename);
  await npm(["install", "--global", "--prefix", prefix, tarball]);
}, INSTALL_TIMEOUT);

describe("the packed tarball, installed globally", () => {
  it("ships the built bundle with its source maps, a prepack script that builds it, no dependencies, sources or tests", async () => {
    const { stdout } = await exec("tar", ["tzf", tarball]);
    const files = stdout.split("\n");
    expect(files).toContain("package/dist/cli/main.cjs");
    expect(files).toContain("package/dist/cli/main.cjs.map");
    expect(files).toContain("package/dist/cli/main.js");
    expect(files).toContain("package/dist/mcp/startup-manifest.json");
    expect(files).toContain("package/dist/runbook/preparsed.json");
    expect(files).toContain("package/runbooks/h2-irsa-pod-identity.md");
    const chunks = files.filter((f) => /^package\/dist\/cli\/(bundle-\w+|entry-[\w-]+)\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(0);
    // Every chunk with its map, for stack traces (IRSA_DOCTOR_DEBUG=1 reads them).
    expect(chunks.filter((f) => !files.includes(`${f}.map`))).toEqual([]);
    // The bundle is the whole program: tsc's modules, sources and tests stay in the clone.
    expect(
      files.filter(
        (f) =>
          f.startsWith("package/dist/") &&
          !/^package\/dist\/(cli\/(main\.cjs(\.map)?|main\.js|(bundle-\w+|entry-[\w-]+)\.js(\.map)?)|mcp\/startup-manifest\.json|runbook\/preparsed\.json)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
    expect(files.filter((f) => f.startsWith("package/test/") || f.startsWith("package/src/"))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      dependencies?: object;
    };
    expect(pkg.scripts["prepack"]).toBe("npm run build");
    // Everything it runs is in the bundle: an install downloads nothing else.
    expect(pkg.dependencies).toBeUndefined();
    expect(existsSync(join(installed, "node_modules"))).toBe(false);
  });

  it("diagnoses a bundled scenario from a folder outside the clone", async () => {
    const scenario = join(installed, "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace");
    const { stdout } = await exec(bin, ["diagnose", "--snapshot", scenario], { cwd: outside, env });
    expect(stdout).toMatch(/^root_cause: .*/);
    expect(stdout).toContain("trust_policy.subject_mismatch");
  });

  it("serves MCP: tools/list answers with diagnose_irsa", async () => {
    const { Client, StdioClientTransport } = await loadClientKit();
    const client = new Client({ name: "packed-install-test", version: "0.0.0" });
    await client.connect(new StdioClientTransport({ command: bin, args: ["serve"], cwd: outside, env, stderr: "pipe" }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("diagnose_irsa");
    } finally {
      await client.close();
    }
  });

  it("emulates a bundle that the installed command then diagnoses live", async () => {
    const scenario = join(installed, "fixtures/scenarios/healthy--irsa");
    const emulator = spawn(bin, ["emulate", "--snapshot", scenario], { cwd: outside, env, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const settings = await new Promise<Record<string, string>>((resolve, reject) => {
        let out = "";
        emulator.on("exit", (code) => reject(new Error(`emulate exited (${code}) before printing its settings`)));
        emulator.stdout.on("data", (chunk) => {
          out += chunk;
          const found = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
          if ("KUBECONFIG" in found && "AWS_SECRET_ACCESS_KEY" in found) resolve(found);
        });
      });
      const args = ["diagnose", "--namespace", "payments", "--pod", "payments-api-7d9c8b6f5-x2k4q", "--cluster", "prod-eu"];
      const { stdout } = await exec(bin, args, { cwd: outside, env: { ...env, ...settings } });
      expect(stdout).toMatch(/^root_cause: healthy — the IRSA chain/);
    } finally {
      emulator.kill("SIGTERM");
    }
  });
});

describe("npx from the tarball", () => {
  it(
    "runs irsa-doctor without a global install",
    async () => {
      try {
        const { stdout } = await exec("npx", ["--yes", "--prefer-offline", `--package=${tarball}`, "--", "irsa-doctor", "runbooks"], {
          cwd: outside,
          env,
          maxBuffer: 1 << 24,
        });
        expect(stdout).toContain("h2-irsa-pod-identity-confusion");
      } finally {
        await removeNpxInstall(tarball);
      }
    },
    INSTALL_TIMEOUT,
  );
});

/** npx installs into npm's cache (_npx/<hash>) and keeps it; a new tarball path each run would pile up. */
async function removeNpxInstall(spec: string): Promise<void> {
  const cache = (await exec("npm", ["config", "get", "cache"], { env })).stdout.trim();
  const npxDir = join(cache, "_npx");
  for (const entry of existsSync(npxDir) ? readdirSync(npxDir) : []) {
    const manifest = join(npxDir, entry, "package.json");
    if (existsSync(manifest) && readFileSync(manifest, "utf8").includes(spec))
      rmSync(join(npxDir, entry), { recursive: true, force: true });
  }
}
