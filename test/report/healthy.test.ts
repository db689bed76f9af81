// A healthy report raises no alarm: severity NONE, long-term advice that fits the mechanism in use (no
// "migrate to Pod Identity" for a Pod Identity workload), and no missing evidence that does not bear on the
// verdict (here: events and logs not collected).

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findDiagnosisRunbook, runDiagnosis } from "../../src/diagnosis/index.js";
import { bundledRunbooksDir, loadRunbooks } from "../../src/runbook/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";

const SCENARIOS = join(import.meta.dirname, "../../fixtures/scenarios");
const work = mkdtempSync(join(tmpdir(), "irsa-healthy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function reportOf(dir: string) {
  const runbook = findDiagnosisRunbook((await loadRunbooks([bundledRunbooksDir()])).runbooks)!;
  return runDiagnosis(await loadSnapshotDir(dir), runbook);
}

describe("a healthy report", () => {
  it("IRSA: severity NONE; the runbook's advice, which fits IRSA, stays", async () => {
    const { report } = await reportOf(join(SCENARIOS, "healthy--irsa"));
    expect(report.cause_id).toBe("healthy");
    expect(report.severity).toBe("NONE");
    expect(report.mitigation.long_term).toBe("Migrate to Pod Identity, use Terraform/CDK for SA-Role bindings");
  });

  it("Pod Identity: severity NONE and no advice to migrate to what it already uses", async () => {
    const { report } = await reportOf(join(SCENARIOS, "healthy--pod-identity"));
    expect(report.severity).toBe("NONE");
    expect(report.mitigation.long_term).not.toMatch(/migrat/i);
  });

  it("lists no missing evidence when what is missing did not bear on the verdict", async () => {
    const dir = join(work, "no-logs");
    cpSync(join(SCENARIOS, "healthy--irsa"), dir, { recursive: true });
    rmSync(join(dir, "logs"), { recursive: true, force: true });
    const { diagnosis, report } = await reportOf(dir);
    expect(report.cause_id).toBe("healthy");
    expect(diagnosis.missing.map((m) => m.what)).toContain("logs");
    expect(report.missing_evidence).toEqual([]);
  });

  it("a failing diagnosis keeps the runbook's severity and its missing evidence", async () => {
    const dir = join(work, "failing-no-logs");
    cpSync(join(SCENARIOS, "trust_policy.subject_mismatch--other-namespace"), dir, { recursive: true });
    rmSync(join(dir, "logs"), { recursive: true, force: true });
    const { report } = await reportOf(dir);
    expect(report.severity).toBe("HIGH");
    expect(report.missing_evidence.map((m) => m.what)).toContain("logs");
  });
});
