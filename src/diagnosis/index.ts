// The diagnosis core's front door: snapshot + runbook in, report out. Used by the CLI and the MCP tools.

import { CHECKS } from "../checks/registry.js";
import type { Check } from "../checks/types.js";
import { buildReport } from "../report/build.js";
import type { Report } from "../report/types.js";
import type { Runbook } from "../runbook/types.js";
import type { Snapshot } from "../snapshot/types.js";
import { diagnose, type Diagnosis } from "./engine.js";

export type { Diagnosis } from "./engine.js";

export { findDiagnosisRunbook } from "../runbook/diagnosis-runbook.js";

export function runDiagnosis(
  snapshot: Snapshot,
  runbook: Runbook,
  checks: readonly Check[] = CHECKS,
): { diagnosis: Diagnosis; report: Report } {
  const diagnosis = diagnose(snapshot, checks);
  return { diagnosis, report: buildReport(diagnosis, snapshot, runbook) };
}
