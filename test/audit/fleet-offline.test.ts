// Offline audits of generated fleets with known truth: every binding gets the verdict its breakage
// implies, no service account without a role is reported, and the cluster-wide cause (no agent on one
// node) is reported once, naming exactly the bindings it breaks.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadFleetDir } from "../../src/audit/offline.js";
import { renderAudit } from "../../src/audit/render.js";
import { runAudit } from "../../src/audit/run.js";
import type { AuditResult } from "../../src/audit/types.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { CLUSTER_KINDS, generateFleet } from "../../bench/fleet.mjs";
import { AUDIT_CHECKS } from "../../src/audit/checks.js";

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
    const expected = [...truth]
      .filter(([, cause]) => cause !== null)
      .map(([key, cause]) => `${key} ${cause}`)
      .sort();
    const got = result.bindings.map((b) => `${b.namespace}/${b.service_account} ${b.cause_id}`).sort();
    expect(got).toEqual(expected);
    expect(new Set(got.map((g) => g.split(" ")[1])).size).toBeGreaterThanOrEqual(18);
  });

  test("the generator breaks bindings in every way the audit can judge, but one it cannot", () => {
    const generated = new Set<string>([...truth.values()].filter((c): c is string => typeof c === "string"));
    for (const c of CLUSTER_KINDS as string[]) generated.add(c);
    const missing = AUDIT_CHECKS.map((c) => c.id as string).filter((id) => !generated.has(id));
    // A service account with neither annotation nor association is not a binding: the audit never judges it.
    expect(missing).toEqual(["irsa_annotation.missing"]);
  });

  test("no service account without a role is reported", () => {
    const unbound = [...truth].filter(([, c]) => c === null).map(([k]) => k);
    expect(unbound.length).toBeGreaterThan(0);
    for (const key of unbound) expect(result.bindings.some((b) => `${b.namespace}/${b.service_account}` === key)).toBe(false);
  });

  test("the agent missing on one node is one cluster finding naming exactly the bindings it breaks", () => {
    const agent = result.cluster_findings.filter((f) => f.cause_id === "pod_identity.agent_not_running");
    expect(agent).toHaveLength(1);
    const broken = [...truth]
      .filter(([, c]) => c === "pod_identity.agent_not_running")
      .map(([k]) => k)
      .sort();
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

describe.each(CLUSTER_KINDS as string[])("a fleet whose cluster is broken for every binding: %s", (cause) => {
  test("one cluster finding naming exactly the bindings it breaks; the healthy IRSA bindings among them, no Pod Identity one", async () => {
    const broken = await mkdtemp(join(tmpdir(), "irsa-doctor-fleet-cluster-"));
    try {
      const { truth: t } = await generateFleet(broken, 120, { cluster: cause });
      const audit = runAudit(await loadFleetDir(broken));
      const findings = audit.cluster_findings.filter((f) => f.cause_id === cause);
      expect(findings).toHaveLength(1);
      const named = audit.bindings
        .filter((b) => b.cause_id === cause)
        .map((b) => `${b.namespace}/${b.service_account}`)
        .sort();
      expect(findings[0]?.bindings.sort()).toEqual(named);
      const keyOf = (b: { namespace: string; service_account: string }) => `${b.namespace}/${b.service_account}`;
      // Bindings whose verdict the variant decides (the healthy IRSA ones, and the Pod Identity ones an IRSA-side cause leaves alone).
      const decided = audit.bindings.filter((b) => t.get(keyOf(b)) !== undefined);
      expect(decided.filter((b) => t.get(keyOf(b)) === cause).length).toBeGreaterThan(10);
      expect(decided.map((b) => `${keyOf(b)} ${b.cause_id}`)).toEqual(decided.map((b) => `${keyOf(b)} ${t.get(keyOf(b))}`));
      expect(audit.bindings.filter((b) => b.mechanism === "pod_identity").every((b) => b.cause_id !== cause)).toBe(true);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  }, 60_000);
});
