// audit_irsa over a real MCP client (in memory): the same verdicts as the CLI's JSON, trimmed to broken
// bindings unless includeHealthy, structuredContent checked against the output schema by the client, progress
// notifications while bindings are judged, and a refusal that says what to do when arguments conflict.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { loadFleetDir } from "../../src/audit/offline.js";
import { runAudit } from "../../src/audit/run.js";
import { startInMemory, textOf, type Harness } from "../mcp/support/harness.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { generateFleet } from "../../bench/fleet.mjs";

let dir: string;
let h: Harness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-audit-mcp-"));
  await generateFleet(dir, 80);
  h = await startInMemory({ allowedPaths: [dir] });
}, 60_000);
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(args: Record<string, unknown>, onprogress?: (p: { progress: number; total?: number; message?: string }) => void) {
  const result = (await h.client.callTool(
    { name: "audit_irsa", arguments: args },
    undefined,
    onprogress ? { onprogress } : {},
  )) as CallToolResult;
  return { ...result, text: textOf(result), structured: result.structuredContent as Record<string, any> };
}

describe("audit_irsa", () => {
  it("returns broken bindings only by default, with the whole summary", async () => {
    const expected = runAudit(await loadFleetDir(dir));
    const progress: { progress: number; total?: number }[] = [];
    const r = await call({ snapshot: dir }, (p) => progress.push(p));
    expect(r.isError).toBeFalsy();
    expect(r.structured["summary"]).toEqual(expected.summary);
    expect(r.structured["shown"]).toBe("broken");
    expect(r.structured["bindings"]).toHaveLength(expected.summary.broken);
    expect(r.structured["cluster_findings"]).toEqual(expected.cluster_findings);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.progress).toBe(expected.summary.bindings);
  });

  it("includeHealthy lists every binding", async () => {
    const r = await call({ snapshot: dir, includeHealthy: true });
    expect(r.structured["shown"]).toBe("all");
    expect(r.structured["bindings"]).toHaveLength(r.structured["summary"]["bindings"]);
  });

  it("refuses live arguments next to a snapshot, saying which to drop", async () => {
    const r = await call({ snapshot: dir, cluster: "prod-eu" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("drop cluster");
  });
});
