// Golden reports: every scenario under fixtures/scenarios diagnoses to the outcome its folder name states,
// and its YAML report is byte-for-byte the committed expected-report.yaml.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run test/scenarios  (then review the diff).

import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderReport } from "../../src/report/render.js";
import { validateAgainstOutputFormat } from "../../src/runbook/index.js";
import { SCENARIOS_DIR, diagnoseSnapshot, expectedOutcome, h2Runbook, loadScenario, scenarioNames } from "../support/scenarios.js";

const update = process.env["UPDATE_GOLDEN"] === "1";

describe("scenario golden reports", () => {
  it("has scenarios to check", () => {
    expect(scenarioNames().length).toBeGreaterThan(1);
  });

  for (const name of scenarioNames()) {
    it(`${name}: diagnoses as ${expectedOutcome(name)} and matches its golden report`, async () => {
      const { report } = await diagnoseSnapshot(await loadScenario(name));
      expect(report.cause_id).toBe(expectedOutcome(name));
      const yaml = renderReport(report, "yaml");
      const golden = join(SCENARIOS_DIR, name, "expected-report.yaml");
      if (update) writeFileSync(golden, yaml);
      expect(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run test/scenarios and review it`).toBe(true);
      expect(yaml).toBe(readFileSync(golden, "utf8"));
    });

    it(`${name}: report validates against the runbook's Output Format`, async () => {
      const runbook = await h2Runbook();
      const { report } = await diagnoseSnapshot(await loadScenario(name));
      expect(runbook.outputFormat).not.toBeNull();
      expect(validateAgainstOutputFormat(runbook.outputFormat!, report)).toEqual([]);
    });

    it(`${name}: the same snapshot gives the same bytes`, async () => {
      const a = renderReport((await diagnoseSnapshot(await loadScenario(name))).report, "json");
      const b = renderReport((await diagnoseSnapshot(await loadScenario(name))).report, "json");
      expect(a).toBe(b);
    });
  }
});
