// The log tools served by the real server over the SDK's in-memory transport: listed read-only with their
// schemas, answering with structuredContent the client validates, and expected failures as isError results.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { allTools } from "../../src/mcp/tools/index.js";
import { startInMemory, textOf, type Harness } from "../mcp/support/harness.js";
import { BUNDLE_TGZ } from "./support/engine.js";

let h: Harness;
beforeEach(async () => {
  h = await startInMemory({ tools: allTools });
});
afterEach(async () => {
  await h.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await h.client.callTool({ name, arguments: args })) as CallToolResult;

describe("log tools over MCP", () => {
  it("are registered and listed read-only, with object input and output schemas, under the runbook's names", async () => {
    const { tools } = await h.client.listTools();
    const mine = tools.filter((t) => ["collect", "correlate", "errors", "search", "status", "summarize"].includes(t.name));
    expect(mine.map((t) => t.name).sort()).toEqual(["collect", "correlate", "errors", "search", "status", "summarize"]);
    for (const tool of mine) {
      expect(tool.annotations?.readOnlyHint).toBe(true);
      expect(tool.annotations?.destructiveHint).toBe(false);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
    }
  });

  it("collect, status and errors answer with structured content; an unknown id is an isError result", async () => {
    const started = await call("collect", { path: BUNDLE_TGZ });
    expect(started.isError).toBeFalsy();
    const { executionId, instanceId } = started.structuredContent as { executionId: string; instanceId: string };
    await expect
      .poll(async () => ((await call("status", { executionId })).structuredContent as { status: string }).status, { timeout: 20_000 })
      .toBe("done");
    const errors = await call("errors", { instanceId, severity: "high" });
    expect(errors.isError).toBeFalsy();
    expect(JSON.parse(textOf(errors))).toEqual(errors.structuredContent);
    expect((errors.structuredContent as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    const missing = await call("errors", { instanceId: "i-0123456789abcdef0" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain("call collect first");
    const badArgs = await call("search", { instanceId, query: "x", maxResults: 5000 });
    expect(badArgs.isError).toBe(true);
    expect(textOf(badArgs)).toContain('"maxResults"');
  });
});
