// The irsa-doctor command is an esbuild bundle (scripts/bundle-cli.mjs): what a start loads, that its source
// maps lead back to the sources, and that Node's compile cache keeps the compiled chunks on Node 22+.

import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { BUILT_MAIN, REPO_ROOT, requireBuild } from "../mcp/support/harness.js";

const exec = promisify(execFile);
const CLI = join(REPO_ROOT, "dist/cli");
const SCENARIO = join(REPO_ROOT, "fixtures/scenarios/healthy--irsa");
const major = Number(process.versions.node.split(".")[0]);
const scratch = () => mkdtempSync(join(tmpdir(), "irsa-doctor-bundle-"));
const diagnose = (env: NodeJS.ProcessEnv, nodeArgs: string[] = []) =>
  exec(process.execPath, [...nodeArgs, BUILT_MAIN, "diagnose", "--snapshot", SCENARIO], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_COMPILE_CACHE: "", ...env },
  });

beforeAll(() => requireBuild());

describe("the built command", () => {
  it("is what package.json's bin runs: CommonJS, so Node starts it without its ESM loader", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin["irsa-doctor"]).toBe("dist/cli/main.cjs");
    expect(readFileSync(BUILT_MAIN, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n"use strict";/);
  });

  it("still runs as dist/cli/main.js, the path MCP settings of a clone name", async () => {
    const { stdout } = await exec(process.execPath, [join(CLI, "main.js"), "diagnose", "--snapshot", SCENARIO], { cwd: REPO_ROOT });
    expect(stdout).toMatch(/^root_cause: healthy/);
  });

  it("loads only its own chunks: no tsc module of dist/, no file of node_modules", async () => {
    const file = join(scratch(), "imports.txt");
    const recorder = pathToFileURL(join(REPO_ROOT, "test/mcp/support/record-imports.mjs")).href;
    const { stdout } = await diagnose({ RECORD_IMPORTS_FILE: file, XDG_CACHE_HOME: scratch() }, ["--import", recorder]);
    expect(stdout).toMatch(/^root_cause: healthy/);
    const lines = readFileSync(file, "utf8").split("\n");
    // Indented lines are the modules a chunk holds (record-imports-hooks.mjs); the others were read from disk.
    const loaded = lines.filter((l) => l.startsWith("file:"));
    const ours = loaded.filter((u) => /\/dist\/cli\/(main\.cjs|(bundle-\w+|entry-[\w-]+)\.js)$/.test(u));
    expect(ours.length).toBeGreaterThan(1);
    expect(loaded.filter((u) => !ours.includes(u) && !u.startsWith(pathToFileURL(join(REPO_ROOT, "test")).href))).toEqual([]);
    // The chunks hold the diagnosis itself and the libraries it uses.
    expect(lines.some((l) => l.endsWith("/src/diagnosis/engine.ts"))).toBe(true);
    expect(lines.some((l) => /\/node_modules\/yaml\//.test(l))).toBe(true);
  });
});

describe("socks-proxy-agent, which the bundle loads only when a kubeconfig names a socks proxy", () => {
  it("still carries a live read to the socks proxy of the kubeconfig", async () => {
    const greetings: number[] = [];
    const proxy = createServer((socket) => socket.once("data", (d: Buffer) => (greetings.push(d[0]!), socket.destroy())));
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const emulator = await startEmulator({ snapshotDir: SCENARIO });
    try {
      const port = (proxy.address() as { port: number }).port;
      const kubeconfig = join(scratch(), "kubeconfig");
      const original = readFileSync(emulator.env["KUBECONFIG"]!, "utf8");
      writeFileSync(kubeconfig, original.replace(/^(\s*)server: (.*)$/m, `$1server: $2\n$1proxy-url: socks5://127.0.0.1:${port}`));
      const args = [
        "diagnose",
        "--namespace",
        "payments",
        "--pod",
        "payments-api-7d9c8b6f5-x2k4q",
        "--cluster",
        "prod-eu",
        "--timeout",
        "3000",
      ];
      const { stdout } = await exec(process.execPath, [BUILT_MAIN, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...emulator.env, KUBECONFIG: kubeconfig },
      });
      // The proxy hung up: the pod is not read, and says so; the SOCKS5 greeting (version byte 5) reached it.
      expect(stdout).toMatch(/^root_cause: inconclusive/);
      expect(greetings.length).toBeGreaterThan(0);
      expect(new Set(greetings)).toEqual(new Set([5]));
    } finally {
      await emulator.close();
      proxy.close();
    }
  });
});

describe("source maps", () => {
  const files = readdirSync(CLI).filter((f) => /^(main\.cjs|(bundle-\w+|entry-[\w-]+)\.js)$/.test(f));

  it("every chunk has a map, and every file of src/ it names exists", () => {
    for (const f of files) {
      const map = JSON.parse(readFileSync(join(CLI, `${f}.map`), "utf8")) as { sources: string[] };
      // A library's sources are named as its own source maps name them (some are not in its package); the
      // modules the build's plugins write (scripts/esbuild-options.mjs: "builtin-by-require:…",
      // "whatwg-url-is-nodes:…") have no file.
      const missing = map.sources
        .filter((s) => !s.includes("/node_modules/") && !/^[a-z-]+:/.test(s))
        .filter((s) => {
          try {
            readFileSync(new URL(s, pathToFileURL(join(CLI, f))));
            return false;
          } catch {
            return true;
          }
        });
      expect({ file: f, missing }).toEqual({ file: f, missing: [] });
    }
  });

  it("lead from a function in the bundle to its line in the source", () => {
    const source = readFileSync(join(REPO_ROOT, "src/cli/compile-cache.ts"), "utf8").split("\n");
    const line = source.findIndex((l) => l.startsWith("export function compileCacheDir("));
    const bundled = readFileSync(BUILT_MAIN, "utf8").split("\n");
    const at = bundled.findIndex((l) => l.includes("function compileCacheDir("));
    expect(line).toBeGreaterThanOrEqual(0);
    expect(at).toBeGreaterThanOrEqual(0);
    const map = new SourceMap(JSON.parse(readFileSync(`${BUILT_MAIN}.map`, "utf8")));
    const entry = map.findEntry(at, bundled[at]!.indexOf("function compileCacheDir("));
    expect("originalSource" in entry && entry.originalSource).toMatch(/\/src\/cli\/compile-cache\.ts$/);
    expect("originalLine" in entry && entry.originalLine).toBe(line);
  });
});

describe("compile cache with the bundle", () => {
  it(`a second start takes the chunks' compiled code from the cache on Node 22+ (here Node ${major})`, async () => {
    const env = { XDG_CACHE_HOME: scratch(), NODE_DEBUG_NATIVE: "COMPILE_CACHE" };
    await diagnose(env);
    const { stderr } = await diagnose(env);
    // Node 22 says "cache for file:...", Node 24 "V8 code cache for ESM file:...".
    const accepted = [...stderr.matchAll(/cache for (?:ESM )?(file:\S+\/dist\/cli\/bundle-\w+\.js) was accepted/g)].map((m) => m[1]);
    const rejected = stderr.split("\n").filter((l) => /dist\/cli\/.*(rejected|mismatch)/i.test(l));
    if (major >= 22) {
      expect(accepted.length).toBeGreaterThan(5);
      expect(rejected).toEqual([]);
    } else {
      expect(accepted).toEqual([]);
    }
  });
});
