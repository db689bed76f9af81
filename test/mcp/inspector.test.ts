// The MCP Inspector's CLI mode (pinned devDependency, 0.15.0: the last release that runs on Node 20) against
// the built server, exactly as documented: npx @modelcontextprotocol/inspector --cli node dist/cli/main.js ...
// Needs `npm run build` first.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TOOLS, H2_ID, REPO_ROOT, requireBuild } from "./support/harness.js";

const run = promisify(execFile);

beforeAll(() => requireBuild());

async function inspector(...args: string[]): Promise<unknown> {
  // npm_config_yes=false: never download the Inspector, use the installed devDependency or fail.
  const { stdout } = await run("npx", ["@modelcontextprotocol/inspector", "--cli", "node", "dist/cli/main.js", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, npm_config_yes: "false" },
    timeout: 150_000,
  });
  return JSON.parse(stdout);
}

describe("MCP Inspector CLI", () => {
  it("lists the tools with their schemas and annotations (--method tools/list)", { timeout: 180_000 }, async () => {
    const result = (await inspector("--method", "tools/list")) as {
      tools: Array<{ name: string; annotations?: { readOnlyHint?: boolean }; outputSchema?: unknown }>;
    };
    expect(result.tools.map((tool) => tool.name)).toEqual(DEFAULT_TOOLS);
    expect(result.tools.every((tool) => tool.annotations?.readOnlyHint === true && tool.outputSchema)).toBe(true);
  });

  it("calls a tool (--method tools/call)", { timeout: 180_000 }, async () => {
    const result = (await inspector(
      "--method",
      "tools/call",
      "--tool-name",
      "get_runbook",
      "--tool-arg",
      `id=${H2_ID}`,
      "--tool-arg",
      "phase=triage",
    )) as {
      structuredContent: { id: string; phase: { name: string } };
    };
    expect(result.structuredContent.id).toBe(H2_ID);
    expect(result.structuredContent.phase.name).toBe("Triage");
  });
});
