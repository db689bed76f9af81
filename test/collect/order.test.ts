// The order a live collection starts its reads in (src/collect/live.ts): the Kubernetes side first, where an
// IRSA diagnosis's chain of dependent reads begins (the pod), then the AWS side once its SDK has loaded; and
// the caller is told once the pod's answer is in and the reads that hang on it are out (diagnose loads the
// runbook only then).

import { expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { scenarioDir, withEmulator } from "./helpers.js";

const target = { namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4q", incidentTime: "2024-05-14T09:32:00Z" };

test("the pod is asked for before any AWS read; onFirstAnswer is told once, with the reads that hang on the pod out", async () => {
  let told = 0;
  const startedWhenTold: string[] = [];
  const live = await withEmulator(scenarioDir("healthy--irsa"), {}, async (e) => {
    return collectLive(target, {
      cluster: "prod-eu",
      timeoutMs: 5000,
      onFirstAnswer: () => {
        told++;
        startedWhenTold.push(...e.requests().map((r) => `${r.service} ${r.action}`));
      },
    });
  });
  expect(told).toBe(1);
  const first = (service: (s: string) => boolean) => Math.min(...live.calls.filter((c) => service(c.service)).map((c) => c.startMs));
  const pod = live.calls.find((c) => c.service === "k8s" && c.action === "get pods");
  expect(pod?.round).toBe(1);
  expect(pod!.startMs).toBeLessThanOrEqual(first((s) => s !== "k8s"));
  // Told once the pod was read and the reads that hang on it were on the wire: the emulator (in this
  // process) had the pod's service account asked for.
  expect(startedWhenTold).toContain("k8s get pods");
  expect(startedWhenTold).toContain("k8s get serviceaccounts");
  expect(live.snapshot.target.pod).toBe(target.pod);
});
