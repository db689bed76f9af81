// irsa_annotation.pod_predates_annotation: a pod older than its service account's (current) annotation has no
// or a stale AWS_ROLE_ARN, and a restart is the fix. Guards the line with webhook.not_injecting: a missing,
// excluding or failing webhook, or a pod created after the annotation that still lacks the env, is not ours.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/irsa-annotation/pod-predates-annotation.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { notCollected, valueOf } from "../../../src/snapshot/evidence.js";
import type { Pod, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const NO_ENV = "irsa_annotation.pod_predates_annotation--annotated-after-start";
const STALE = "irsa_annotation.pod_predates_annotation--stale-role-after-change";
const ROLE = "arn:aws:iam::111122223333:role/payments-api-irsa";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function forgetAnnotationTime(s: Snapshot): void {
  const sa = valueOf(s.k8s.serviceAccount);
  if (sa) delete sa.metadata["managedFields"];
}

/** A pod of the same service account, copied from a scenario, renamed and re-dated. */
async function podFrom(scenario: string, name: string, created: string): Promise<Pod> {
  const pod = structuredClone(valueOf((await loadScenario(scenario)).k8s.pod)!);
  pod.metadata.name = name;
  pod.metadata.creationTimestamp = created;
  return pod;
}

function addPod(s: Snapshot, pod: Pod): void {
  s.k8s.pods = { status: "found", value: [...(valueOf(s.k8s.pods) ?? []), pod], source: "k8s/" };
}

describe("irsa_annotation.pod_predates_annotation", () => {
  it("fires high on a pod created before the annotation was written, and restarts its Deployment", async () => {
    const finding = run(await loadScenario(NO_ENV));
    expect(finding?.causeId).toBe("irsa_annotation.pod_predates_annotation");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("payments-api-7d9c8b6f5-x2k4q");
    expect(finding?.detail).toContain("2024-05-14T09:20:41Z");
    expect(finding?.actions.map((a) => a.command)).toEqual(["kubectl rollout restart deployment/payments-api -n payments"]);
  });

  it("fires high on a stale AWS_ROLE_ARN after the annotation moved to another role", async () => {
    const finding = run(await loadScenario(STALE));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("AWS_ROLE_ARN=arn:aws:iam::111122223333:role/payments-api-legacy");
    expect(finding?.detail).toContain(`now names ${ROLE}`);
  });

  it("is medium without the annotation's time, and says how to confirm", async () => {
    const finding = run(await variant(NO_ENV, forgetAnnotationTime));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain("--show-managed-fields");
  });

  it("is high without the annotation's time when a newer pod of the service account got the role", async () => {
    const newer = await podFrom("healthy--irsa", "payments-api-7d9c8b6f5-qq8zt", "2024-05-14T09:40:02Z");
    const finding = run(await variant(NO_ENV, (s) => (forgetAnnotationTime(s), addPod(s, newer))));
    expect(finding?.confidence).toBe("high");
    expect(finding?.evidence.some((e) => e.content.startsWith("Newer Pod payments-api-7d9c8b6f5-qq8zt"))).toBe(true);
  });

  it("is only low when the webhook configuration was not collected and nothing dates the annotation", async () => {
    const s = await variant(NO_ENV, (x) => {
      forgetAnnotationTime(x);
      x.k8s.mutatingWebhooks = notCollected("mutating webhook configurations");
    });
    expect(run(s)?.confidence).toBe("low");
  });

  it("leaves a missing webhook configuration to webhook.not_injecting", async () => {
    const s = await variant(NO_ENV, (x) => {
      x.k8s.mutatingWebhooks = { status: "found", value: [], source: "k8s/" };
    });
    expect(run(s)).toBeNull();
  });

  it("leaves a pod the webhook is told to skip to webhook.not_injecting", async () => {
    const s = await variant(NO_ENV, (x) => {
      const pod = valueOf(x.k8s.pod)!;
      pod.metadata.labels = { ...pod.metadata.labels, "eks.amazonaws.com/skip-pod-identity-webhook": "true" };
    });
    expect(run(s)).toBeNull();
  });

  it("leaves a pod created after the annotation that still lacks the env to webhook.not_injecting", async () => {
    const s = await variant(NO_ENV, (x) => {
      valueOf(x.k8s.pod)!.metadata.creationTimestamp = "2024-05-14T09:25:00Z";
    });
    expect(run(s)).toBeNull();
  });

  it("does not fire when the pod template hard-codes the old AWS_ROLE_ARN (a restart would not change it)", async () => {
    const s = await variant(STALE, (x) => {
      const deployment = valueOf(x.k8s.owners)?.find((o) => o.kind === "Deployment");
      const spec = deployment?.["spec"] as { template: { spec: Pod["spec"] } };
      spec.template.spec.containers[0]!.env!.push({ name: "AWS_ROLE_ARN", value: "arn:aws:iam::111122223333:role/payments-api-legacy" });
    });
    expect(run(s)).toBeNull();
  });

  it("does not fire on healthy, unannotated or malformed-annotation scenarios", async () => {
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
    expect(run(await loadScenario("irsa_annotation.missing--go-no-credential-providers"))).toBeNull();
    expect(run(await loadScenario("irsa_annotation.malformed_arn--extra-colon"))).toBeNull();
  });
});
