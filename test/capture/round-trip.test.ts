// Capture through the emulator, then load the captured folder offline: the same evidence comes back
// (what was found, found with the same value; what was absent, absent; what could not be read, still not
// found), for every scenario; and the report the operator reads (cause, confidence, missing evidence) is the
// same offline, live and from the capture. Recorded absences (NoSuchEntity) survive as aws/<command>-<subject>.error.txt.

import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { redactDeep } from "../../src/redact/index.js";
import { collectLive } from "../../src/collect/index.js";
import type { Evidence } from "../../src/snapshot/evidence.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { writeSnapshotDir } from "../../src/snapshot/write/index.js";
import type { Fault } from "../../src/emulator/types.js";
import { liveTargetOf, scenarioDir, scenarioNames, stateOf, withEmulator } from "../collect/helpers.js";
import { diagnoseSnapshot } from "../support/scenarios.js";

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "irsa-doctor-capture-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function expectSameState(offline: Evidence<unknown> | undefined, live: Evidence<unknown> | undefined, what: string): void {
  const l = stateOf(live);
  const o = stateOf(offline);
  // The capture holds what live read less its secrets (an access key id in a CloudTrail event, say).
  if (l.status === "found" || l.status === "absent") expect(o, what).toEqual(redactDeep(l));
  else expect(o.status, `${what}: live could not read it, so the capture cannot hold it`).not.toBe("found");
}

/** Every piece of evidence of `live` has the same state in `offline`. */
function expectSameEvidence(offline: Snapshot, live: Snapshot): void {
  for (const key of Object.keys(live.k8s) as (keyof Snapshot["k8s"])[])
    if (key !== "configMaps") expectSameState(offline.k8s[key], live.k8s[key], `k8s.${key}`);
  // ConfigMaps by name: what live read (reduced to the keys that set AWS_* variables) loads back the same.
  expect(Object.keys(offline.k8s.configMaps ?? {}), "k8s.configMaps").toEqual(Object.keys(live.k8s.configMaps ?? {}));
  for (const [cm, e] of Object.entries(live.k8s.configMaps ?? {})) expectSameState(offline.k8s.configMaps?.[cm], e, `k8s.configMaps.${cm}`);
  for (const key of [
    "callerIdentity",
    "cluster",
    "podIdentityAssociations",
    "podIdentityAddon",
    "oidcProviderList",
    "cloudTrail",
  ] as const) {
    expectSameState(offline.aws[key], live.aws[key], `aws.${key}`);
  }
  for (const group of ["oidcProviders", "roles", "rolePermissions"] as const) {
    const l = live.aws[group] as Record<string, Evidence<unknown>>;
    const o = offline.aws[group] as Record<string, Evidence<unknown>>;
    expect(Object.keys(o).sort(), `aws.${group} keys`).toEqual(Object.keys(l).sort());
    // A role recorded as not existing (get-role-<name>.error.txt) makes its policies absent offline too.
    for (const key of Object.keys(l)) expectSameState(o[key], l[key], `aws.${group}.${key}`);
  }
  expectSameState(offline.logs, live.logs, "logs");
}

async function capture(name: string, dir: string, faults: Fault[] = [], rename = name) {
  const offline = await loadSnapshotDir(dir);
  // Replayed at the time the bundle was captured, so CloudTrail windows cover the same events.
  const at = offline.target.capturedAt;
  const clock = at ? { clock: () => new Date(at) } : {};
  const live = await withEmulator(dir, { faults }, () =>
    collectLive(liveTargetOf(offline.target), { cluster: offline.target.cluster ?? undefined, timeoutMs: 5000, ...clock }),
  );
  const captured = join(out, rename);
  const written = await writeSnapshotDir(live.snapshot, live.captured, captured);
  return { live, captured, written, reloaded: await loadSnapshotDir(captured) };
}

describe.each(scenarioNames())("scenario %s", (name) => {
  const same = EVIDENCE_NOT_YET_EQUAL.has(name) ? test.fails : test;
  same("captured live and loaded offline, the evidence is the same", async () => {
    const { live, reloaded } = await capture(name, scenarioDir(name));
    expectSameEvidence(reloaded, live.snapshot);
    expect(reloaded.target).toEqual(live.snapshot.target);
  });

  // Scenarios that landed on main after this comparison was written and disagree today (not yet examined):
  // kept visible with test.fails, which fails the day they agree, so the list can only shrink.
  const agrees = VERDICT_NOT_YET_EQUAL.has(name) ? test.fails : test;
  agrees("offline, live and captured agree on the cause, the confidence and the missing evidence", async () => {
    const { live, reloaded } = await capture(name, scenarioDir(name), [], `${name}--verdict`);
    // A bundle may hold the logs of a pod it did not save: live finds no pod, so it can read no log. The
    // operator's report is then compared on what both sides could read.
    const bundle = await loadSnapshotDir(scenarioDir(name));
    const logs = live.snapshot.logs;
    const logsGap = logs.status === "unavailable" && BUNDLE_GAP.test(logs.detail);
    const offlineOnly = OFFLINE_ONLY_LOGS[name];
    if (offlineOnly) expect(bundle.logs.status === "found" && bundle.logs.value.files.some((f) => f.startsWith(offlineOnly))).toBe(true);
    const offline = await verdictOf(logsGap ? { ...bundle, logs } : offlineOnly ? withoutLogsUnder(bundle, offlineOnly) : bundle);
    // Live may ask for more than the bundle holds (a near-miss association it never described): the
    // emulator refuses that as not collected, and only that (and what the capture then lacks) may be
    // missing on top.
    const gaps = new Set<string>();
    for (const [label, snapshot] of [
      ["live", live.snapshot],
      ["captured", reloaded],
    ] as const) {
      const other = await verdictOf(snapshot);
      expect({ cause: other.cause, confidence: other.confidence }, label).toEqual({ cause: offline.cause, confidence: offline.confidence });
      // Everything offline could not check, live and the capture could not check either, for the same reason.
      expect(other.missing, `${label}: missing evidence`).toEqual(expect.arrayContaining(offline.missing));
      const extra = other.missingDetails.filter((m) => !offline.missing.includes(m.key));
      for (const m of extra) if (BUNDLE_GAP.test(m.detail)) gaps.add(m.key);
      expect(
        extra.filter((m) => !gaps.has(m.key)),
        `${label}: missing only ${label}`,
      ).toEqual([]);
    }
  });
});

/**
 * Offline-only inputs: logs a bundle may hold that live collection does not read, by scenario, compared on what
 * live can read. `logs/control-plane/` is the EKS API server's log exported from CloudWatch Logs (the cluster's
 * /aws/eks/<cluster>/cluster group, when control-plane logging is on): live collection reads no CloudWatch Logs (the
 * MCP tool get_cloudwatch_logs does, on request, with logs:FilterLogEvents), so there the webhook failing open at
 * the pod's creation is not seen and the same cause comes out at medium instead of high.
 */
const OFFLINE_ONLY_LOGS: Record<string, string> = {
  "webhook.not_injecting--pod-identity-webhook-config-replaced-failing-open": "control-plane/",
};

/** The snapshot without the recognised lines of the log files under `prefix` (relative to logs/). */
function withoutLogsUnder(s: Snapshot, prefix: string): Snapshot {
  if (s.logs.status !== "found") return s;
  const dropped = s.logs.value.matches.filter((m) => m.file.startsWith(prefix));
  const counts = { ...s.logs.value.counts };
  for (const m of dropped) counts[m.patternId] = (counts[m.patternId] ?? 1) - 1;
  for (const [k, v] of Object.entries(counts)) if (v <= 0) delete counts[k];
  const value = {
    files: s.logs.value.files.filter((f) => !f.startsWith(prefix)),
    matches: s.logs.value.matches.filter((m) => !m.file.startsWith(prefix)),
    counts,
  };
  return { ...s, logs: { ...s.logs, value } };
}

/** Scenarios that landed disagreeing, each with why, kept only until fixed (test.fails: the list can only shrink). */
const VERDICT_NOT_YET_EQUAL = new Set<string>([]);

/** Evidence that differs after the round trip, not yet examined. test.fails, so the list can only shrink. */
const EVIDENCE_NOT_YET_EQUAL = new Set<string>([
  // Released from held-back set 6. Live describes every association of the namespace (kube-system holds Karpenter's
  // too) and capture writes them all; loaded back, the loader keys the role of each association it holds, so the
  // capture keys Karpenter's controller role, which live (keying only the workload's roles) never looked up.
  "pod_identity.association_missing--ebs-csi-addon-pods-started-before-association",
]);

/** The emulator's own refusal of what the bundle does not hold, and what follows from it. */
const BUNDLE_GAP =
  /irsa-doctor emulator: the snapshot did not (capture|collect) this|the snapshot did not collect this \(irsa-doctor emulator\)|the snapshot has no log of container .* \(irsa-doctor emulator\)|no pod was found, so no container log was read/;

/** What the operator acts on: the cause, how sure, and what could not be checked (and why). */
async function verdictOf(snapshot: Snapshot | Promise<Snapshot>) {
  const { report } = await diagnoseSnapshot(await snapshot);
  // Offline "not collected" is the emulator's 403 live: both say "could not be checked", which is what counts.
  const reason = (r: string) => (r === "not_collected" || r === "permission_denied" ? "not checked" : r);
  const missingDetails = report.missing_evidence.map((m) => ({ key: `${m.what}: ${reason(m.reason)}`, detail: m.detail }));
  return { cause: report.cause_id, confidence: report.confidence, missing: missingDetails.map((m) => m.key).sort(), missingDetails };
}

describe("recorded absences and refusals", () => {
  test("a role IAM says does not exist is absent after the round trip, from get-role-<name>.error.txt", async () => {
    const { live, reloaded, written, captured } = await capture(
      "healthy--irsa",
      scenarioDir("healthy--irsa"),
      [{ match: { service: "iam", action: "GetRole" }, kind: "not_found" }],
      "absent-role",
    );
    expect(live.snapshot.aws.roles["payments-api-irsa"]?.status).toBe("absent");
    expect(written).toContain("aws/get-role-payments-api-irsa.error.txt");
    const line = await readFile(join(captured, "aws", "get-role-payments-api-irsa.error.txt"), "utf8");
    expect(line).toMatch(/^\nAn error occurred \(NoSuchEntity\) when calling the GetRole operation: /);
    expect(reloaded.aws.roles["payments-api-irsa"]?.status).toBe("absent");
  });

  test("an add-on that is not installed stays absent, not 'not collected'", async () => {
    const { live, reloaded } = await capture(
      "healthy--irsa",
      scenarioDir("healthy--irsa"),
      [{ match: { service: "eks", action: "DescribeAddon" }, kind: "not_found" }],
      "no-addon",
    );
    expect(live.snapshot.aws.podIdentityAddon.status).toBe("absent");
    expect(reloaded.aws.podIdentityAddon.status).toBe("absent");
  });

  test("a refused Kubernetes kind is saved as a plain List, so offline it reads not collected, never absent", async () => {
    const { live, reloaded, captured } = await capture(
      "healthy--irsa",
      scenarioDir("healthy--irsa"),
      [{ match: { service: "k8s", action: "list events" }, kind: "deny" }],
      "denied-events",
    );
    expect(live.snapshot.k8s.events).toMatchObject({ status: "unavailable", reason: "permission_denied" });
    expect(reloaded.k8s.events.status).toBe("unavailable");
    expect(await readdir(join(captured, "k8s"))).not.toContain("events.yaml");
    const pods = await readFile(join(captured, "k8s", "pods.yaml"), "utf8");
    expect(pods).toMatch(/^apiVersion: "v1"\nkind: "PodList"\n/);
  });
});
