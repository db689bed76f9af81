// Which loaded runbook the diagnosis reports in (and whose recognition the pattern library is): H2 by its
// code, whatever its file or slug. Here, not in src/diagnosis, so that runbook matching can name it too.

import type { Runbook } from "./types.js";

const DIAGNOSIS_RUNBOOK_CODE = "H2";

export function findDiagnosisRunbook(runbooks: readonly Runbook[]): Runbook | undefined {
  return runbooks.find((r) => r.code === DIAGNOSIS_RUNBOOK_CODE) ?? runbooks.find((r) => /irsa|pod identity/i.test(r.title));
}
