// deploy/ grants exactly what the collectors use: the IAM policy lists every AWS action called (from
// the emulator's request record over every scenario) and nothing else, and the ClusterRole allows every
// Kubernetes request made, with no rule that no request needed.

import { readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { READ_ACTIONS } from "../../src/collect/aws/operations.js";
import { collectLive, type LiveTarget } from "../../src/collect/index.js";
import type { RecordedRequest } from "../../src/emulator/types.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { buildVariant } from "../capture/variant.js";
import { liveTargetOf, scenarioDir, scenarioNames, withEmulator } from "./helpers.js";

const DEPLOY = (p: string) => fileURLToPath(new URL(`../../deploy/${p}`, import.meta.url));

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

let variant: string;
const requests: RecordedRequest[] = [];

beforeAll(async () => {
  variant = await buildVariant();
  const runs: [string, LiveTarget | null][] = [
    ...scenarioNames().map((n): [string, null] => [scenarioDir(n), null]),
    [variant, null],
    [scenarioDir("healthy--irsa"), { namespace: "payments", serviceAccount: "nobody" }],
    [scenarioDir("healthy--irsa"), { namespace: "payments", deployment: "payments-api" }],
  ];
  for (const [dir, target] of runs) {
    const offline = await loadSnapshotDir(dir);
    await withEmulator(dir, {}, async (e) => {
      await collectLive(target ?? liveTargetOf(offline.target), { cluster: offline.target.cluster ?? "prod-eu", timeoutMs: 5000 });
      requests.push(...e.requests());
    });
  }
}, 300_000);
afterAll(async () => {
  await rm(variant, { recursive: true, force: true });
});

describe("deploy/aws/iam-policy.json", () => {
  test("allows exactly the actions the collectors call, and the operation table has no other", async () => {
    const policy = JSON.parse(await readFile(DEPLOY("aws/iam-policy.json"), "utf8")) as {
      Statement: { Effect: string; Action: string[] }[];
    };
    expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
    const granted = [...new Set(policy.Statement.flatMap((s) => s.Action))].sort();
    const called = [...new Set(requests.filter((r) => r.service !== "k8s").map((r) => `${r.service}:${r.action}`))].sort();
    expect(called).toEqual(granted);
    expect([...READ_ACTIONS]).toEqual(granted);
  });
});

describe("deploy/kubernetes/clusterrole.yaml", () => {
  test("allows every Kubernetes request the collectors made, and has no rule they do not use", async () => {
    const role = parse(await readFile(DEPLOY("kubernetes/clusterrole.yaml"), "utf8")) as { kind: string; rules: Rule[] };
    expect(role.kind).toBe("ClusterRole");
    const allowed = new Set(
      role.rules.flatMap((r) => [
        ...(r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${g}|${res}|${v}`))),
        ...(r.nonResourceURLs ?? []).flatMap((url) => r.verbs.map((v) => `url|${url}|${v}`)),
      ]),
    );
    const used = new Set(
      requests
        .filter((r) => r.service === "k8s")
        .map((r) => {
          expect(r.method).toBe("GET");
          const [verb = "", resource = ""] = r.action.split(" ");
          if (resource.startsWith("/")) return `url|${resource}|${verb}`;
          const group = r.path.startsWith("/api/") ? "" : (r.path.split("/")[2] ?? "?");
          return `${group}|${resource}|${verb}`;
        }),
    );
    expect([...used].sort()).toEqual([...allowed].sort());
    expect([...allowed].some((a) => a.includes("secrets"))).toBe(false);
  });
});
