// Shared by the executor tests: the bundled H2 runbook, sessions over scenario folders (or edited copies of
// them in a temp folder), and a runner for steps written in a test, so one executor is exercised at a time.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { createSession } from "../../src/executor/index.js";
import { runPhase } from "../../src/executor/run-phase.js";
import type { Session, StepResult } from "../../src/executor/types.js";
import { bundledRunbooksDir, loadRunbooks } from "../../src/runbook/index.js";
import type { Runbook, RunbookSet, Step, StepParam } from "../../src/runbook/types.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";

export const SCENARIOS = fileURLToPath(new URL("../../fixtures/scenarios", import.meta.url));
export const NOW = new Date("2024-05-14T10:00:00Z");

let bundled: Promise<RunbookSet> | undefined;
export const bundledRunbooks = (): Promise<RunbookSet> => (bundled ??= loadRunbooks([bundledRunbooksDir()]));
export const bundledH2 = async (): Promise<Runbook> => (await bundledRunbooks()).runbooks.find((r) => r.code === "H2")!;

export async function sessionOf(dir: string): Promise<Session> {
  return createSession(await loadSnapshotDir(dir), await bundledRunbooks(), await bundledH2(), NOW);
}

/** A copy of a scenario in a temp folder, changed by `edit` (given the copy's path); removed by `cleanup`. */
export function editedScenario(name: string, edit: (dir: string) => void): { dir: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), "irsa-executor-"));
  const dir = join(root, name);
  cpSync(join(SCENARIOS, name), dir, { recursive: true });
  edit(dir);
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Rewrites a YAML file of a snapshot copy through `change`. */
export function editYaml(file: string, change: (doc: any) => void): void {
  const doc = parse(readFileSync(file, "utf8"));
  change(doc);
  writeFileSync(file, stringify(doc));
}

/** A step as the runbook parser would give it. */
export function step(text: string, tool: string | null, params: Record<string, string | null> = {}, children: Step[] = []): Step {
  const list: StepParam[] = Object.entries(params).map(([name, value]) => ({ name, value }));
  return { level: "MUST", condition: null, text, tool, params: list, command: null, children, line: 1 };
}

/** Runs the given steps as the runbook's triage phase over the session. */
export async function runSteps(session: Session, steps: Step[]): Promise<StepResult[]> {
  const runbook: Runbook = { ...session.runbook, phases: [{ number: 1, name: "Triage", notes: [], steps, line: 1 }] };
  return (await runPhase({ ...session, runbook }, "triage")).steps;
}
