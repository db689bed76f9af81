// The built server (dist/) over real stdio: the SDK client end to end, the fast path's bytes against the full
// start's, what is (not) loaded when tools/list is answered, and a clean exit when the client hangs up.
// Needs `npm run build` first (npm test does it); fails with that message otherwise.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadClientKit, type CallToolResult } from "../../src/mcp/sdk.js";
import { BROKEN_RUNBOOKS, BUILT_MAIN, DEFAULT_TOOLS, GOOD_RUNBOOKS, H2_ID, REPO_ROOT, T1_ID, requireBuild } from "./support/harness.js";
import { INITIALIZE_PARAMS, spawnServer, type RawReply } from "./support/stdio-process.js";

// Generous: on a loaded 2-core CI machine the first runbook load can take seconds.
const POLL = { timeout: 15_000, interval: 20 };

beforeAll(() => requireBuild());

describe("built server over stdio, through the SDK client", () => {
  it("lists and calls tools, reads a resource, renders a prompt, and reports runbook problems", async () => {
    const { Client, StdioClientTransport } = await loadClientKit();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BUILT_MAIN, "serve", "--runbooks", GOOD_RUNBOOKS, "--runbooks", BROKEN_RUNBOOKS],
      cwd: REPO_ROOT,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: "irsa-doctor-tests", version: "0.0.0" });
    const notifications: Array<{ method: string; params?: Record<string, unknown> }> = [];
    client.fallbackNotificationHandler = async (notification) => void notifications.push(notification);
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe("irsa-doctor");
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(DEFAULT_TOOLS);
      const listed = (await client.callTool({ name: "list_runbooks", arguments: {} })) as CallToolResult;
      const structured = listed.structuredContent as { runbooks: Array<{ id: string }>; errors: Array<{ file: string }> };
      expect(structured.runbooks.map((r) => r.id)).toEqual([H2_ID, T1_ID]);
      expect(structured.errors.map((e) => e.file)).toEqual([join(BROKEN_RUNBOOKS, "bad-trigger.md"), join(BROKEN_RUNBOOKS, "no-title.md")]);
      const bad = (await client.callTool({ name: "get_runbook", arguments: { id: "nope" } })) as CallToolResult;
      expect(bad.isError).toBe(true);
      const resource = await client.readResource({ uri: `runbook://${T1_ID}` });
      expect((resource.contents[0] as { text: string }).text).toBe(readFileSync(join(GOOD_RUNBOOKS, "t1-test-token-expiry.md"), "utf8"));
      const prompt = await client.getPrompt({ name: T1_ID, arguments: { cluster: "c1", namespace: "ns1", pod: "p1" } });
      expect((prompt.messages[0]?.content as { text: string }).text).toContain('name="p1"');
      await expect.poll(() => stderr, POLL).toContain("runbook problem:");
      expect(stderr).toMatch(/runbook problem: .*no-title\.md:1: missing required frontmatter field "title"/);
      await expect.poll(() => notifications.filter((n) => n.method === "notifications/message").length, POLL).toBeGreaterThan(0);
      const logged = notifications.find((n) => n.method === "notifications/message");
      expect(logged?.params?.["level"]).toBe("warning");
    } finally {
      await client.close();
    }
  });
});

describe("fast path on the wire", () => {
  async function firstAnswers(env: NodeJS.ProcessEnv, args: string[] = ["serve"]): Promise<RawReply[]> {
    const session = spawnServer(args, { env });
    const replies = [
      await session.request(1, "initialize", INITIALIZE_PARAMS),
      (session.notify("notifications/initialized"), await session.request(2, "tools/list", {})),
      await session.request(3, "tools/call", { name: "match_runbook", arguments: { error_text: "InvalidIdentityToken" } }),
    ];
    expect(await session.close()).toBe(0);
    return replies;
  }

  it("answers initialize, tools/list and a first tools/call byte-for-byte like the full start", async () => {
    const fast = await firstAnswers({});
    const full = await firstAnswers({ IRSA_DOCTOR_FAST_START: "0" });
    expect(fast).toEqual(full);
    expect((fast[2]?.result?.["structuredContent"] as { matches: Array<{ id: string }> }).matches[0]?.id).toBe(H2_ID);
  });

  it("reads a character whose bytes stdin delivers in two reads (the fast path reads the descriptor)", async () => {
    const session = spawnServer(["serve"]);
    // Answered first, so the server is reading by the time the first half arrives.
    expect(await session.request(1, "ping")).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    const reply = new Promise<RawReply>((resolve) => {
      const poll = setInterval(() => {
        const found = session.received.find((r) => r.id === "ping-é");
        if (found) resolve((clearInterval(poll), found));
      }, 10);
    });
    const bytes = Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: "ping-é", method: "ping" }) + "\n");
    const split = bytes.indexOf(Buffer.from("é")) + 1; // between the two bytes of é
    session.child.stdin.write(bytes.subarray(0, split));
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.child.stdin.write(bytes.subarray(split));
    expect(await reply).toEqual({ jsonrpc: "2.0", id: "ping-é", result: {} });
    expect(await session.close()).toBe(0);
  });

  it("serves MCP when started without a command and stdin is a pipe", async () => {
    const replies = await firstAnswers({}, []);
    expect((replies[1]?.result?.["tools"] as unknown[]).length).toBe(DEFAULT_TOOLS.length);
  });
});

describe("what is loaded when tools/list is answered", () => {
  async function modulesLoadedAtToolsList(env: NodeJS.ProcessEnv): Promise<string[]> {
    const file = join(mkdtempSync(join(tmpdir(), "irsa-doctor-imports-")), "imports.txt");
    const recorder = pathToFileURL(join(REPO_ROOT, "test/mcp/support/record-imports.mjs")).href;
    const session = spawnServer(["serve"], { env: { ...env, RECORD_IMPORTS_FILE: file }, nodeArgs: ["--import", recorder] });
    await session.request(1, "initialize", INITIALIZE_PARAMS);
    session.notify("notifications/initialized");
    await session.request(2, "tools/list", {});
    const loaded = readFileSync(file, "utf8").split("\n").filter(Boolean);
    await session.close();
    return loaded;
  }
  const matching = (urls: string[], pattern: RegExp) => urls.filter((url) => pattern.test(url));

  it("fast path: no MCP SDK, zod, runbook engine, AWS SDK or Kubernetes client", async () => {
    const loaded = await modulesLoadedAtToolsList({});
    // The built command is a bundle: its chunks list the sources they hold (record-imports-hooks.mjs).
    expect(loaded.some((url) => url.endsWith("/src/mcp/stdio/fast-front.ts"))).toBe(true);
    expect(matching(loaded, /node_modules\/(@modelcontextprotocol|zod|@aws-sdk|@kubernetes|gray-matter|yaml)\//)).toEqual([]);
    expect(matching(loaded, /\/(dist|src)\/(runbook\/|mcp\/sdk\.|mcp\/server\.)/)).toEqual([]);
  });

  it("full start (fast path off): the SDK, but still no AWS SDK or Kubernetes client", async () => {
    const loaded = await modulesLoadedAtToolsList({ IRSA_DOCTOR_FAST_START: "0" });
    expect(matching(loaded, /node_modules\/@modelcontextprotocol\/sdk\//).length).toBeGreaterThan(0);
    expect(matching(loaded, /node_modules\/(@aws-sdk|@kubernetes)\//)).toEqual([]);
  });
});

describe("process lifecycle", () => {
  it("exits 0 when the client closes stdin, even with a request still queued", async () => {
    const session = spawnServer(["serve"]);
    session.writeLine(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: INITIALIZE_PARAMS }));
    session.writeLine(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_runbooks", arguments: {} } }));
    expect(await session.close()).toBe(0);
    expect(session.received.filter((r) => r.id !== undefined).map((r) => r.id)).toEqual([1, 2]);
  });

  it("writes nothing but JSON-RPC on stdout", async () => {
    const session = spawnServer(["serve", "--log-level", "debug", "--runbooks", BROKEN_RUNBOOKS]);
    await session.request(1, "initialize", INITIALIZE_PARAMS);
    await session.request(2, "tools/call", { name: "list_runbooks", arguments: {} });
    await session.close();
    expect(session.received.every((message) => message.jsonrpc === "2.0")).toBe(true);
    expect(session.stderr()).toContain("DEBUG fast start");
  });
});
