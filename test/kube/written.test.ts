// KubeClient.written(): a live collection waits for it before loading the AWS SDK, whose loading blocks the
// event loop for tens of milliseconds. Once it resolves, the requests must be with the server even if the
// process then blocks: the server runs in a process of its own and records when each request arrived, while
// this one blocks its thread as module loading does.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { stringify } from "yaml";
import { openKubeClient } from "../../src/kube/client.js";
import { chooseContext } from "../../src/kube/context.js";

// Prints its port, then "<path> <Date.now()>" for each request; answers only when told on stdin.
const SERVER = `
const http = require("node:http");
const held = [];
const server = http.createServer((req, res) => {
  process.stdout.write(req.url + " " + Date.now() + "\\n");
  held.push(res);
});
process.stdin.on("data", () => { for (const res of held.splice(0)) res.end("{}"); });
server.listen(0, "127.0.0.1", () => process.stdout.write("port " + server.address().port + "\\n"));
`;

const BLOCK_MS = 400;
let dir: string;
let server: ChildProcess;
const lines: string[] = [];
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-written-"));
  server = spawn(process.execPath, ["-e", SERVER], { stdio: ["pipe", "pipe", "inherit"] });
  port = await new Promise<number>((resolve) => {
    server.stdout!.on("data", (d: Buffer) => {
      lines.push(...String(d).split("\n").filter(Boolean));
      const announced = lines.find((l) => l.startsWith("port "));
      if (announced) resolve(Number(announced.slice(5)));
    });
  });
});

afterAll(async () => {
  server.kill();
  await rm(dir, { recursive: true, force: true });
});

/** Blocks this thread, as evaluating a large module does. */
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

it("resolves once the requests sent so far have reached the server, before a blocked thread could send them", async () => {
  const kubeconfig = join(dir, "kubeconfig");
  await writeFile(
    kubeconfig,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "c", cluster: { server: `http://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }],
      users: [{ name: "u", user: { token: "not-a-credential" } }],
      contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
      "current-context": "ctx",
    }),
  );
  const choice = chooseContext({ kubeconfigPath: kubeconfig, audience: "cli" });
  if (!choice.ok) throw new Error(choice.message);
  const client = openKubeClient(choice.summary, { timeoutMs: 10_000 });
  try {
    const answers = ["/api/v1/namespaces/a", "/api/v1/namespaces/b", "/api/v1/namespaces/c"].map((p) => client.get(p));
    // The reads are issued from promise callbacks (each waits for the credentials), as in a collection.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await client.written();
    const blockedAt = Date.now();
    block(BLOCK_MS);
    server.stdin!.write("answer\n");
    expect(await Promise.all(answers)).toEqual(["{}", "{}", "{}"]);
    const arrivals = lines.filter((l) => l.startsWith("/api/")).map((l) => Number(l.split(" ")[1]));
    expect(arrivals).toHaveLength(3);
    // Had written() resolved before the requests were on the wire, they would have left only after the block.
    for (const at of arrivals) expect(at).toBeLessThan(blockedAt + BLOCK_MS);
  } finally {
    client.close();
  }
});
