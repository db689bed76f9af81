// Offline audits of generated fleets with known truth: every binding gets the verdict its breakage
// implies, no service account without a role is reported, and the cluster-wide cause (no agent on one
// node) is reported once, naming exactly the bindings it breaks.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadFleetDir } from "../../src/audit/offline.js";
import { renderAudit } from "../../src/audit/render.js";
import { runAudit } from "../../src/audit/run.js";
import type { AuditResult } from "../../src/audit/types.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { generateFleet } from "../../bench/fleet.mjs";

let dir: string;
let truth: Map<string, string | null>;
let result: AuditResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-fleet-"));
  truth = (await generateFleet(dir, 400)).truth;
  result = runAudit(await loadFleetDir(dir));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("offline audit of a generated fleet of 400 service accounts", () => {
  test("every binding has the verdict its breakage implies", () => {
    const expected = [...truth].filter(([, cause]) => cause !== null).map(([key, cause]) => `${key} ${cause}`).sort();
    const got = result.bindings.map((b) => `${b.namespace}/${b.service_account} ${b.cause_id}`).sort();
    expect(got).toEqual(expected);
    expect(new Set(got.map((g) => g.split(" ")[1])).size).toBeGreaterThanOrEqual(7);
  });

  test("no service account without a role is reported", () => {
    const unbound = [...truth].filter(([, c]) => c === null).map(([k]) => k);
    expect(unbound.length).toBeGreaterThan(0);
    for (const key of unbound) expect(result.bindings.some((b) => `${b.namespace}/${b.service_account}` === key)).toBe(false);
  });

  test("the agent missing on one node is one cluster finding naming exactly the bindings it breaks", () => {
    const agent = result.cluster_findings.filter((f) => f.cause_id === "pod_identity.agent_not_running");
    expect(agent).toHaveLength(1);
    const broken = [...truth].filter(([, c]) => c === "pod_identity.agent_not_running").map(([k]) => k).sort();
    expect(agent[0]?.bindings.sort()).toEqual(broken);
  });

  test("the summary counts what the bindings say", () => {
    const s = result.summary;
    expect(s.bindings).toBe(result.bindings.length);
    expect(s.healthy + s.broken + s.inconclusive).toBe(s.bindings);
    expect(Object.values(s.by_cause).reduce((a, b) => a + b, 0)).toBe(s.bindings);
    expect(s.healthy).toBe([...truth.values()].filter((c) => c === "healthy").length);
  });

  test("the table lists broken bindings before healthy ones", () => {
    const lines = renderAudit(result, "table").split("\n");
    const rows = lines.slice(lines.findIndex((l) => l.startsWith("BINDING")) + 1).filter((l) => l.includes("/"));
    const firstHealthy = rows.findIndex((r) => / healthy /.test(r));
    const lastBroken = rows.map((r) => !/ (healthy|inconclusive) /.test(r)).lastIndexOf(true);
    expect(firstHealthy).toBeGreaterThan(lastBroken);
  });
});

describe("a fleet whose cluster lost its IAM OIDC provider", () => {
  test("oidc_provider.missing is one cluster finding naming every IRSA binding it breaks, and no Pod Identity one", async () => {
    const broken = await mkdtemp(join(tmpdir(), "irsa-doctor-fleet-no-oidc-"));
    try {
      const { truth: t } = await generateFleet(broken, 200);
      const listFile = join(broken, "aws/iam-list-open-id-connect-providers.json");
      const list = JSON.parse(await readFile(listFile, "utf8")) as { OpenIDConnectProviderList: { Arn: string }[] };
      list.OpenIDConnectProviderList = list.OpenIDConnectProviderList.filter((p) => !p.Arn.endsWith("5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D"));
      await writeFile(listFile, JSON.stringify(list));
      await rm(join(broken, "aws/iam-get-open-id-connect-provider.json"));
      const audit = runAudit(await loadFleetDir(broken));
      const findings = audit.cluster_findings.filter((f) => f.cause_id === "oidc_provider.missing");
      expect(findings).toHaveLength(1);
      const named = audit.bindings.filter((b) => b.cause_id === "oidc_provider.missing").map((b) => `${b.namespace}/${b.service_account}`).sort();
      expect(findings[0]?.bindings.sort()).toEqual(named);
      // The IRSA bindings that were healthy now fail on the provider; Pod Identity does not use it.
      const wasHealthyIrsa = audit.bindings.filter((b) => b.mechanism === "irsa" && t.get(`${b.namespace}/${b.service_account}`) === "healthy");
      expect(wasHealthyIrsa.length).toBeGreaterThan(0);
      expect(wasHealthyIrsa.every((b) => b.cause_id === "oidc_provider.missing")).toBe(true);
      expect(audit.bindings.filter((b) => b.mechanism === "pod_identity").every((b) => b.cause_id !== "oidc_provider.missing")).toBe(true);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  }, 60_000);
});
