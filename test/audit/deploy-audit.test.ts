// deploy/'s audit add-ons are exact: live audits through the emulator (every namespace, some namespaces,
// and an account that refuses ListRoles so GetRole is used) must be allowed by the base grants plus the
// add-on, and the add-on holds nothing the audit did not need or the base already grants.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AUDIT_READ_ACTIONS } from "../../src/collect/aws/operations.js";
import { collectFleetLive } from "../../src/audit/live/index.js";
import type { RecordedRequest } from "../../src/emulator/types.js";
import { withEmulator } from "../collect/helpers.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { generateFleet } from "../../bench/fleet.mjs";

const DEPLOY = (p: string) => fileURLToPath(new URL(`../../deploy/${p}`, import.meta.url));
const requests: RecordedRequest[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-audit-deploy-"));
  await generateFleet(dir, 60);
  const runs = [
    { faults: [], namespaces: [] },
    { faults: [], namespaces: ["team-0000"] },
    { faults: [{ match: { service: "iam" as const, action: "ListRoles" }, kind: "deny" as const }], namespaces: [] },
  ];
  for (const run of runs) {
    await withEmulator(dir, { faults: run.faults }, async (e) => {
      await collectFleetLive({ cluster: "prod-eu", namespaces: run.namespaces, timeoutMs: 5000 });
      requests.push(...e.requests());
    });
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** "group|resource|verb" as the API server authorizes a request path. */
function rbacOf(r: RecordedRequest): string {
  const parts = r.path.split("/").filter((p) => p !== "");
  const group = parts[0] === "api" ? "" : (parts[1] ?? "?");
  let rest = parts.slice(parts[0] === "api" ? 2 : 3);
  if (rest[0] === "namespaces" && rest.length > 2) rest = rest.slice(2);
  const [resource = "?", name] = rest;
  return `${group}|${resource}|${name === undefined ? "list" : "get"}`;
}

async function grantsOf(file: string): Promise<Set<string>> {
  const role = parse(await readFile(DEPLOY(file), "utf8")) as { rules: { apiGroups?: string[]; resources?: string[]; verbs: string[] }[] };
  return new Set(
    role.rules.flatMap((r) =>
      (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${g}|${res}|${v}`))),
    ),
  );
}

async function actionsOf(file: string): Promise<Set<string>> {
  const policy = JSON.parse(await readFile(DEPLOY(file), "utf8")) as { Statement: { Effect: string; Action: string[] }[] };
  expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
  return new Set(policy.Statement.flatMap((s) => s.Action));
}

const minus = (a: Iterable<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();
const both = (a: Iterable<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).sort();

describe("deploy/kubernetes/clusterrole-audit.yaml", () => {
  test("with clusterrole.yaml allows every request the audit made; adds only what it needs and the base lacks", async () => {
    const base = await grantsOf("kubernetes/clusterrole.yaml");
    const addon = await grantsOf("kubernetes/clusterrole-audit.yaml");
    const used = new Set(requests.filter((r) => r.service === "k8s").map(rbacOf));
    expect(requests.filter((r) => r.service === "k8s").every((r) => r.method === "GET")).toBe(true);
    expect(minus(used, new Set([...base, ...addon])), "requests neither file allows").toEqual([]);
    expect(minus(addon, used), "add-on grants no request needed").toEqual([]);
    expect(both(addon, base), "add-on grants the base already has").toEqual([]);
  });
});

describe("deploy/aws/iam-policy-audit.json", () => {
  test("with iam-policy.json allows every action the audit called; adds only what it needs and the base lacks", async () => {
    const base = await actionsOf("aws/iam-policy.json");
    const addon = await actionsOf("aws/iam-policy-audit.json");
    const called = new Set(requests.filter((r) => r.service !== "k8s").map((r) => `${r.service}:${r.action}`));
    expect(minus(called, new Set([...base, ...addon])), "actions neither policy allows").toEqual([]);
    expect(minus(addon, called), "add-on grants no call needed").toEqual([]);
    expect(both(addon, base), "add-on grants the base already has").toEqual([]);
    expect([...addon].sort()).toEqual([...AUDIT_READ_ACTIONS].sort());
  });
});
