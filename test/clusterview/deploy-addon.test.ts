// deploy/'s runbook-tools add-ons are exact: every runbook tool that reads Kubernetes or AWS is called
// through the real MCP server against the emulator, in each argument form, and the emulator's request
// record must be allowed by the base grants plus the add-on, while the add-on holds nothing the requests did
// not need or the base already grants. test/collect/deploy.test.ts does the same for the base files.
//
// The kubelet log (collect with an instanceId) is read through nodes/proxy, which the emulator does not
// serve: it answers 404, but the request is in the record, and the record is what the grant follows.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SUPPORTED_KINDS, lookupKind } from "../../src/clusterview/kinds.js";
import type { RecordedRequest } from "../../src/emulator/types.js";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { allTools } from "../../src/mcp/tools/index.js";
import { type Harness, startInMemory, textOf } from "../mcp/support/harness.js";
import { AGENT_CRASHLOOP, HEALTHY_IRSA, NOW, onlyReads, snapshotOf, withEmulator } from "./helpers.js";

const DEPLOY = (p: string) => fileURLToPath(new URL(`../../deploy/${p}`, import.meta.url));
const SCENARIOS = [HEALTHY_IRSA, "healthy--pod-identity", AGENT_CRASHLOOP];
const RUNBOOK_TOOLS = [
  "list_k8s_resources",
  "read_k8s_resource",
  "get_k8s_events",
  "cluster_health",
  "get_cloudwatch_logs",
  "collect",
  "status",
  "errors",
  "search",
  "correlate",
  "summarize",
];

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}
interface Statement {
  Effect: string;
  Action: string[];
  Resource: string | string[];
}

const requests: RecordedRequest[] = [];
/** The CloudWatch log groups get_cloudwatch_logs read, as the ARNs IAM checks FilterLogEvents against. */
const logGroupArns: string[] = [];

let harness: Harness;
async function call(name: string, args: Record<string, unknown>): Promise<Record<string, any>> {
  const result = (await harness.client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} ${JSON.stringify(args)} failed: ${textOf(result)}`);
  return (result.structuredContent ?? {}) as Record<string, any>;
}

/**
 * A read of a kind in a namespace the bundle never looked in (events of kube-system, DaemonSets of the target
 * namespace): the emulator refuses it as not collected, as offline reads the bundle, but the request is in
 * the record, and the record is what the grant follows.
 */
async function callOrNotCollected(name: string, args: Record<string, unknown>): Promise<Record<string, any> | undefined> {
  const result = (await harness.client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError && textOf(result).includes("the snapshot did not collect this (irsa-doctor emulator)")) return undefined;
  if (result.isError) throw new Error(`${name} ${JSON.stringify(args)} failed: ${textOf(result)}`);
  return (result.structuredContent ?? {}) as Record<string, any>;
}

/** collect, then status until done, then every tool that reads the collected logs again. */
async function collectAndScan(args: Record<string, unknown>): Promise<void> {
  const started = await call("collect", args);
  const deadline = Date.now() + 20_000;
  let status = "running";
  while (status === "running" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = (await call("status", { executionId: started["executionId"] }))["status"];
  }
  if (status !== "done") throw new Error(`collect ${JSON.stringify(args)} ended ${status}`);
  const instanceId = started["instanceId"] as string;
  const errors = await call("errors", { instanceId });
  await call("search", { instanceId, query: "AccessDenied|credentials" });
  await call("correlate", { instanceId, pivotEvent: "error" });
  const ids = (errors["findings"] as { id: string }[]).map((f) => f.id);
  await call("summarize", { instanceId, finding_ids: ids.length > 0 ? ids : ["F-001"] });
}

async function driveTools(scenario: string): Promise<void> {
  const target = parse(await readFile(join(snapshotOf(scenario), "target.yaml"), "utf8")) as {
    cluster: string;
    account: string;
    namespace: string;
  };
  const cluster = { clusterName: target.cluster };
  const kinds = SUPPORTED_KINDS.map((k) => {
    const found = lookupKind(k, undefined);
    if (!found.ok) throw new Error(found.message);
    return found.info;
  });
  const pods: { name: string; namespace: string }[] = [];
  for (const info of kinds) {
    const kind = { ...cluster, kind: info.kind, apiVersion: info.apiVersion };
    // A kind these bundles hold none of (Service: only a self-hosted webhook's is read) is refused as not collected.
    const all = await callOrNotCollected("list_k8s_resources", kind);
    if (info.namespaced) await callOrNotCollected("list_k8s_resources", { ...kind, namespace: target.namespace, limit: 5 });
    const items = (all?.["items"] ?? []) as { name: string; namespace: string | null }[];
    if (info.kind === "Pod") pods.push(...items.map((i) => ({ name: i.name, namespace: i.namespace ?? "" })));
    // A kind the scenario has none of is still read: a 404 needs the same grant as an answer.
    const first = items[0] ?? { name: "irsa-doctor-absent", namespace: target.namespace };
    const read = await callOrNotCollected("read_k8s_resource", {
      ...kind,
      name: first.name,
      ...(info.namespaced ? { namespace: first.namespace } : {}),
    });
    const providerID = info.kind === "Node" ? (read?.["object"]?.spec?.providerID as string | undefined) : undefined;
    if (providerID) await collectAndScan({ instanceId: providerID.split("/").at(-1) });
  }
  await callOrNotCollected("get_k8s_events", { ...cluster, namespace: target.namespace });
  await callOrNotCollected("get_k8s_events", { ...cluster, namespace: target.namespace, kind: "ServiceAccount" });
  for (const pod of pods) {
    await callOrNotCollected("get_k8s_events", { ...cluster, namespace: pod.namespace, kind: "Pod", name: pod.name });
    await collectAndScan({ pod: `${pod.namespace}/${pod.name}` });
  }
  await call("cluster_health", cluster);
  for (const args of [{}, { filter_pattern: "ServiceAccount" }, { log_stream_prefix: "", minutes: 10 }]) {
    const logs = await call("get_cloudwatch_logs", { ...cluster, resource_type: "cluster", log_type: "control-plane", ...args });
    logGroupArns.push(`arn:aws:logs:${logs["region"]}:${target.account}:log-group:${logs["log_group"]}:*`);
  }
}

beforeAll(async () => {
  harness = await startInMemory({ tools: allTools.filter((t) => RUNBOOK_TOOLS.includes(t.name)), clock: () => NOW });
  for (const scenario of SCENARIOS) {
    await withEmulator(scenario, {}, async (e) => {
      await driveTools(scenario);
      requests.push(...e.requests());
    });
  }
}, 120_000);
afterAll(async () => {
  await harness.close();
});

/**
 * "group|resource[/subresource]|verb" as the API server authorizes a request path (its RequestInfo):
 * /api/v1/nodes/x/proxy/logs/ is get on nodes/proxy, /api/v1/pods is list on pods in every namespace.
 */
function rbacOf(r: RecordedRequest): string {
  const parts = r.path.split("/").filter((p) => p !== "");
  const [root] = parts;
  const group = root === "api" ? "" : (parts[1] ?? "?");
  let rest = parts.slice(root === "api" ? 2 : 3);
  if (rest[0] === "namespaces" && rest.length > 2) rest = rest.slice(2);
  const [resource = "?", name, subresource] = rest;
  const verb = name === undefined ? (new URLSearchParams(r.query).get("watch") === "true" ? "watch" : "list") : "get";
  return `${group}|${resource}${subresource === undefined ? "" : `/${subresource}`}|${verb}`;
}

async function grantsOf(file: string): Promise<Set<string>> {
  const role = parse(await readFile(DEPLOY(file), "utf8")) as { kind: string; rules: Rule[] };
  expect(role.kind).toBe("ClusterRole");
  return new Set(
    role.rules.flatMap((r) =>
      (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${g}|${res}|${v}`))),
    ),
  );
}

async function statementsOf(file: string): Promise<Statement[]> {
  const policy = JSON.parse(await readFile(DEPLOY(file), "utf8")) as { Statement: Statement[] };
  expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
  return policy.Statement;
}

/** IAM's ARN wildcards: * any run of characters, ? one. */
const arnMatches = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(arn);

const minus = (a: Iterable<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();
const both = (a: Iterable<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).sort();

test("the runbook tools sent only reads, to Kubernetes and to AWS", () => {
  expect(requests.some((r) => r.service === "k8s")).toBe(true);
  expect(requests.some((r) => r.service !== "k8s")).toBe(true);
  expect(requests.filter((r) => r.service === "unknown")).toEqual([]);
  expect(onlyReads(requests)).toEqual([]);
});

describe("deploy/kubernetes/clusterrole-runbook-tools.yaml", () => {
  test("with clusterrole.yaml allows every request the tools made; adds only what they need and the base lacks", async () => {
    const base = await grantsOf("kubernetes/clusterrole.yaml");
    const addon = await grantsOf("kubernetes/clusterrole-runbook-tools.yaml");
    const used = new Set(requests.filter((r) => r.service === "k8s").map(rbacOf));
    expect(minus(used, new Set([...base, ...addon])), "requests neither file allows").toEqual([]);
    expect(minus(addon, used), "add-on grants no request needed").toEqual([]);
    expect(both(addon, base), "add-on grants the base already has").toEqual([]);
    expect([...addon].every((g) => /\|(get|list)$/.test(g) && !g.includes("secrets") && !g.includes("*"))).toBe(true);
  });

  test("is a ClusterRole of its own, labelled as the base one", async () => {
    const [base, addon] = await Promise.all(
      ["clusterrole.yaml", "clusterrole-runbook-tools.yaml"].map(async (f) => parse(await readFile(DEPLOY(`kubernetes/${f}`), "utf8"))),
    );
    expect(addon.apiVersion).toBe(base.apiVersion);
    expect(addon.metadata.name).not.toBe(base.metadata.name);
    expect(addon.metadata.labels).toEqual(base.metadata.labels);
  });
});

describe("deploy/aws/iam-policy-runbook-tools.json", () => {
  test("with iam-policy.json allows every action the tools called; adds only what they need and the base lacks", async () => {
    const base = new Set((await statementsOf("aws/iam-policy.json")).flatMap((s) => s.Action));
    const statements = await statementsOf("aws/iam-policy-runbook-tools.json");
    const addon = new Set(statements.flatMap((s) => s.Action));
    const called = new Set(requests.filter((r) => r.service !== "k8s").map((r) => `${r.service}:${r.action}`));
    expect(minus(called, new Set([...base, ...addon])), "actions neither policy allows").toEqual([]);
    expect(minus(addon, called), "add-on grants no call needed").toEqual([]);
    expect(both(addon, base), "add-on grants the base already has").toEqual([]);
    expect([...addon].every((a) => /^[a-z]+:(Get|List|Describe|Filter|LookupEvents)/.test(a))).toBe(true);
  });

  test("its resources cover the log groups get_cloudwatch_logs read", async () => {
    const statements = await statementsOf("aws/iam-policy-runbook-tools.json");
    const resources = statements.filter((s) => s.Action.includes("logs:FilterLogEvents")).flatMap((s) => [s.Resource].flat());
    expect(logGroupArns.length).toBeGreaterThan(0);
    for (const arn of logGroupArns)
      expect(
        resources.some((p) => arnMatches(p, arn)),
        arn,
      ).toBe(true);
  });
});
