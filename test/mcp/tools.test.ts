// The runbook tools through the real server and the SDK client (in-memory transport): listing, each tool's
// answers, and every way a call can go wrong without taking the server down.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { allTools } from "../../src/mcp/tools/index.js";
import { NO_MATCH_NOTE } from "../../src/mcp/tools/match-runbook.js";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { defineTool, fail } from "../../src/mcp/tool.js";
import { BROKEN_RUNBOOKS, EXPECTED_TOOLS, GOOD_RUNBOOKS, H2_ID, T1_ID, startInMemory, textOf, type Harness } from "./support/harness.js";
import { getLogPattern } from "../../src/logs/patterns/index.js";

let h: Harness;
beforeEach(async () => {
  h = await startInMemory();
});
afterEach(async () => {
  await h.close();
});

async function call(name: string, args: Record<string, unknown>) {
  const result = (await h.client.callTool({ name, arguments: args })) as CallToolResult;
  return { ...result, text: textOf(result) };
}

describe("tools/list", () => {
  it("lists every registry tool, sorted, with read-only annotations and object input/output schemas", async () => {
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(EXPECTED_TOOLS);
    expect(allTools.map((t) => t.name)).toEqual([...allTools.map((t) => t.name)].sort());
    // Only the runbook tools and status (a collection's progress) stay inside this process; the others reach
    // a cluster, AWS or log files.
    const local = ["get_runbook", "list_access", "list_runbooks", "match_runbook", "status"];
    for (const tool of tools) {
      expect(tool.annotations).toEqual({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: !local.includes(tool.name),
      });
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.description?.length).toBeGreaterThan(40);
    }
  });
});

describe("list_runbooks", () => {
  it("returns the bundled H2 runbook and the extra folder's runbook, sorted by id, with a text mirror", async () => {
    const result = await call("list_runbooks", {});
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { runbooks: Array<{ id: string; phases: string[]; file: string }> };
    expect(structured.runbooks.map((r) => r.id)).toEqual([H2_ID, T1_ID]);
    expect(structured.runbooks[0]).toMatchObject({ severity: "HIGH", status: "active", phases: ["Triage", "Enrich", "Report"] });
    expect(structured.runbooks[1]?.file).toBe(`${GOOD_RUNBOOKS}/t1-test-token-expiry.md`);
    expect(JSON.parse(result.text)).toEqual(result.structuredContent);
  });

  it("reports runbook files that failed to load with file and line, and logs them on stderr", async () => {
    const { errors } = (await call("list_runbooks", {})).structuredContent as {
      errors: Array<{ file: string; line: number | null; message: string }>;
    };
    expect(errors.map((e) => e.file)).toEqual([`${BROKEN_RUNBOOKS}/bad-trigger.md`, `${BROKEN_RUNBOOKS}/no-title.md`]);
    expect(errors[0]?.line).toBe(7);
    expect(errors[0]?.message).toContain("(?<=look)behind");
    expect(errors[1]?.message).toContain('"title"');
    const problems = h.logs.filter((line) => String(line["msg"]).startsWith("runbook problem:"));
    expect(problems.map((line) => line["level"])).toEqual(["warn", "warn"]);
    expect(String(problems[1]?.["msg"])).toContain("no-title.md:1:");
  });
});

describe("get_runbook", () => {
  it("returns the parsed runbook without its markdown", async () => {
    const result = await call("get_runbook", { id: H2_ID });
    const structured = result.structuredContent as { id: string; runbook: Record<string, unknown>; phase?: unknown };
    expect(structured.id).toBe(H2_ID);
    expect(structured.phase).toBeUndefined();
    expect(structured.runbook).not.toHaveProperty("markdown");
    expect(structured.runbook["triggers"]).toContain("ExpiredTokenException");
    expect((structured.runbook["phases"] as unknown[]).length).toBe(3);
  });

  it.each([
    [2, "Enrich"],
    ["2", "Enrich"],
    ["triage", "Triage"],
    ["REPORT", "Report"],
  ])("returns one phase when phase=%j", async (phase, name) => {
    const result = await call("get_runbook", { id: H2_ID, phase });
    const structured = result.structuredContent as { phase: { name: string; steps: unknown[] }; runbook?: unknown };
    expect(structured.phase.name).toBe(name);
    expect(structured.phase.steps.length).toBeGreaterThan(0);
    expect(structured.runbook).toBeUndefined();
  });

  it("answers an unknown phase with an error listing the valid ones", async () => {
    const result = await call("get_runbook", { id: H2_ID, phase: "remediate" });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      `Runbook "${H2_ID}" has no phase "remediate". Valid phases, by number or name: 1 (Triage), 2 (Enrich), 3 (Report).`,
    );
    expect((await call("get_runbook", { id: H2_ID, phase: 9 })).text).toContain('no phase "9"');
  });

  it("answers an unknown id with an error listing the known ids", async () => {
    const result = await call("get_runbook", { id: "h3-nope" });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(`No runbook with id "h3-nope". Known runbook ids: ${H2_ID}, ${T1_ID}.`);
  });
});

describe("match_runbook", () => {
  it("matches an AssumeRoleWithWebIdentity AccessDenied to H2 with the trigger that matched", async () => {
    const text = "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized";
    const result = await call("match_runbook", { error_text: text });
    expect(result.structuredContent).toEqual({
      matches: [
        {
          id: H2_ID,
          title: "H2 — IRSA / Pod Identity Confusion",
          matched_triggers: ["AccessDenied.*AssumeRoleWithWebIdentity"],
          // botocore's "(AccessDenied) when calling the AssumeRoleWithWebIdentity operation" is STS's refusal
          // even with the message cut after "Not authorized": the library recognises it too.
          recognised_messages: [
            {
              pattern_id: "sts.web_identity_access_denied",
              meaning: getLogPattern("sts.web_identity_access_denied")!.meaning,
            },
          ],
          score: 1,
        },
      ],
    });
  });

  it("finds H2 for a Pod Identity agent timeout that no trigger names, through the diagnosis's pattern library", async () => {
    const text = `botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from container-role: Error retrieving metadata: Received error when attempting to retrieve container metadata: Connect timeout on endpoint URL: "http://169.254.170.23/v1/credentials"`;
    const matches = (await call("match_runbook", { error_text: text })).structuredContent as {
      matches: Array<{ id: string; matched_triggers: string[]; recognised_messages: Array<{ pattern_id: string }>; score: number }>;
    };
    expect(matches.matches).toHaveLength(1);
    expect(matches.matches[0]).toMatchObject({
      id: H2_ID,
      matched_triggers: [],
      score: 1,
      recognised_messages: [{ pattern_id: "pod_identity.agent_timeout" }],
    });
  });

  it("ranks the runbook with more matching triggers first", async () => {
    const result = await call("match_runbook", { error_text: "ExpiredTokenException: the token has expired" });
    const matches = (result.structuredContent as { matches: Array<{ id: string; score: number; matched_triggers: string[] }> }).matches;
    expect(matches.map((m) => [m.id, m.score])).toEqual([
      [T1_ID, 2],
      [H2_ID, 1],
    ]);
    expect(matches[0]?.matched_triggers).toEqual(["ExpiredTokenException", "token (has )?expired"]);
  });

  it("returns no matches for an unrelated error", async () => {
    expect((await call("match_runbook", { error_text: "disk full" })).structuredContent).toEqual({ matches: [], note: NO_MATCH_NOTE });
    expect(NO_MATCH_NOTE).toContain("diagnose_irsa still applies");
  });
});

describe("bad calls", () => {
  it("answers a missing required argument with isError naming it and the expected arguments", async () => {
    const result = await call("get_runbook", {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Invalid arguments for get_runbook: "id": .*expected string/);
    expect(result.text).toContain("Expected arguments: id (required: Runbook id");
    expect(result.text).toContain("phase (optional");
  });

  it("rejects an unknown argument instead of ignoring it", async () => {
    const result = await call("get_runbook", { runbook_id: H2_ID, id: H2_ID });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('unknown argument(s) "runbook_id"');
  });

  it("rejects a wrong type and an empty error_text", async () => {
    expect((await call("get_runbook", { id: H2_ID, phase: true })).text).toContain('"phase":');
    const empty = await call("match_runbook", { error_text: "" });
    expect(empty.isError).toBe(true);
    expect(empty.text).toContain('"error_text":');
  });

  it("answers an unknown tool with JSON-RPC -32602 listing the tools (the specification's protocol error)", async () => {
    await expect(call("diagnose_everything", {})).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining(
        `Unknown tool "diagnose_everything". This server has: ${EXPECTED_TOOLS.join(", ")}. Call tools/list for their arguments.`,
      ),
    });
  });
});

describe("cursors", () => {
  it("a cursor this server never gave is JSON-RPC -32602 on every list (everything comes in one page)", async () => {
    for (const list of [
      () => h.client.listTools({ cursor: "page-2" }),
      () => h.client.listPrompts({ cursor: "page-2" }),
      () => h.client.listResources({ cursor: "page-2" }),
      () => h.client.listResourceTemplates({ cursor: "page-2" }),
    ]) {
      await expect(list()).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('Invalid cursor "page-2"') });
    }
    expect((await h.client.listTools()).nextCursor).toBeUndefined();
  });
});

describe("bugs in a tool", () => {
  const throwing = defineTool({
    name: "throwing_tool",
    title: "Throws",
    description: "A test tool whose run() throws, standing in for a bug.",
    kind: "read",
    openWorld: false,
    input: {},
    output: z.object({ ok: z.boolean() }),
    async run() {
      throw new Error("kaboom");
    },
  });
  const lying = defineTool({
    name: "lying_tool",
    title: "Lies",
    description: "A test tool whose answer breaks its own output schema.",
    kind: "read",
    openWorld: false,
    input: {},
    output: z.object({ ok: z.boolean() }),
    async run() {
      return { ok: "yes" } as unknown as { ok: boolean };
    },
  });
  const refusing = defineTool({
    name: "refusing_tool",
    title: "Refuses",
    description: "A test tool that returns an expected failure.",
    kind: "read",
    openWorld: true,
    input: {},
    output: z.object({ ok: z.boolean() }),
    async run() {
      return fail("Pass a cluster name; none was given.");
    },
  });

  beforeEach(async () => {
    await h.close();
    h = await startInMemory({ tools: [...allTools, throwing, lying, refusing] });
  });

  it("turns an exception into an isError result, logs it with its stack, and keeps serving", async () => {
    const result = await call("throwing_tool", {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Internal error in throwing_tool: kaboom\. This is a bug in irsa-doctor/);
    const logged = h.logs.find((line) => line["tool"] === "throwing_tool");
    expect(logged?.["level"]).toBe("error");
    expect((logged?.["error"] as { stack: string }).stack).toContain("kaboom");
    expect((await call("list_runbooks", {})).isError).toBeFalsy();
  });

  it("catches structuredContent that breaks the output schema before it leaves the server", async () => {
    const result = await call("lying_tool", {});
    expect(result.isError).toBe(true);
    expect(result.text).toContain("did not match its declared output schema");
    expect(h.logs.some((line) => line["tool"] === "lying_tool" && String(line["msg"]).includes("output schema"))).toBe(true);
  });

  it("returns an expected failure as isError with the tool's own message and logs nothing", async () => {
    const result = await call("refusing_tool", {});
    expect(result).toMatchObject({ isError: true, text: "Pass a cluster name; none was given." });
    expect(h.logs.filter((line) => line["level"] === "error")).toEqual([]);
  });

  it("derives openWorldHint from the definition", async () => {
    const { tools } = await h.client.listTools();
    expect(tools.find((t) => t.name === "refusing_tool")?.annotations?.openWorldHint).toBe(true);
  });
});

describe("defineTool", () => {
  it("rejects a name that is not snake_case", () => {
    const base = { title: "x", description: "x", kind: "read" as const, openWorld: false, input: {}, output: z.object({}) };
    expect(() => defineTool({ ...base, name: "getRunbook", run: async () => ({}) })).toThrow(/snake_case/);
    expect(() => defineTool({ ...base, name: "get-runbook", run: async () => ({}) })).toThrow(/snake_case/);
  });
});
