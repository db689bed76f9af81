// Drives the real server (createServer) through the SDK client over the in-memory transport, with a logger
// whose lines the test can read. Also the paths of the test runbooks and of the built server.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type ServerDeps } from "../../../src/mcp/server.js";
import { loadClientKit, type Client } from "../../../src/mcp/sdk.js";
import { createLogger } from "../../../src/util/log.js";
import { TOOLSET_NAMES } from "../../../src/mcp/toolsets.js";

export const GOOD_RUNBOOKS = fileURLToPath(new URL("../runbooks/good", import.meta.url));
export const BROKEN_RUNBOOKS = fileURLToPath(new URL("../runbooks/broken", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** The built command as package.json's bin names it (scripts/bundle-cli.mjs). */
export const BUILT_MAIN = fileURLToPath(new URL("../../../dist/cli/main.cjs", import.meta.url));
export const H2_ID = "h2-irsa-pod-identity-confusion";
export const T1_ID = "t1-test-token-expiry";

export interface Harness {
  client: Client;
  server: ReturnType<typeof createServer>;
  /** JSON log lines the server wrote (to "stderr"), parsed. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startInMemory(deps: Partial<ServerDeps> = {}): Promise<Harness> {
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: "debug", format: "json", write: (line) => logs.push(JSON.parse(line)) });
  // Every toolset unless the test asks for fewer: most tests drive tools outside the default set.
  const server = createServer({
    runbookDirs: [GOOD_RUNBOOKS, BROKEN_RUNBOOKS],
    logger,
    validateOutput: true,
    toolsets: TOOLSET_NAMES,
    ...deps,
  });
  const { Client, InMemoryTransport } = await loadClientKit();
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: "irsa-doctor-tests", version: "0.0.0" });
  await client.connect(clientTransport);
  // The client checks structuredContent against each tool's outputSchema, but only for tools it has listed.
  await client.listTools();
  return {
    client,
    server,
    logs,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

/** The stdio tests need the build; say so plainly instead of failing with a spawn error. */
export function requireBuild(): void {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first (npm test does it).`);
  }
}

/** The text mirror of a tool result, parsed. */
export function textOf(result: { content?: unknown }): string {
  const content = result.content as Array<{ type: string; text?: string }>;
  return content.map((part) => part.text ?? "").join("");
}

/**
 * Every tool the server must offer with --toolsets all: the runbook tools, the diagnosis and phase tools, and the
 * tools the H2 runbook's steps name. Spelled out (not read from the registry) so a tool that disappears fails.
 */
export const EXPECTED_TOOLS = [
  "audit_irsa",
  "cluster_health",
  "collect",
  "correlate",
  "diagnose_irsa",
  "errors",
  "get_cloudwatch_logs",
  "get_k8s_events",
  "get_runbook",
  "irsa_phase",
  "list_access",
  "list_k8s_resources",
  "list_runbooks",
  "match_runbook",
  "read_k8s_resource",
  "search",
  "status",
  "summarize",
];

/** What a server started without --toolsets lists: the diagnosis tools and the runbook tools. */
export const DEFAULT_TOOLS = ["diagnose_irsa", "get_runbook", "irsa_phase", "list_access", "list_runbooks", "match_runbook"];
