// "Healthy" is not high when the pod itself complained about its credentials and no check explains why: the
// chain the checks read is configured right, but an application whose own credential code fails (one that
// ignores or mishandles the injected variables) fails all the same. The complaint is a caveat, not verified.

import { appendFile, cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { SCENARIOS_DIR, diagnoseSnapshot } from "../support/scenarios.js";

const LOG = "logs/orders-worker-5f8d9c7b4-m7z9p/orders-worker.log";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function healthyPodIdentityWithLine(line: string) {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-complaint-"));
  await cp(join(SCENARIOS_DIR, "healthy--pod-identity"), dir, { recursive: true });
  await appendFile(join(dir, LOG), `${line}\n`);
  return diagnoseSnapshot(await loadSnapshotDir(dir));
}

describe("healthy with an unexplained credential complaint in the pod's log", () => {
  it("is medium, and the report quotes the complaint as a caveat", async () => {
    const { report } = await healthyPodIdentityWithLine(
      // VictoriaMetrics' own container-credentials client, which no version table covers (so no sdk check places it).
      '2024-05-14T11:02:17Z cannot obtain new EC2 API credentials: unexpected status code for "http://169.254.170.23/v1/credentials"; got 400; want 200; response body: ""',
    );
    expect(report.cause_id).toBe("healthy");
    expect(report.confidence).toBe("medium");
    const caveat = report.evidence.find((e) => e.type === "caveat");
    expect(caveat?.content).toContain("cannot obtain new EC2 API credentials");
  });

  it("stays high for a line that is no complaint", async () => {
    const { report } = await healthyPodIdentityWithLine("2024-05-14T11:02:17Z INFO export: 12 objects written to s3://orders-exports");
    expect(report.cause_id).toBe("healthy");
    expect(report.confidence).toBe("high");
  });
});
