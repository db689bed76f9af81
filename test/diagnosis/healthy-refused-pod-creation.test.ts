// "Healthy" from a running pod is not high while the API server refuses to create the namespace's new pods and
// no check places the refusal (a kOps webhook whose old client strips a native sidecar's restartPolicy, reported
// by the operator on its own custom resource): the report says so apart from what it verified.

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { SCENARIOS_DIR, diagnoseSnapshot } from "../support/scenarios.js";

const refusal = (at: string) => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: `wp-site-a.${at}`, namespace: "payments" },
  involvedObject: { kind: "WordPressSite", name: "site-a", namespace: "payments", apiVersion: "sites.example.com/v1" },
  type: "Warning",
  reason: "PodCreateFailed",
  message:
    'Pod "site-a" is invalid: spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
  lastTimestamp: at,
});

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function healthyIrsaWith(event: object) {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-refused-"));
  await cp(join(SCENARIOS_DIR, "healthy--irsa"), dir, { recursive: true });
  await writeFile(join(dir, "k8s/events-site-a.json"), JSON.stringify({ apiVersion: "v1", kind: "List", items: [event] }));
  return diagnoseSnapshot(await loadSnapshotDir(dir));
}

describe("healthy with a pod creation the API server refused", () => {
  it("is medium, and the report gives the refusal as a caveat, not as verified", async () => {
    const { report } = await healthyIrsaWith(refusal("2024-05-14T10:00:00Z"));
    expect(report.cause_id).toBe("healthy");
    expect(report.confidence).toBe("medium");
    const caveat = report.evidence.find((e) => e.type === "caveat");
    expect(caveat?.content).toMatch(/the API server refused to create a pod in namespace payments \(WordPressSite\/site-a/);
    expect(report.evidence.filter((e) => e.type === "verified").some((e) => /refused/.test(e.content))).toBe(false);
  });

  it("stays high when the refusal predates the running pod", async () => {
    const { report } = await healthyIrsaWith(refusal("2024-05-14T08:00:00Z"));
    expect(report.cause_id).toBe("healthy");
    expect(report.confidence).toBe("high");
  });
});
