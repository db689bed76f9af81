// Shared by the cluster tool tests: the scenario folders, an emulator with the process environment
// pointed at it (KUBECONFIG, AWS_ENDPOINT_URL, dummy keys) as an operator's shell would be, and the real
// MCP server serving just the cluster tools over the in-memory transport.

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StartedEmulator, startEmulator } from "../../src/emulator/index.js";
import type { EmulatorOptions } from "../../src/emulator/types.js";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { clusterHealth } from "../../src/mcp/tools/cluster-health.js";
import { getCloudwatchLogs } from "../../src/mcp/tools/get-cloudwatch-logs.js";
import { getK8sEvents } from "../../src/mcp/tools/get-k8s-events.js";
import { listK8sResources } from "../../src/mcp/tools/list-k8s-resources.js";
import { readK8sResource } from "../../src/mcp/tools/read-k8s-resource.js";
import { type Harness, startInMemory, textOf } from "../mcp/support/harness.js";

export const SCENARIOS = fileURLToPath(new URL("../../fixtures/scenarios", import.meta.url));
export const scenarioDir = (name: string) => join(SCENARIOS, name);
export const SECRETS_IN_POD = fileURLToPath(new URL("./fixtures/secrets-in-pod", import.meta.url));

export const HEALTHY_IRSA = "healthy--irsa";
export const AGENT_CRASHLOOP = "pod_identity.agent_not_running--agent-crashloop-on-node";
export const OIDC_MISSING = "oidc_provider.missing--never-created";

/** The clock every test server uses, so ages are reproducible. */
export const NOW = new Date("2024-05-14T10:00:00Z");

export const CLUSTER_TOOLS = [clusterHealth, getCloudwatchLogs, getK8sEvents, listK8sResources, readK8sResource];

const ENV_KEYS = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ENDPOINT_URL",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "KUBECONFIG",
];

/** Runs `fn` with the process environment set to `env` for the AWS and kubeconfig keys, then restores it. */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A scenario name (fixtures/scenarios) or an absolute snapshot folder. */
export const snapshotOf = (scenario: string) => (scenario.startsWith("/") ? scenario : scenarioDir(scenario));

export async function withEmulator<T>(
  scenario: string,
  opts: Omit<EmulatorOptions, "snapshotDir">,
  fn: (e: StartedEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ snapshotDir: snapshotOf(scenario), ...opts });
  try {
    return await withEnv(emulator.env, () => fn(emulator));
  } finally {
    await emulator.close();
  }
}

export interface Called {
  isError: boolean;
  text: string;
  structured: Record<string, any>;
}

export interface ToolServer {
  call(name: string, args: Record<string, unknown>): Promise<Called>;
  close(): Promise<void>;
  harness: Harness;
}

/** The real server (output schemas validated) serving the cluster tools. */
export async function startToolServer(): Promise<ToolServer> {
  const harness = await startInMemory({ tools: CLUSTER_TOOLS, clock: () => NOW });
  return {
    harness,
    async call(name, args) {
      const result = (await harness.client.callTool({ name, arguments: args })) as CallToolResult;
      return {
        isError: result.isError === true,
        text: textOf(result),
        structured: (result.structuredContent ?? {}) as Record<string, any>,
      };
    },
    close: () => harness.close(),
  };
}

/** Every request the emulator saw was a read: Kubernetes GETs, AWS operations named as reads. */
export function onlyReads(requests: { method: string; service: string; action: string }[]): string[] {
  return requests
    .filter((r) => (r.service === "k8s" ? r.method !== "GET" : !/^(Get|List|Describe|Filter|LookupEvents)/.test(r.action)))
    .map((r) => `${r.method} ${r.service} ${r.action}`);
}
