// The executable runbook end to end, as an agent sees it: the built server over stdio with the SDK client,
// diagnose_irsa once, and the three phases walked with diagnosis_id, from a snapshot and live through the
// emulator: the same cause every way, every structuredContent valid against the tool's outputSchema.
// Also diagnose_irsa through the MCP Inspector CLI. Needs `npm run build` first.

import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { loadClientKit, type CallToolResult, type Client } from "../../src/mcp/sdk.js";
import { startEmulator } from "../../src/emulator/index.js";
import { BUILT_MAIN, REPO_ROOT, requireBuild } from "./support/harness.js";

const SCENARIO = "trust_policy.subject_mismatch--other-namespace";
const SNAPSHOT = join(REPO_ROOT, "fixtures", "scenarios", SCENARIO);
const CAUSE = "trust_policy.subject_mismatch";
const TARGET = { namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4q", cluster: "prod-eu" };

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator({ snapshotDir: SNAPSHOT });
});
afterAll(async () => emulator?.close());

async function connect(env: NodeJS.ProcessEnv): Promise<Client> {
  const { Client, StdioClientTransport } = await loadClientKit();
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUILT_MAIN, "serve"],
    cwd: REPO_ROOT,
    env: defined,
    stderr: "pipe",
  });
  const client = new Client({ name: "irsa-doctor-e2e", version: "0.0.0" });
  await client.connect(transport);
  return client;
}

/** Calls a tool and checks its structuredContent against the outputSchema the server listed for it. */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { tools } = await client.listTools();
  const schema = tools.find((t) => t.name === name)?.outputSchema;
  expect(schema, `${name} has an outputSchema`).toBeDefined();
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  const ajv = new Ajv({ strict: false });
  const validate = ajv.compile(schema!);
  expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
  return result.structuredContent as Record<string, unknown>;
}

async function walk(client: Client, evidence: Record<string, unknown>) {
  const once = await call(client, "diagnose_irsa", evidence);
  const triage = await call(client, "irsa_phase", { phase: "triage", ...evidence });
  const id = triage["diagnosis_id"];
  expect(typeof id).toBe("string");
  // Each summary's `next` is the call to make: followed as an agent would, it walks enrich, then report.
  const next = (phase: Record<string, unknown>) => phase["next"] as { tool: string; arguments: Record<string, unknown> };
  expect(next(triage)).toMatchObject({ tool: "irsa_phase", arguments: { phase: "enrich", diagnosisId: id } });
  const enrich = await call(client, next(triage).tool, next(triage).arguments);
  const report = await call(client, next(enrich).tool, next(enrich).arguments);
  expect([enrich["phase"], report["phase"]]).toEqual([
    { number: 2, name: "Enrich" },
    { number: 3, name: "Report" },
  ]);
  return { once, triage, enrich, report };
}

const causeOf = (phase: Record<string, unknown>): unknown => (phase["report"] as { cause_id?: unknown } | undefined)?.cause_id;

describe("the H2 runbook over stdio", () => {
  it("from a snapshot: diagnose_irsa and the three phases name the same cause", { timeout: 120_000 }, async () => {
    const client = await connect(process.env);
    try {
      const { once, triage, enrich, report } = await walk(client, { snapshot: SNAPSHOT });
      expect(once["cause_id"]).toBe(CAUSE);
      expect((triage["steps"] as unknown[]).length).toBeGreaterThan(0);
      expect((enrich["steps"] as unknown[]).length).toBeGreaterThan(0);
      expect(causeOf(report)).toBe(CAUSE);
    } finally {
      await client.close();
    }
  });

  it("live through the emulator: the same cause, and the emulator saw only reads", { timeout: 120_000 }, async () => {
    const client = await connect({ ...process.env, ...emulator.env } as NodeJS.ProcessEnv);
    try {
      const { once, report } = await walk(client, TARGET);
      expect(once["cause_id"]).toBe(CAUSE);
      expect(causeOf(report)).toBe(CAUSE);
    } finally {
      await client.close();
    }
    const writes = emulator
      .requests()
      .filter((r) => (r.service === "k8s" ? r.method !== "GET" : !/^(Get|List|Describe|LookupEvents|FilterLogEvents)/.test(r.action)));
    expect(writes).toEqual([]);
  });

  it("the MCP Inspector CLI runs diagnose_irsa on a snapshot", { timeout: 180_000 }, async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      [
        "@modelcontextprotocol/inspector",
        "--cli",
        "node",
        "dist/cli/main.js",
        "--method",
        "tools/call",
        "--tool-name",
        "diagnose_irsa",
        "--tool-arg",
        `snapshot=${SNAPSHOT}`,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, npm_config_yes: "false" }, timeout: 150_000 },
    );
    expect((JSON.parse(stdout) as { structuredContent: { cause_id: string } }).structuredContent.cause_id).toBe(CAUSE);
  });
});
