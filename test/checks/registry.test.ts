// The registry keeps every check honest: unique ids in their category's folder, a unit test file per
// check, and at least one scenario that diagnoses to it. Adding a check without these fails here.

import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CHECKS } from "../../src/checks/registry.js";
import { CATEGORIES } from "../../src/checks/types.js";
import { ROOT, expectedOutcome, scenarioNames } from "../support/scenarios.js";

const REQUIRED_CAUSES = [
  "irsa_annotation.missing", "irsa_annotation.malformed_arn", "irsa_annotation.role_not_found",
  "irsa_annotation.pod_predates_annotation", "webhook.not_injecting", "oidc_provider.missing",
  "oidc_provider.audience_mismatch", "oidc_provider.thumbprint_mismatch", "trust_policy.subject_mismatch",
  "trust_policy.issuer_mismatch", "trust_policy.audience_condition_mismatch", "trust_policy.wrong_operator_or_action",
  "token.not_mounted_or_unreadable", "token.expired", "token.audience_mismatch", "sdk.too_old",
  "sdk.falls_back_to_node_role", "pod_identity.association_missing", "pod_identity.agent_not_running",
  "pod_identity.agent_unreachable", "pod_identity.agent_proxy", "pod_identity.trust_policy",
  "network.sts_unreachable", "permissions.role_lacks_permission",
];

const fileOf = (id: string): string => id.split(".")[1]!.replace(/_/g, "-");

describe("check registry", () => {
  it("covers every cause the product promises, once each", () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...REQUIRED_CAUSES].sort());
  });

  for (const check of CHECKS) {
    const [category] = check.id.split(".");
    it(`${check.id}: lives in src/checks/${category}/${fileOf(check.id)}.ts with metadata`, () => {
      expect(CATEGORIES).toContain(category);
      expect(existsSync(join(ROOT, "src", "checks", category!, `${fileOf(check.id)}.ts`))).toBe(true);
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.description).toMatch(/\.\s*$/);
    });

    it(`${check.id}: has a unit test file`, () => {
      expect(existsSync(join(ROOT, "test", "checks", category!, `${fileOf(check.id)}.test.ts`))).toBe(true);
    });

    it(`${check.id}: has at least one scenario named for it`, () => {
      expect(scenarioNames().filter((n) => expectedOutcome(n) === check.id)).not.toEqual([]);
    });
  }

  it("has healthy scenarios for IRSA and for Pod Identity", () => {
    const healthy = scenarioNames().filter((n) => expectedOutcome(n) === "healthy");
    expect(healthy.length).toBeGreaterThanOrEqual(2);
  });

  it("has no test file for a check that does not exist", () => {
    const ids = new Set(CHECKS.map((c) => `${c.id.split(".")[0]}/${fileOf(c.id)}.test.ts`));
    const dirs = readdirSync(join(ROOT, "test", "checks"), { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const d of dirs) {
      for (const f of readdirSync(join(ROOT, "test", "checks", d.name))) expect(ids).toContain(`${d.name}/${f}`);
    }
  });
});
