// Test support: load the bundled scenarios and the H2 runbook once, diagnose, and build variants of a
// scenario in code (structuredClone + a mutation) for the per-check unit tests.

import { readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { bundledRunbooksDir, loadRunbooks } from "../../src/runbook/index.js";
import { findDiagnosisRunbook, runDiagnosis } from "../../src/diagnosis/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import type { Runbook } from "../../src/runbook/types.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SCENARIOS_DIR = join(ROOT, "fixtures", "scenarios");

/** Every scenario folder (one holding a target.yaml), sorted. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(SCENARIOS_DIR, d.name, "target.yaml")))
    .map((d) => d.name)
    .sort();
}

/** "trust_policy.subject_mismatch--other-namespace" -> "trust_policy.subject_mismatch": the name states the expected outcome. */
export function expectedOutcome(name: string): string {
  return name.split("--")[0] ?? name;
}

const cache = new Map<string, Snapshot>();
export async function loadScenario(name: string): Promise<Snapshot> {
  let s = cache.get(name);
  if (!s) {
    s = await loadSnapshotDir(join(SCENARIOS_DIR, name));
    cache.set(name, s);
  }
  return structuredClone(s);
}

let runbook: Runbook | undefined;
export async function h2Runbook(): Promise<Runbook> {
  if (!runbook) {
    const set = await loadRunbooks([bundledRunbooksDir()]);
    runbook = findDiagnosisRunbook(set.runbooks);
    if (!runbook) throw new Error(`H2 runbook did not load: ${JSON.stringify(set.errors)}`);
  }
  return runbook;
}

/** A scenario with a change applied: the way unit tests state "the same setup, except ...". */
export async function variant(name: string, change: (s: Snapshot) => void): Promise<Snapshot> {
  const s = await loadScenario(name);
  change(s);
  return s;
}

export async function diagnoseSnapshot(s: Snapshot) {
  return runDiagnosis(s, await h2Runbook());
}
