// Calls the log tools the way the server does — arguments checked by the tool's input schema, the answer
// checked by its output schema — with a ToolContext built like the server's (a real runbook catalog).

import { expect } from "vitest";
import { z } from "zod";
import { createRunbookCatalog } from "../../../src/runbook/catalog.js";
import { ToolFailure, type AnyToolDefinition, type ToolContext } from "../../../src/mcp/tool.js";
import { allTools } from "../../../src/mcp/tools/index.js";
import { silentLogger } from "../../../src/util/log.js";
import { FIXED_NOW } from "./engine.js";

export function toolContext(extraDirs: string[] = []): ToolContext {
  return {
    runbooks: createRunbookCatalog({ extraDirs, logger: silentLogger() }),
    state: {},
    logger: silentLogger(),
    clock: () => FIXED_NOW,
    signal: new AbortController().signal,
  };
}

const LOG_TOOLS = ["collect", "correlate", "errors", "search", "status", "summarize"];
const byName = new Map(allTools.filter((t) => LOG_TOOLS.includes(t.name)).map((t) => [t.name, t]));

export type ToolAnswer = { ok: true; value: Record<string, any> } | { ok: false; message: string };

export async function callTool(ctx: ToolContext, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const tool = byName.get(name) as AnyToolDefinition;
  const parsed = z.strictObject(tool.input).parse(args);
  const outcome = await tool.run(parsed, ctx);
  if (outcome instanceof ToolFailure) return { ok: false, message: outcome.message };
  const checked = tool.output.safeParse(outcome);
  expect(checked.success, checked.success ? "" : JSON.stringify(checked.error.issues)).toBe(true);
  return { ok: true, value: outcome as Record<string, any> };
}

export async function value(answer: Promise<ToolAnswer>): Promise<Record<string, any>> {
  const a = await answer;
  if (!a.ok) throw new Error(`expected an answer, got the failure: ${a.message}`);
  return a.value;
}

export async function failure(answer: Promise<ToolAnswer>): Promise<string> {
  const a = await answer;
  if (a.ok) throw new Error(`expected a failure, got ${JSON.stringify(a.value).slice(0, 300)}`);
  return a.message;
}

/** collect, then status until done; returns the final status answer. */
export async function collectThroughTools(ctx: ToolContext, args: Record<string, unknown>): Promise<Record<string, any>> {
  const started = await value(callTool(ctx, "collect", args));
  expect(started.status).toBe("running");
  let status: Record<string, any> = {};
  await expect
    .poll(async () => (status = await value(callTool(ctx, "status", { executionId: started.executionId }))).status, {
      timeout: 20_000,
      interval: 20,
    })
    .not.toBe("running");
  return status;
}
