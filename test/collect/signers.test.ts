// Live collection looks CloudTrail up for whoever really signs the pod's calls: the IAM user or access key
// its logs or env name (Username / AccessKeyId lookups), or, when nothing names one but a container may carry
// static keys, the services its role grants (EventSource). The emulator answers each lookup from the
// bundle's events as CloudTrail does: only the events of that user, key or service.

import { appendFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { grantedServices, mayCarryStaticKeys, principalsNamed } from "../../src/collect/aws/signers.js";
import type { Pod } from "../../src/snapshot/types.js";
import { liveTargetOf, scenarioDir, withEmulator } from "./helpers.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";

const POD = "payments-api-7d9c8b6f5-x2k4q";
const KEY = "AKIAZ7QWERTYUIOPASD2";
const pod = (env: { name: string; value?: string }[], extra: Record<string, unknown> = {}) =>
  ({ metadata: { name: "p", namespace: "n" }, spec: { containers: [{ name: "app", env, ...extra }] } }) as unknown as Pod;

describe("what names the signer", () => {
  test("an IAM user in an AccessDenied line (with a path), an access key id in a log or in env", () => {
    const logs = [
      "2024-05-14T09:31:02Z ERROR AccessDenied: User: arn:aws:iam::111122223333:user/ci/svc-legacy is not authorized to perform: s3:GetObject",
      `2024-05-14T09:31:03Z WARN using key ${KEY}`,
    ];
    expect(principalsNamed(pod([{ name: "AWS_ACCESS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" }]), logs)).toEqual([
      { key: "Username", value: "svc-legacy" },
      { key: "AccessKeyId", value: "AKIAIOSFODNN7EXAMPLE" },
      { key: "AccessKeyId", value: KEY },
    ]);
  });

  test("a role session is not a user, and a session key (ASIA) is not a long-term key", () => {
    const logs = ["User: arn:aws:sts::111122223333:assumed-role/payments-api-irsa/1715677516 is not authorized; key ASIAZ7QWERTYUIOPASD2"];
    expect(principalsNamed(pod([]), logs)).toEqual([]);
  });

  test("static keys may be carried by env keys, an envFrom Secret or a mounted .aws folder; a ConfigMap or the token alone carries none", () => {
    expect(mayCarryStaticKeys(pod([{ name: "AWS_SECRET_ACCESS_KEY" }]))).toBe(true);
    expect(mayCarryStaticKeys(pod([], { envFrom: [{ secretRef: { name: "legacy-aws" } }] }))).toBe(true);
    expect(mayCarryStaticKeys(pod([], { volumeMounts: [{ name: "c", mountPath: "/root/.aws" }] }))).toBe(true);
    expect(
      mayCarryStaticKeys(
        pod([{ name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: "/var/run/x/token" }], { envFrom: [{ configMapRef: { name: "c" } }] }),
      ),
    ).toBe(false);
  });

  test("the services a role's allowed actions name, once each, in order; Deny and malformed documents add none", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["sqs:SendMessage", "sqs:GetQueueUrl"], Resource: "*" },
        { Effect: "Deny", Action: "kms:Decrypt", Resource: "*" },
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" },
      ],
    };
    expect(grantedServices([doc, encodeURIComponent(JSON.stringify(doc)), "{not json", { Statement: "x" }])).toEqual([
      "sqs",
      "secretsmanager",
    ]);
  });
});

/** A CloudTrail event as `aws cloudtrail lookup-events` prints it. */
function event(id: string, user: string, key: string, source: string, at: string) {
  const record = {
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::111122223333:user/${user}`, accessKeyId: key, userName: user },
    eventTime: at,
    eventSource: source,
    eventName: "GetObject",
    userAgent: "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2",
  };
  return {
    EventId: id,
    EventName: "GetObject",
    ReadOnly: "true",
    AccessKeyId: key,
    EventTime: at,
    EventSource: source,
    Username: user,
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

describe("over the emulator", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "irsa-doctor-signers-"));
    await cp(scenarioDir("healthy--irsa"), dir, { recursive: true });
    // The bundle holds the calls of two IAM users; the pod's log names one of them.
    await writeFile(
      join(dir, "aws", "cloudtrail-lookup-events-audit.json"),
      JSON.stringify({
        Events: [
          event("e1", "svc-legacy", "AKIAIOSFODNN7EXAMPLE", "s3.amazonaws.com", "2024-05-14T09:20:00Z"),
          event("e2", "someone-else", KEY, "s3.amazonaws.com", "2024-05-14T09:21:00Z"),
        ],
      }),
    );
    await appendFile(
      join(dir, "logs", POD, "payments-api.log"),
      "2024-05-14T09:31:02.000Z ERROR aws AccessDenied: User: arn:aws:iam::111122223333:user/svc-legacy is not authorized to perform: s3:GetObject\n",
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function live(bundle: string) {
    const offline = await loadSnapshotDir(bundle);
    return withEmulator(bundle, {}, () =>
      collectLive(liveTargetOf(offline.target), { cluster: "prod-eu", timeoutMs: 5000, clock: () => new Date("2024-05-14T10:00:00Z") }),
    );
  }
  const lookups = (calls: { action: string; subject: string }[]) =>
    calls.filter((c) => c.action === "LookupEvents" && /^(Username|AccessKeyId|EventSource) /.test(c.subject)).map((c) => c.subject);
  const eventIds = (r: Awaited<ReturnType<typeof live>>) =>
    r.snapshot.aws.cloudTrail.status === "found" ? r.snapshot.aws.cloudTrail.value.map((e) => e.EventId).sort() : [];

  test("a log naming an IAM user: its calls are looked up by Username, and only its calls come back", async () => {
    const r = await live(dir);
    expect(lookups(r.calls)).toEqual(["Username svc-legacy"]);
    expect(eventIds(r)).toEqual(["e1"]);
    expect(r.captured.aws.map((a) => a.file)).toContainEqual(expect.stringMatching(/^cloudtrail-lookup-events-username-svc-legacy\b/));
  });

  // (The offline loader masks env values under credential names, so the emulator serves AWS_ACCESS_KEY_ID
  // masked: the env case is the unit test's above.)
  test("an access key id in a log: looked up by AccessKeyId, the key itself in no command, record or file name", async () => {
    const keyed = await mkdtemp(join(tmpdir(), "irsa-doctor-signers-key-"));
    try {
      await cp(dir, keyed, { recursive: true });
      await writeFile(join(keyed, "logs", POD, "payments-api.log"), `2024-05-14T09:31:02.000Z WARN aws static credentials ${KEY} loaded\n`);
      const r = await live(keyed);
      expect(lookups(r.calls)).toEqual(["AccessKeyId AKIA[REDACTED]"]);
      expect(eventIds(r)).toEqual(["e2"]);
      const said = JSON.stringify([r.calls, r.captured.aws.map((a) => a.file), r.captured.awsErrors]);
      expect(said).not.toContain(KEY);
    } finally {
      await rm(keyed, { recursive: true, force: true });
    }
  });

  test("nothing names a signer and no container carries static keys: no extra lookup", async () => {
    const r = await live(scenarioDir("healthy--irsa"));
    expect(lookups(r.calls)).toEqual([]);
  });

  test("an envFrom Secret and nothing naming the signer: the services the role grants are looked up by EventSource, after its policy", async () => {
    const name = "credential_chain.static_keys--legacy-secret-envfrom-keys-found-in-audit";
    const offline = await loadSnapshotDir(scenarioDir(name));
    const r = await withEmulator(scenarioDir(name), {}, () =>
      collectLive(liveTargetOf(offline.target), {
        cluster: "payments-prod",
        timeoutMs: 5000,
        clock: () => new Date(offline.target.capturedAt ?? "2025-09-16T10:05:00Z"),
      }),
    );
    expect(lookups(r.calls)).toEqual(["EventSource sqs.amazonaws.com", "EventSource secretsmanager.amazonaws.com"]);
    const round = (action: string, subject: string) => r.calls.find((c) => c.action === action && c.subject.startsWith(subject))!.round;
    expect(round("LookupEvents", "EventSource sqs")).toBeGreaterThan(round("GetPolicyVersion", "arn:aws:iam::444455556666:policy/"));
    const users = r.snapshot.aws.cloudTrail.status === "found" ? r.snapshot.aws.cloudTrail.value.map((e) => e.Username) : [];
    expect(users).toContain("svc-orders-legacy");
  });
});
