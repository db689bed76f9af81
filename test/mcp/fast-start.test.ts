// The stdio fast path, in-process: the front's answers from the startup manifest must equal the real server's
// (initialize for several protocol versions, tools/list), and a session that starts on the front must hand
// over to the real server without losing, duplicating or reordering anything.

import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { buildStartupManifest } from "../../src/mcp/stdio/manifest-build.js";
import { TOOLSET_NAMES } from "../../src/mcp/toolsets.js";
import { createFastFront } from "../../src/mcp/stdio/fast-front.js";
import { serveStdio } from "../../src/mcp/stdio/serve.js";
import { createServer } from "../../src/mcp/server.js";
import { loadClientKit, type JSONRPCMessage } from "../../src/mcp/sdk.js";
import { createLogger, silentLogger } from "../../src/util/log.js";
import { GOOD_RUNBOOKS, T1_ID } from "./support/harness.js";

// Generous: on a loaded 2-core CI machine the first runbook load can take seconds.
const POLL = { timeout: 15_000, interval: 20 };

type Reply = { id?: number; result?: Record<string, unknown>; error?: { code: number; message: string } };

const initialize = (id: number, protocolVersion: string) => ({
  jsonrpc: "2.0" as const,
  id,
  method: "initialize",
  params: { protocolVersion, capabilities: {}, clientInfo: { name: "t", version: "0" } },
});

describe("startup manifest and fast front", () => {
  it.each(["2025-11-25", "2025-06-18", "2024-11-05", "1999-01-01"])(
    "answers initialize for protocol %s exactly as the real server does",
    async (version) => {
      const { InMemoryTransport } = await loadClientKit();
      // The manifest holds every tool; serveStdio cuts it to the toolsets, so compare with a server of all of them.
      const server = createServer({ runbookDirs: [], logger: silentLogger(), toolsets: TOOLSET_NAMES });
      const [client, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const replies: Reply[] = [];
      client.onmessage = (message: JSONRPCMessage) => void replies.push(message as Reply);
      await client.start();
      await client.send(initialize(1, version));
      await client.send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
      await expect.poll(() => replies.length, POLL).toBe(2);
      const front = createFastFront(buildStartupManifest());
      const early = front(initialize(1, version));
      expect(early.kind).toBe("answered-replay");
      expect(early.kind === "answered-replay" && early.response?.["result"]).toEqual(replies[0]?.result);
      const listed = front({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
      expect(listed.kind === "answered" && listed.response["result"]).toEqual(replies[1]?.result);
      await client.close();
      await server.close();
    },
  );

  it("queues what it cannot answer from the manifest", () => {
    const front = createFastFront(buildStartupManifest());
    expect(front({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_runbooks" } })).toEqual({ kind: "queue" });
    expect(front({ jsonrpc: "2.0", id: 4, method: "tools/list", params: { cursor: "x" } })).toEqual({ kind: "queue" });
    expect(front({ jsonrpc: "2.0", id: 5, method: "initialize", params: {} })).toEqual({ kind: "queue" });
  });
});

describe("stdio session over the fast path", () => {
  let input: PassThrough;
  afterEach(() => input?.end());

  function start(idleMs = 20) {
    input = new PassThrough();
    const output = new PassThrough();
    const replies: Reply[] = [];
    const logs: string[] = [];
    let buffered = "";
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      // Answers only: logging notifications (no id) are not what these tests count.
      for (const line of lines) if ("id" in JSON.parse(line)) replies.push(JSON.parse(line) as Reply);
    });
    const logger = createLogger({ level: "debug", write: (line) => logs.push(line) });
    const session = serveStdio({
      runbookDirs: [GOOD_RUNBOOKS],
      includeBundledRunbooks: false,
      logger,
      input,
      output,
      idleMs,
      manifest: buildStartupManifest(),
    });
    const send = (message: unknown) => input.write(JSON.stringify(message) + "\n");
    return { session, send, replies, logs };
  }

  it("answers initialize and tools/list before the server is up, then serves tools/call after the handover", async () => {
    const { session, send, replies, logs } = start(10_000);
    send(initialize(1, "2025-06-18"));
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    await expect.poll(() => replies.length, POLL).toBe(2);
    let ready = false;
    void session.ready.then(() => (ready = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ready).toBe(false); // long idle time: still on the front
    send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_runbooks", arguments: {} } });
    await session.ready;
    await expect.poll(() => replies.length, POLL).toBe(3);
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3]); // the replayed initialize is not answered twice
    const listed = replies[2]?.result?.["structuredContent"] as { runbooks: Array<{ id: string }> };
    expect(listed.runbooks.map((r) => r.id)).toEqual([T1_ID]);
    expect(logs.join("\n")).not.toContain("stale");
  });

  it("hands over by itself once the client goes quiet", async () => {
    const { session, send, replies } = start(20);
    send(initialize(1, "2025-11-25"));
    await session.ready;
    send({ jsonrpc: "2.0", id: 2, method: "prompts/list" });
    await expect.poll(() => replies.length, POLL).toBe(2);
    expect((replies[1]?.result?.["prompts"] as Array<{ name: string }>).map((p) => p.name)).toEqual([T1_ID]);
  });

  it("ignores a line that is not JSON, logs it, and keeps serving", async () => {
    const { session, send, replies, logs } = start(20);
    input.write("this is not json\n");
    send({ jsonrpc: "2.0", id: 7, method: "ping" });
    await expect.poll(() => replies.length, POLL).toBe(1);
    expect(replies[0]).toEqual({ jsonrpc: "2.0", id: 7, result: {} });
    expect(logs.some((line) => line.includes("ignored a line that is not JSON"))).toBe(true);
    await session.ready;
    send({ jsonrpc: "2.0", id: 8, method: "resources/templates/list" });
    await expect.poll(() => replies.length, POLL).toBe(2);
    expect(replies[1]?.id).toBe(8);
  });

  it("warns when the manifest's tools differ from the server's (a stale build)", async () => {
    input = new PassThrough();
    const logs: string[] = [];
    const stale = { ...buildStartupManifest(), tools: [] };
    const session = serveStdio({
      runbookDirs: [],
      logger: createLogger({ write: (line) => logs.push(line) }),
      input,
      output: new PassThrough(),
      manifest: stale,
      idleMs: 1,
    });
    input.write(JSON.stringify(initialize(1, "2025-11-25")) + "\n");
    await session.ready;
    expect(logs.some((line) => line.includes("startup manifest's tools differ"))).toBe(true);
  });
});
