// The registry keeps every check honest: one check per cause of src/causes.ts (unless the cause is log-only),
// in its category's folder, a unit test file per check, and at least one scenario that diagnoses to it.
// Adding a cause or a check without these fails here.

import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CHECKS } from "../../src/checks/registry.js";
import { CATEGORIES, CAUSES } from "../../src/causes.js";
import { ROOT, expectedOutcome, scenarioNames } from "../support/scenarios.js";

const fileOf = (id: string): string => id.split(".")[1]!.replace(/_/g, "-");

describe("check registry", () => {
  it("has exactly one check for every cause of src/causes.ts that is not log-only, and none for a log-only one", () => {
    for (const cause of CAUSES) {
      const checks = CHECKS.filter((c) => c.id === cause.id);
      expect(checks.length, cause.id).toBe("logOnly" in cause && cause.logOnly ? 0 : 1);
    }
    const known = new Set<string>(CAUSES.map((c) => c.id));
    for (const check of CHECKS) expect(known.has(check.id), check.id).toBe(true);
  });

  it("takes each check's title and description from src/causes.ts", () => {
    for (const check of CHECKS) {
      const cause = CAUSES.find((c) => c.id === check.id);
      expect({ title: check.title, description: check.description }).toEqual({ title: cause?.title, description: cause?.description });
    }
  });

  for (const check of CHECKS) {
    const [category] = check.id.split(".");
    // Folders are in kebab case like every folder: trust_policy.* checks live in src/checks/trust-policy/.
    const folder = category!.replaceAll("_", "-");
    it(`${check.id}: lives in src/checks/${folder}/${fileOf(check.id)}.ts with metadata`, () => {
      expect(CATEGORIES).toContain(category);
      expect(existsSync(join(ROOT, "src", "checks", folder, `${fileOf(check.id)}.ts`))).toBe(true);
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.description).toMatch(/\.\s*$/);
    });

    it(`${check.id}: has a unit test file`, () => {
      expect(existsSync(join(ROOT, "test", "checks", folder, `${fileOf(check.id)}.test.ts`))).toBe(true);
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
    const ids = new Set(CHECKS.map((c) => `${c.id.split(".")[0]!.replaceAll("_", "-")}/${fileOf(c.id)}.test.ts`));
    const dirs = readdirSync(join(ROOT, "test", "checks"), { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const d of dirs) {
      for (const f of readdirSync(join(ROOT, "test", "checks", d.name))) expect(ids).toContain(`${d.name}/${f}`);
    }
  });
});
