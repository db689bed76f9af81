// Toolsets and the size of tools/list: the default set holds what an agent needs first (diagnose_irsa,
// irsa_phase, list_access and the runbook tools) within 25 KB; `all` lists every tool within 50 KB. The sizes
// are golden (test/golden/tool-list-sizes.json) so growth shows in review:
//
//   UPDATE_GOLDEN=1 npx vitest run test/mcp/toolsets.test.ts
//
// Over stdio too: serve --toolsets, IRSA_DOCTOR_TOOLSETS, and a wrong name refused with exit 2.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allTools } from "../../src/mcp/tools/index.js";
import { DEFAULT_TOOLSETS, parseToolsets, TOOLSETS, TOOLSET_NAMES } from "../../src/mcp/toolsets.js";
import { DEFAULT_TOOLS, EXPECTED_TOOLS, requireBuild, startInMemory } from "./support/harness.js";
import { INITIALIZE_PARAMS, spawnServer } from "./support/stdio-process.js";

const SIZES_FILE = new URL("../golden/tool-list-sizes.json", import.meta.url);
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";
const KB = 1024;

/** tools/list as the client receives it, and its size in bytes of compact JSON. */
async function listing(toolsets: readonly (typeof TOOLSET_NAMES)[number][]) {
  const h = await startInMemory({ toolsets });
  try {
    const { tools } = await h.client.listTools();
    return { names: tools.map((t) => t.name), bytes: Buffer.byteLength(JSON.stringify({ tools })) };
  } finally {
    await h.close();
  }
}

describe("toolsets", () => {
  it("every registry tool belongs to exactly one toolset", () => {
    for (const tool of allTools) {
      const holders = TOOLSET_NAMES.filter((set) => (TOOLSETS[set] as readonly string[]).includes(tool.name));
      expect(holders, tool.name).toHaveLength(1);
    }
  });

  it("the default set is the diagnosis and the runbooks, within 25 KB; all is every tool, within 50 KB; sizes are golden", async () => {
    const byDefault = await listing(DEFAULT_TOOLSETS);
    const all = await listing(TOOLSET_NAMES);
    expect(byDefault.names).toEqual(DEFAULT_TOOLS);
    expect(all.names).toEqual(EXPECTED_TOOLS);
    expect(byDefault.bytes).toBeLessThanOrEqual(25 * KB);
    expect(all.bytes).toBeLessThanOrEqual(50 * KB);
    const sizes = `${JSON.stringify({ default: byDefault.bytes, all: all.bytes }, null, 2)}\n`;
    if (UPDATE) writeFileSync(SIZES_FILE, sizes);
    expect(existsSync(SIZES_FILE), "no golden sizes: run UPDATE_GOLDEN=1 (see this test's header)").toBe(true);
    expect(sizes, "tools/list changed size: update test/golden/tool-list-sizes.json on purpose").toBe(readFileSync(SIZES_FILE, "utf8"));
  });

  it("no schema repeats zod's safe-integer bounds or a $schema", async () => {
    const h = await startInMemory();
    const text = JSON.stringify(h.server.listTools());
    await h.close();
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(text).not.toContain("$schema");
  });

  it.each([
    [undefined, DEFAULT_TOOLSETS],
    ["", DEFAULT_TOOLSETS],
    ["all", TOOLSET_NAMES],
    ["Cluster, logs", ["cluster", "logs"]],
    ["logs,diagnose", ["diagnose", "logs"]],
  ])("parses %j", (text, expected) => {
    expect(parseToolsets(text)).toEqual({ toolsets: [...expected] });
  });

  it("refuses an unknown toolset naming the known ones", () => {
    expect(parseToolsets("diagnose,kubernetes")).toEqual({
      error: "unknown toolset(s) kubernetes: choose among diagnose, runbook, cluster, logs, audit, or all (default diagnose,runbook)",
    });
  });
});

describe("toolsets over stdio", () => {
  async function listed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
    requireBuild();
    const session = spawnServer(["serve", ...args], { env });
    await session.request(1, "initialize", INITIALIZE_PARAMS);
    session.notify("notifications/initialized");
    const reply = await session.request(2, "tools/list", {});
    await session.close();
    return (reply.result?.["tools"] as { name: string }[]).map((t) => t.name);
  }

  it(
    "serve lists the default set; --toolsets all every tool; IRSA_DOCTOR_TOOLSETS picks when no flag does",
    { timeout: 60_000 },
    async () => {
      expect(await listed([])).toEqual(DEFAULT_TOOLS);
      expect(await listed(["--toolsets", "all"])).toEqual(EXPECTED_TOOLS);
      expect(await listed([], { IRSA_DOCTOR_TOOLSETS: "cluster" })).toEqual([...TOOLSETS.cluster]);
      expect(await listed(["--toolsets", "logs"], { IRSA_DOCTOR_TOOLSETS: "cluster" })).toEqual([...TOOLSETS.logs]);
    },
  );

  it("the full start (no fast path) lists the same tools for the same toolsets", { timeout: 60_000 }, async () => {
    expect(await listed(["--toolsets", "cluster,runbook"], { IRSA_DOCTOR_FAST_START: "0" })).toEqual(
      await listed(["--toolsets", "cluster,runbook"]),
    );
  });

  it("a wrong toolset is a usage error (exit 2) naming the known ones", { timeout: 30_000 }, async () => {
    requireBuild();
    const session = spawnServer(["serve", "--toolsets", "everything"]);
    expect(await session.close()).toBe(2);
    expect(session.stderr()).toMatch(
      /--toolsets: unknown toolset\(s\) everything: choose among diagnose, runbook, cluster, logs, audit, or all/,
    );
  });
});
