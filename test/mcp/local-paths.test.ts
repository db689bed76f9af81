// The folders the MCP tools may read (src/mcp/local-paths.ts): the policy on its own over real folders
// and symlinks, every tool that takes a local path declaring it, and the server asking a real SDK client
// for its roots (and again after it says they changed).

import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalPathPolicy, isWithin } from "../../src/mcp/local-paths.js";
import { loadClientKit, type CallToolResult } from "../../src/mcp/sdk.js";
import { createServer } from "../../src/mcp/server.js";
import { allTools } from "../../src/mcp/tools/index.js";
import { TOOLSET_NAMES } from "../../src/mcp/toolsets.js";
import { createLogger } from "../../src/util/log.js";
import { REPO_ROOT, textOf } from "./support/harness.js";

let base: string;
let inside: string;
let outside: string;
let home: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), "irsa-doctor-paths-")));
  inside = join(base, "work");
  outside = join(base, "elsewhere");
  home = join(base, "home");
  for (const d of [inside, outside, home, join(inside, "bundle"), join(home, "project")]) mkdirSync(d, { recursive: true });
  writeFileSync(join(outside, "id_rsa"), "not for the model\n");
  symlinkSync(outside, join(inside, "escape"));
});

const policy = (over: Partial<Parameters<typeof createLocalPathPolicy>[0]> = {}) =>
  createLocalPathPolicy({ allowed: [], clientRoots: async () => null, cwd: inside, home, ...over });
const admitted = async (p: ReturnType<typeof policy>, path: string) => {
  const a = await p.admit(path, "path");
  return "path" in a ? a.path : null;
};

describe("the local-path policy", () => {
  it("admits the working directory for a client without roots, resolving relative paths from it", async () => {
    expect(await admitted(policy(), "bundle")).toBe(join(inside, "bundle"));
    expect(await admitted(policy(), join(inside, "bundle"))).toBe(join(inside, "bundle"));
    expect(await admitted(policy(), join(inside, "not-yet-there"))).toBe(join(inside, "not-yet-there"));
  });

  it("refuses a path outside, naming the argument, the folders and how to allow it", async () => {
    const refused = await policy().admit(join(outside, "id_rsa"), "snapshot");
    expect(refused).toEqual({
      refused: expect.stringContaining(`snapshot "${join(outside, "id_rsa")}" is outside the folders this server may read (${inside}`),
    });
    expect("refused" in refused && refused.refused).toMatch(/--allow-path <folder> \(or IRSA_DOCTOR_ALLOW_PATHS\)/);
    expect(await admitted(policy(), "../elsewhere")).toBeNull();
  });

  it("follows symlinks before deciding: a link inside that leads outside is refused", async () => {
    expect(await admitted(policy(), join(inside, "escape"))).toBeNull();
    expect(await admitted(policy(), join(inside, "escape", "id_rsa"))).toBeNull();
  });

  it("does not let / or the home directory stand in for roots", async () => {
    for (const cwd of ["/", home]) {
      const p = policy({ cwd });
      expect(await admitted(p, join(home, "project"))).toBeNull();
      const refused = await p.admit(join(home, "project"), "path");
      expect("refused" in refused && refused.refused).toContain("is too broad to stand in for them");
    }
    expect(await admitted(policy({ cwd: join(home, "project") }), join(home, "project"))).toBe(join(home, "project"));
  });

  it("admits --allow-path folders and the bundled scenarios whatever the roots", async () => {
    const p = policy({ cwd: "/", allowed: [outside] });
    expect(await admitted(p, join(outside, "id_rsa"))).toBe(join(outside, "id_rsa"));
    const scenario = join(REPO_ROOT, "fixtures/scenarios/healthy--irsa");
    expect(await admitted(p, scenario)).toBe(scenario);
  });

  it("uses the client's file roots instead of the working directory, ignoring other schemes", async () => {
    const p = policy({ clientRoots: async () => [pathToFileURL(outside).href, "https://example.com/repo"] });
    expect(await admitted(p, join(outside, "id_rsa"))).toBe(join(outside, "id_rsa"));
    expect(await admitted(p, join(inside, "bundle"))).toBeNull();
  });

  it("refuses everything but the allowed folders when the client's roots cannot be read, and says why", async () => {
    const p = policy({ clientRoots: async () => Promise.reject(new Error("Request timed out")) });
    const refused = await p.admit(join(inside, "bundle"), "path");
    expect("refused" in refused && refused.refused).toContain("the client's roots could not be read: Request timed out");
  });

  it("compares whole path segments", () => {
    expect(isWithin("/a/bc", "/a/b")).toBe(false);
    expect(isWithin("/a/b/c", "/a/b")).toBe(true);
    expect(isWithin("/a/b", "/a/b")).toBe(true);
    expect(isWithin("/a", "/a/b")).toBe(false);
  });
});

describe("tools that read local paths", () => {
  it("declare every argument that names a file or folder, so the adapter admits it", () => {
    for (const tool of allTools) {
      const pathLike = Object.entries(tool.input as Record<string, { description?: string }>)
        .filter(
          ([key, schema]) =>
            ["snapshot", "path", "file", "dir", "folder", "bundle"].includes(key) ||
            /\b(folder|directory|\.tar\.gz|on this machine)\b/i.test(schema.description ?? ""),
        )
        .map(([key]) => key);
      expect([...(tool.localPaths ?? [])].sort(), tool.name).toEqual(pathLike.sort());
    }
    expect(allTools.filter((t) => (t.localPaths ?? []).length > 0).length).toBeGreaterThanOrEqual(8);
  });
});

describe("the server and a client that offers roots", () => {
  let roots: string[];
  let harness: {
    call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string }>;
    changeRoots(uris: string[]): Promise<void>;
    asked: () => number;
    close(): Promise<void>;
  };

  beforeAll(async () => {
    roots = [pathToFileURL(inside).href];
    const logger = createLogger({ level: "error", format: "json", write: () => {} });
    const server = createServer({ runbookDirs: [], logger, cwd: inside, toolsets: TOOLSET_NAMES });
    const { Client, InMemoryTransport, ListRootsRequestSchema } = await loadClientKit();
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const client = new Client({ name: "roots-client", version: "0.0.0" }, { capabilities: { roots: { listChanged: true } } });
    let asked = 0;
    client.setRequestHandler(ListRootsRequestSchema, () => {
      asked += 1;
      return { roots: roots.map((uri) => ({ uri })) };
    });
    await client.connect(clientTransport);
    harness = {
      async call(name, args) {
        const r = await client.callTool({ name, arguments: args });
        return { isError: r.isError === true, text: textOf(r as CallToolResult) };
      },
      async changeRoots(uris) {
        roots = uris;
        await client.sendRootsListChanged();
      },
      asked: () => asked,
      async close() {
        await client.close();
        await server.close();
      },
    };
  });
  afterAll(async () => harness.close());

  it("refuses a path outside the roots before the tool runs, then admits it once the roots include it", async () => {
    const bundle = join(outside, "bundle");
    mkdirSync(bundle, { recursive: true });
    writeFileSync(join(bundle, "app.log"), "AccessDenied: not authorized to perform sts:AssumeRoleWithWebIdentity\n");

    const refused = await harness.call("collect", { path: bundle });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`path "${bundle}" is outside the folders this server may read (${inside}`);
    const again = await harness.call("diagnose_irsa", { snapshot: outside });
    expect(again.text).toContain("is outside the folders");
    expect(harness.asked()).toBe(1); // asked once, not per call

    await harness.changeRoots([pathToFileURL(outside).href]);
    const collected = await harness.call("collect", { path: bundle });
    expect(collected.isError).toBe(false);
    expect(JSON.parse(collected.text)).toMatchObject({ executionId: expect.any(String) });
    expect(harness.asked()).toBe(2);
  });

  it("still reads the bundled example scenarios", async () => {
    const r = await harness.call("diagnose_irsa", { snapshot: join(REPO_ROOT, "fixtures/scenarios/healthy--irsa") });
    expect(r.isError).toBe(false);
    expect(r.text).toContain("root_cause: healthy");
  });
});
