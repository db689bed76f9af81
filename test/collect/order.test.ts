// The order a live collection starts its reads in (src/collect/live.ts): the Kubernetes side first, where an
// IRSA diagnosis's chain of dependent reads begins (the pod), then the AWS side once its SDK has loaded; and
// the caller is told once when both have started (diagnose loads the runbook only then).

import { expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { scenarioDir, withEmulator } from "./helpers.js";

const target = { namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4q", incidentTime: "2024-05-14T09:32:00Z" };

test("the pod is asked for before any AWS read and reaches the server before the AWS SDK loads; onReadsStarted is told once", async () => {
  let told = 0;
  const startedWhenTold: string[] = [];
  const live = await withEmulator(scenarioDir("healthy--irsa"), {}, async (e) => {
    return collectLive(target, {
      cluster: "prod-eu",
      timeoutMs: 5000,
      onReadsStarted: () => {
        told++;
        startedWhenTold.push(...e.requests().map((r) => r.service));
      },
    });
  });
  expect(told).toBe(1);
  const first = (service: (s: string) => boolean) => Math.min(...live.calls.filter((c) => service(c.service)).map((c) => c.startMs));
  const pod = live.calls.find((c) => c.service === "k8s" && c.action === "get pods");
  expect(pod?.round).toBe(1);
  expect(pod!.startMs).toBeLessThanOrEqual(first((s) => s !== "k8s"));
  // The Kubernetes reads were written before the AWS SDK loaded: the emulator (in this process) had them.
  expect(startedWhenTold).toContain("k8s");
  expect(live.snapshot.target.pod).toBe(target.pod);
});
