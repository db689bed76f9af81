// The net under the log library for an application's own "no credentials" words (aws.unexplained_no_credentials):
// it names no cause, but a pod whose log says it has no credentials is not called healthy, and a message alone
// lists what empties a credential chain.

import { cp, appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDiagnosis } from "../../src/diagnosis/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { messageOnlySnapshot } from "../../src/snapshot/load/pasted.js";
import { NO_CREDENTIALS } from "../../src/logs/families.js";
import { SCENARIOS_DIR, h2Runbook } from "../support/scenarios.js";

const LINE =
  '{"level":50,"err":{"type":"BamlClientError","message":"BamlClientError: aws-bedrock client ExtractorSonnet: failed to build request: credentials not found"},"msg":"extraction failed"}';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-net-"));
  await cp(join(SCENARIOS_DIR, "healthy--irsa"), dir, { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("an application saying it has no credentials, in words no pattern knows", () => {
  it("keeps a pod whose configuration is right from being called healthy", async () => {
    const runbook = await h2Runbook();
    expect(runDiagnosis(await loadSnapshotDir(dir), runbook).report.cause_id).toBe("healthy");
    await appendFile(join(dir, "logs", "payments-api-7d9c8b6f5-x2k4q", "payments-api.log"), `${LINE}\n`);
    const { report } = runDiagnosis(await loadSnapshotDir(dir), runbook);
    expect(report.cause_id).toBe("inconclusive");
    expect(report.root_cause).toContain("credentials not found");
  });

  it("alone, lists the causes that leave a credential chain empty, at low confidence", async () => {
    const { report } = runDiagnosis(await messageOnlySnapshot(LINE), await h2Runbook());
    expect(report).toMatchObject({ cause_id: "inconclusive", confidence: "low" });
    const listed = report.candidates.map((c) => c.cause_id);
    expect(listed.length).toBeGreaterThan(0);
    for (const cause of listed) expect(NO_CREDENTIALS).toContain(cause);
  });
});
