// The MCP server on bad bundles, over real stdio with the built server (issue 9): five calls on a bundle whose
// target.yaml is a FIFO each come back at once as a tool error saying so (they used to block the server's
// file threads until every later call timed out), a bundle with junk-typed objects is diagnosed with
// warnings instead of "Internal error ... bug", the server keeps answering, and it exits when stdin closes.
// Needs `npm run build` first (npm test does it).

import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_MAIN, REPO_ROOT, requireBuild } from "../mcp/support/harness.js";

let folder: string;
beforeAll(() => {
  requireBuild();
  folder = mkdtempSync(join(tmpdir(), "irsa-doctor-serve-bad-"));
  const scenario = join(REPO_ROOT, "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace");
  cpSync(scenario, join(folder, "fifo"), { recursive: true });
  rmSync(join(folder, "fifo", "target.yaml"));
  execFileSync("mkfifo", [join(folder, "fifo", "target.yaml")]);
  cpSync(scenario, join(folder, "junk"), { recursive: true });
  writeFileSync(
    join(folder, "junk", "k8s", "serviceaccount-payments-api.yaml"),
    "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: payments-api\n  namespace: payments\n  annotations: eks.amazonaws.com/role-arn\n",
  );
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A JSON-RPC session with `irsa-doctor serve` over its stdin/stdout, as an MCP client speaks it. */
function serve(): {
  child: ChildProcessWithoutNullStreams;
  call(method: string, params: object): Promise<any>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BUILT_MAIN, "serve", "--allow-path", folder], { cwd: REPO_ROOT, stdio: "pipe" });
  const pending = new Map<number, (value: any) => void>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    const message = JSON.parse(line) as { id?: number };
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  child.stderr.resume();
  let id = 0;
  return {
    child,
    call(method, params) {
      const mine = ++id;
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: mine, method, params })}\n`);
      return new Promise((resolve) => pending.set(mine, resolve));
    },
    exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
  };
}

describe("serve on bad bundles", () => {
  it("stays responsive, answers bad input as tool errors and exits when stdin closes", async () => {
    const server = serve();
    await server.call("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "hardening", version: "0" } });
    server.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);

    const started = Date.now();
    const fifoCalls = await Promise.all(
      Array.from({ length: 5 }, () => server.call("tools/call", { name: "diagnose_irsa", arguments: { snapshot: join(folder, "fifo") } })),
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    for (const answer of fifoCalls) {
      const text = JSON.stringify(answer);
      expect(answer.result?.isError, text).toBe(true);
      expect(text).toContain("is a FIFO (named pipe): only regular files are read");
      expect(text).not.toMatch(/Internal error|bug/i);
    }

    const junk = await server.call("tools/call", { name: "diagnose_irsa", arguments: { snapshot: join(folder, "junk") } });
    const junkText = JSON.stringify(junk);
    expect(junk.result?.isError, junkText).not.toBe(true);
    expect(junkText).toContain("root_cause");
    expect(junkText).not.toMatch(/Internal error|TypeError/);

    const listed = await server.call("tools/call", { name: "list_runbooks", arguments: {} });
    expect(JSON.stringify(listed)).toContain("h2-irsa-pod-identity-confusion");

    server.child.stdin.end();
    const timer = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
    const code = await server.exited;
    clearTimeout(timer);
    expect(code).toBe(0);
  });
});
