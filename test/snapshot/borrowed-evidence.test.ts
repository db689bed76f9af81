// Wrong target, borrowed evidence (issue 9): when target.yaml names a pod the bundle does not hold, the logs
// of the pods it does hold are not taken as that pod's evidence; and a pod that could not be read is never
// worded as "not found".

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDiagnosis } from "../../src/diagnosis/index.js";
import { podOfLogFile } from "../../src/snapshot/load/log-attribution.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { selectEvidence } from "../../src/snapshot/select.js";
import { SCENARIOS_DIR, h2Runbook } from "../support/scenarios.js";
import { pod } from "./support.js";

const SCENARIO = "permissions.role_lacks_permission--irsa-s3-putobject";
const LOGGED_POD = "payments-api-7d9c8b6f5-x2k4q";
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "irsa-doctor-borrowed-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("a target pod that is not in the bundle", () => {
  it("does not borrow another pod's log as its evidence, and says which files were left out", async () => {
    const dir = join(work, "typo");
    await cp(join(SCENARIOS_DIR, SCENARIO), dir, { recursive: true });
    await writeFile(
      join(dir, "target.yaml"),
      "cluster: prod-eu\nregion: eu-west-1\nnamespace: payments\npod: payments-api-7d9c8b6f5-zzzzz\n",
    );
    const snapshot = await loadSnapshotDir(dir);
    expect(snapshot.k8s.pod.status).toBe("absent");
    const logs = snapshot.logs.status === "found" ? snapshot.logs.value : null;
    expect(logs?.files.some((f) => f.startsWith(`${LOGGED_POD}/`))).toBe(true);
    expect(logs?.matches.filter((m) => m.file.startsWith(`${LOGGED_POD}/`))).toEqual([]);
    expect(snapshot.problems).toContainEqual({
      source: `logs/${LOGGED_POD}/payments-api.log`,
      message: `scanned, but it is the log of pod ${LOGGED_POD}, not of the target pod payments-api-7d9c8b6f5-zzzzz (which is not in the bundle): not taken as its evidence`,
    });
    const { report } = runDiagnosis(snapshot, await h2Runbook());
    expect(JSON.stringify(report.evidence)).not.toContain(`${LOGGED_POD}/payments-api.log`);
  });

  it("with the right pod named, the same log is its evidence (the test can fail)", async () => {
    const snapshot = await loadSnapshotDir(join(SCENARIOS_DIR, SCENARIO));
    const logs = snapshot.logs.status === "found" ? snapshot.logs.value : null;
    expect(logs?.matches.some((m) => m.file.startsWith(`${LOGGED_POD}/`))).toBe(true);
  });

  it("recognises the layouts bundles use", () => {
    const pods = new Set(["api-1"]);
    expect(podOfLogFile("api-1/app.log", "payments", pods)).toBe("api-1");
    expect(podOfLogFile("api-1.log", "payments", pods)).toBe("api-1");
    expect(podOfLogFile("var/log/pods/payments_api-2_0c1d2e3f-1111-4a5b-8c9d-0e1f2a3b4c5d/app/0.log", "payments", pods)).toBe("api-2");
    expect(podOfLogFile("var/log/pods/kube-system_agent-1_0c1d2e3f-1111-4a5b-8c9d-0e1f2a3b4c5d/agent/0.log", "payments", pods)).toBeNull();
    expect(podOfLogFile(`var/log/containers/api-3_payments_app-${"a".repeat(64)}.log`, "payments", pods)).toBe("api-3");
    expect(podOfLogFile("kubelet/kubelet.log", "payments", pods)).toBeNull();
  });
});

describe("wording: not collected, unreadable and absent stay apart", () => {
  const target = {
    cluster: "c",
    region: "eu-west-1",
    account: null,
    namespace: "payments",
    pod: "api-1",
    serviceAccount: null,
    instanceId: null,
    incidentTime: null,
  };
  it("an unreachable API server is not 'the pod was not found'", () => {
    const k8s = selectEvidence(target, [], {
      k8s: true,
      failedReads: { Pod: { reason: "unreachable", detail: "connect ECONNREFUSED" } },
      origin: "live",
    });
    expect(k8s.serviceAccount).toMatchObject({
      status: "unavailable",
      detail: "the pod could not be read (unreachable), so its service account is not known",
    });
    expect(JSON.stringify(k8s)).not.toContain("was not found");
  });
  it("a pod looked for and absent is 'not found'", () => {
    const k8s = selectEvidence(target, [{ value: pod("api-2"), source: "k8s/pods.json" }], { k8s: true });
    expect(k8s.pod.status).toBe("absent");
    expect(k8s.serviceAccount).toMatchObject({ detail: "the pod was not found, so its service account is not known" });
  });
});
