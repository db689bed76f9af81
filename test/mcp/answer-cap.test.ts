// One answer may carry at most ANSWER_CAP characters: past it a tool's answer becomes an isError result that
// names the size and the arguments that narrow the call, and the server keeps serving. The errors tool caps
// its own list of findings first, with a count of what it left out.

import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { defineTool } from "../../src/mcp/tool.js";
import { ANSWER_CAP } from "../../src/mcp/tool-adapter.js";
import { allTools } from "../../src/mcp/tools/index.js";
import { startInMemory, textOf, type Harness } from "./support/harness.js";
import { BUNDLE_TGZ } from "../logtools/support/engine.js";

/** Answers `lines` lines of 1 KiB each: small or far over the cap, as asked. */
const lister = defineTool({
  name: "big_lister",
  title: "Big lister",
  description: "Test tool: lists as many one-kilobyte lines as asked, to cross the answer cap.",
  kind: "read",
  openWorld: false,
  input: { lines: z.number().int(), prefix: z.string().optional() },
  output: z.object({ lines: z.array(z.string()) }),
  async run(args) {
    return { lines: Array.from({ length: args.lines }, (_, i) => `${args.prefix ?? ""}${i}`.padEnd(1024, ".")) };
  },
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const call = async (name: string, args: Record<string, unknown>) => (await h!.client.callTool({ name, arguments: args })) as CallToolResult;

describe("the answer cap", () => {
  it("refuses an answer over the cap with its size and the optional arguments to narrow it, and keeps serving", async () => {
    h = await startInMemory({ tools: [lister] });
    const over = Math.ceil(ANSWER_CAP / 1024) + 10;
    const big = await call("big_lister", { lines: over });
    expect(big.isError).toBe(true);
    expect(textOf(big)).toMatch(
      new RegExp(
        `^The answer of big_lister is \\d+ KiB, over the ${ANSWER_CAP / 1024} KiB one answer may carry: pass prefix to narrow it\\.$`,
      ),
    );
    const small = await call("big_lister", { lines: 3 });
    expect(small.isError).toBeFalsy();
    expect((small.structuredContent as { lines: string[] }).lines).toHaveLength(3);
  });
});

describe("errors: maxFindings", () => {
  it("lists the first findings, the most severe first, and counts the rest", async () => {
    h = await startInMemory({ tools: allTools });
    const started = await call("collect", { path: BUNDLE_TGZ });
    const { executionId, instanceId } = started.structuredContent as { executionId: string; instanceId: string };
    await expect
      .poll(async () => ((await call("status", { executionId })).structuredContent as { status: string }).status, { timeout: 20_000 })
      .toBe("done");
    const all = (await call("errors", { instanceId })).structuredContent as { findings: { id: string }[]; findings_omitted: number };
    expect(all.findings.length).toBeGreaterThan(1);
    expect(all.findings_omitted).toBe(0);
    const one = (await call("errors", { instanceId, maxFindings: 1 })).structuredContent as {
      findings: { id: string }[];
      findings_omitted: number;
    };
    expect(one.findings).toEqual(all.findings.slice(0, 1));
    expect(one.findings_omitted).toBe(all.findings.length - 1);
  });
});
