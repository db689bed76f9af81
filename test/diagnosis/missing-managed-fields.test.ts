// A bundle saved with plain `kubectl get -o yaml` (Kubernetes 1.21+) has no managedFields, so when the
// role annotation was written is unknown and a pod-predates-annotation finding stays below high: the report
// says so under missing_evidence, with the --show-managed-fields command. Not when the finding is high or
// the time is there.

import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/diagnosis/engine.js";
import { CHECKS } from "../../src/checks/registry.js";
import { valueOf } from "../../src/snapshot/evidence.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { loadScenario, variant } from "../support/scenarios.js";

const NO_ENV = "irsa_annotation.pod_predates_annotation--annotated-after-start";
const WHAT = "service account payments/payments-api managedFields";

const dropManagedFields = (s: Snapshot) => {
  const sa = valueOf(s.k8s.serviceAccount);
  if (sa) delete sa.metadata["managedFields"];
};

describe("missing managedFields", () => {
  it("is named when their absence kept pod_predates_annotation below high, with the command that supplies them", async () => {
    const d = diagnose(await variant(NO_ENV, dropManagedFields), CHECKS);
    expect(d.primary?.causeId).toBe("irsa_annotation.pod_predates_annotation");
    expect(d.confidence).toBe("medium");
    const item = d.missing.find((m) => m.what === WHAT);
    expect(item).toMatchObject({ reason: "not_collected" });
    expect(item?.detail).toContain("finding is medium confidence for want of it");
    expect(item?.remedy).toBe(
      "add the output of `kubectl get serviceaccount payments-api -n payments -o yaml --show-managed-fields` to the snapshot",
    );
  });

  it("is not named when the bundle holds them (the finding is high)", async () => {
    const d = diagnose(await loadScenario(NO_ENV), CHECKS);
    expect(d.confidence).toBe("high");
    expect(d.missing.map((m) => m.what)).not.toContain(WHAT);
  });

  it("is not named for a diagnosis that never needed them", async () => {
    const d = diagnose(await variant("healthy--irsa", dropManagedFields), CHECKS);
    expect(d.missing.map((m) => m.what)).not.toContain(WHAT);
  });
});
