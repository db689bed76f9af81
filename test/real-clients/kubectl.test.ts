// kubectl against the emulator, on real scenarios: reads print what the apiserver would make kubectl print,
// an empty list proven by the bundle is an empty List (exit 0), `logs --previous` without a previous run is
// the apiserver's 400, and each fault kind gives kubectl's own error line and exit code 1.

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { startEmulator, type Fault, type StartedEmulator } from "../../src/emulator/index.js";
import { scenarioDir } from "../collect/helpers.js";
import { CLIENT_TIMEOUT_MS, clientEnv, requireClient, run } from "./helpers.js";

const POD = "payments-api-7d9c8b6f5-x2k4q";
let kubectl: string;
let emptyEvents: string;
let noEvents: string;

beforeAll(async () => {
  kubectl = await requireClient("kubectl");
  emptyEvents = await mkdtemp(join(tmpdir(), "irsa-doctor-kubectl-empty-"));
  await cp(scenarioDir("healthy--irsa"), emptyEvents, { recursive: true });
  await writeFile(
    join(emptyEvents, "k8s", "events-payments.yaml"),
    'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
  );
  noEvents = await mkdtemp(join(tmpdir(), "irsa-doctor-kubectl-no-events-"));
  await cp(scenarioDir("healthy--irsa"), noEvents, { recursive: true });
  await rm(join(noEvents, "k8s", "events-payments.yaml"));
});
afterAll(async () => {
  await Promise.all([emptyEvents, noEvents].map((d) => rm(d, { recursive: true, force: true })));
});

async function withKubectl<T>(
  dir: string,
  faults: Fault[],
  fn: (k: (...args: string[]) => ReturnType<typeof run>, e: StartedEmulator) => Promise<T>,
): Promise<T> {
  const e = await startEmulator({ snapshotDir: dir, faults });
  try {
    return await fn((...args) => run(kubectl, ["--request-timeout=20s", ...args], clientEnv(e)), e);
  } finally {
    await e.close();
  }
}

describe("kubectl reads", { timeout: CLIENT_TIMEOUT_MS }, () => {
  test("get pod -o json, get serviceaccount -o yaml, get pods with a label selector", async () => {
    await withKubectl(scenarioDir("healthy--irsa"), [], async (k) => {
      const pod = await k("get", "pod", POD, "-n", "payments", "-o", "json");
      expect(pod.stderr).toBe("");
      expect(pod.code).toBe(0);
      expect(JSON.parse(pod.stdout)).toMatchObject({ apiVersion: "v1", kind: "Pod", metadata: { name: POD, namespace: "payments" } });
      const sa = await k("get", "serviceaccount", "payments-api", "-n", "payments", "-o", "yaml");
      expect(sa.code).toBe(0);
      expect(parse(sa.stdout)).toMatchObject({ kind: "ServiceAccount", metadata: { name: "payments-api" } });
      const listed = await k(
        "get",
        "pods",
        "-n",
        "payments",
        "-l",
        "pod-template-hash=7d9c8b6f5",
        "-o",
        "jsonpath={.items[*].metadata.name}",
      );
      expect([listed.code, listed.stdout]).toEqual([0, POD]);
      const missing = await k("get", "pod", "no-such-pod", "-n", "payments");
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('Error from server (NotFound): pods "no-such-pod" not found');
    });
  });

  test("an empty event list the bundle proves: kubectl prints an empty List and exits 0", async () => {
    await withKubectl(emptyEvents, [], async (k) => {
      const yaml = await k("get", "events", "-n", "payments", "-o", "yaml");
      expect(yaml.code).toBe(0);
      expect(parse(yaml.stdout)).toMatchObject({ apiVersion: "v1", kind: "List", items: [] });
      const table = await k("get", "events", "-n", "payments");
      expect(table.code).toBe(0);
      expect(table.stderr).toContain("No resources found in payments namespace.");
    });
  });

  test("a kind the bundle never listed is Forbidden, not empty", async () => {
    await withKubectl(noEvents, [], async (k) => {
      const r = await k("get", "events", "-n", "payments", "-o", "yaml");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /Error from server \(Forbidden\): events is forbidden: .* in the namespace "payments": the snapshot did not collect this/,
      );
    });
  });

  test("logs, and logs --previous of a restarted container whose previous run is gone: the apiserver's 400", async () => {
    await withKubectl(scenarioDir("irsa_annotation.role_not_found--role-deleted"), [], async (k) => {
      const current = await k("logs", POD, "-n", "payments", "--tail=2");
      expect(current.code).toBe(0);
      expect(current.stdout.trim().split("\n")).toHaveLength(2);
      const previous = await k("logs", POD, "-n", "payments", "--previous");
      expect(previous.code).toBe(1);
      expect(previous.stderr.trim()).toBe(
        `Error from server (BadRequest): previous terminated container "payments-api" in pod "${POD}" not found`,
      );
    });
  });
});

describe("kubectl and each fault kind", { timeout: CLIENT_TIMEOUT_MS }, () => {
  const cases: [Fault["kind"], RegExp][] = [
    [
      "deny",
      /^Error from server \(Forbidden\): pods "payments-api-7d9c8b6f5-x2k4q" is forbidden: User "irsa-doctor-emulator" cannot get resource "pods" in API group "" in the namespace "payments": denied by an injected fault/,
    ],
    ["not_found", /^Error from server \(NotFound\): pods "payments-api-7d9c8b6f5-x2k4q" not found/],
    ["server_error", /^Error from server \(InternalError\): Internal error occurred: injected fault/],
    ["expired_credentials", /^error: You must be logged in to the server \(Unauthorized\)/],
    ["invalid_credentials", /^error: You must be logged in to the server \(Unauthorized\)/],
  ];
  test.each(cases)("%s", async (kind, line) => {
    await withKubectl(scenarioDir("healthy--irsa"), [{ match: { service: "k8s", action: "get pods" }, kind }], async (k) => {
      const r = await k("get", "pod", POD, "-n", "payments", "-o", "name");
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(line);
    });
  });

  // A throttle that never ends makes kubectl retry ten times a second apart: once shows the same answer.
  test("throttle: kubectl waits the Retry-After the apiserver names and gets the pod", async () => {
    await withKubectl(
      scenarioDir("healthy--irsa"),
      [{ match: { service: "k8s", action: "get pods" }, kind: "throttle", times: 1 }],
      async (k, e) => {
        const r = await k("get", "pod", POD, "-n", "payments", "-o", "name");
        expect([r.code, r.stdout.trim()]).toEqual([0, `pod/${POD}`]);
        expect(
          e
            .requests()
            .filter((q) => q.action === "get pods")
            .map((q) => q.status),
        ).toEqual([429, 200]);
      },
    );
  });

  test("timeout: kubectl gives up at its --request-timeout", async () => {
    await withKubectl(scenarioDir("healthy--irsa"), [{ match: { service: "k8s", action: "get pods" }, kind: "timeout" }], async (_k, e) => {
      const r = await run(kubectl, ["--request-timeout=1s", "get", "pod", POD, "-n", "payments"], clientEnv(e));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Client\.Timeout|context deadline exceeded|timeout/i);
    });
  });
});
