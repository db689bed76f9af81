// The AWS side starts once the SDK has loaded; by then the cluster's answers may all be in. The rounds it
// records must still be the dependencies' rounds, not the order its callbacks happen to run in: the pod's env
// names the IRSA role in round 1, so the role is read in round 2 even when the service account (round 2)
// was answered before the AWS side began. Over real HTTP against the emulator.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { AwsReads, collectAws, createAwsClients } from "../../src/collect/aws/side.js";
import { Calls } from "../../src/collect/calls.js";
import type { K8sSignals } from "../../src/collect/kubernetes/collect.js";
import { failedOutcome } from "../../src/collect/outcome.js";
import type { Pod, ServiceAccount } from "../../src/snapshot/types.js";
import { scenarioDir, withEmulator } from "./helpers.js";

const SCENARIO = scenarioDir("healthy--irsa");

test("a role named by both the pod (round 1) and its service account (round 2) is read in round 2", async () => {
  const pod = parse(await readFile(join(SCENARIO, "k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml"), "utf8")) as Pod;
  const sa = parse(await readFile(join(SCENARIO, "k8s/serviceaccount-payments-api.yaml"), "utf8")) as ServiceAccount;
  // Both answers are in before the AWS side starts.
  const signals: K8sSignals = {
    pod: Promise.resolve({ value: pod, round: 1 }),
    serviceAccountName: Promise.resolve({ value: "payments-api", round: 1 }),
    serviceAccount: Promise.resolve({ value: sa, round: 2 }),
    podLogs: Promise.resolve({ value: [], round: 2 }),
    issuerDiscovery: (after) => Promise.resolve(failedOutcome({ kind: "error", detail: "not read in this test" }, after)),
  };
  const calls = await withEmulator(SCENARIO, {}, async () => {
    const setup = await createAwsClients({ region: "eu-west-1", timeoutMs: 5000 });
    try {
      const calls = new Calls();
      const ctx = {
        cluster: "prod-eu",
        region: "eu-west-1",
        namespace: "payments",
        incidentTime: null,
        now: new Date("2024-05-14T09:40:00Z"),
      };
      await collectAws(new AwsReads(setup.clients, calls, 5000), calls, ctx, signals);
      return calls.records;
    } finally {
      setup.close();
    }
  });
  const roundOf = (action: string) =>
    calls.filter((c) => c.action === action && c.subject.includes("payments-api-irsa")).map((c) => c.round);
  expect(roundOf("GetRole")).toEqual([2]);
  expect(roundOf("ListAttachedRolePolicies")).toEqual([2]);
});
