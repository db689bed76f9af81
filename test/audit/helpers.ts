// Shared by the audit's tests: the bundled scenarios and their per-pod diagnosis.

import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CHECKS } from "../../src/checks/registry.js";
import { diagnose } from "../../src/diagnosis/engine.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";

export const SCENARIOS = fileURLToPath(new URL("../../fixtures/scenarios/", import.meta.url));

export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export async function runDiagnosisOf(name: string): Promise<{ dir: string; snapshot: Snapshot; outcome: string }> {
  const dir = `${SCENARIOS}${name}`;
  const snapshot = await loadSnapshotDir(dir);
  return { dir, snapshot, outcome: diagnose(snapshot, CHECKS).outcome };
}
