// get_cloudwatch_logs through the real MCP server and the real CloudWatch Logs client: the audit stream
// search with its window, bounds, paging and redaction (a loopback Logs endpoint with content), and
// against the emulator: an empty search, a log group that does not exist (logging off: an answer with the
// operator's command), a denied read, the offline bundle that has no logs.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from "../../src/emulator/start.js";
import { HEALTHY_IRSA, NOW, type ToolServer, onlyReads, snapshotOf, startToolServer, withEmulator, withEnv } from "./helpers.js";
import { type LogEventFixture, type LogsServerOptions, startLogsServer } from "./support/logs-server.js";

const JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl";
const minutesAgo = (m: number) => NOW.getTime() - m * 60_000;

function auditEvent(verb: string, name: string, user: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "RequestResponse",
    stage: "ResponseComplete",
    verb,
    user: { username: user },
    objectRef: { resource: "serviceaccounts", namespace: "payments", name, apiVersion: "v1" },
    responseStatus: { code: 200 },
    requestObject: { kind: "ServiceAccount", ...extra },
    stageTimestamp: "2024-05-14T09:40:00.000000Z",
  });
}

const EVENTS: LogEventFixture[] = [
  {
    timestamp: minutesAgo(20),
    logStreamName: "kube-apiserver-audit-1a2b",
    message: auditEvent("patch", "payments-api", "alice@example.com", {
      metadata: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/other" } },
    }),
  },
  {
    timestamp: minutesAgo(30),
    logStreamName: "kube-apiserver-audit-1a2b",
    message: auditEvent("update", "payments-api", "ci-bot", { note: `token=${JWT}` }),
  },
  {
    timestamp: minutesAgo(10),
    logStreamName: "kube-apiserver-audit-3c4d",
    message: "ServiceAccount sync failed: key AKIAIOSFODNN7EXAMPLE rejected",
  },
  { timestamp: minutesAgo(5), logStreamName: "authenticator-9f8e", message: "ServiceAccount token accepted for payments-api" },
  { timestamp: minutesAgo(90), logStreamName: "kube-apiserver-audit-1a2b", message: auditEvent("delete", "old-sa", "alice@example.com") },
  {
    timestamp: minutesAgo(15),
    logStreamName: "kube-apiserver-audit-1a2b",
    message: '{"kind":"Event","verb":"get","objectRef":{"resource":"pods"}}',
  },
];

async function withLogsServer<T>(
  options: Partial<LogsServerOptions>,
  fn: (s: Awaited<ReturnType<typeof startLogsServer>>) => Promise<T>,
): Promise<T> {
  const s = await startLogsServer({ events: EVENTS, pageSize: 2, enabledLogTypes: ["api", "audit", "authenticator"], ...options });
  try {
    return await withEnv(
      {
        AWS_ENDPOINT_URL: s.url,
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
        KUBECONFIG: "",
      },
      () => fn(s),
    );
  } finally {
    await s.close();
  }
}

let server: ToolServer;
beforeAll(async () => {
  server = await startToolServer();
});
afterAll(async () => {
  await server.close();
});

const RUNBOOK_ARGS = { clusterName: "prod-eu", resource_type: "cluster", log_type: "control-plane" };

describe("get_cloudwatch_logs over CloudWatch Logs", () => {
  it("searches the audit streams of the last hour and says who changed which ServiceAccount, redacted", async () => {
    await withLogsServer({}, async (s) => {
      const r = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, filter_pattern: "ServiceAccount" });
      expect(r.isError, r.text).toBe(false);
      expect(r.structured).toMatchObject({
        log_group: "/aws/eks/prod-eu/cluster",
        log_stream_prefix: "kube-apiserver-audit",
        filter_pattern: "ServiceAccount",
        window: { start: "2024-05-14T09:00:00.000Z", end: "2024-05-14T10:00:00.000Z" },
        status: "ok",
        logging_enabled: true,
        enabled_log_types: ["api", "audit", "authenticator"],
        operator_action: null,
        count: 3,
        truncated: false,
      });
      const events = r.structured["events"] as {
        timestamp: string;
        audit: Record<string, unknown> | null;
        message: string;
        log_stream: string;
      }[];
      expect(events.map((e) => e.timestamp)).toEqual([
        new Date(minutesAgo(30)).toISOString(),
        new Date(minutesAgo(20)).toISOString(),
        new Date(minutesAgo(10)).toISOString(),
      ]);
      expect(events[1]?.audit).toEqual({
        verb: "patch",
        user: "alice@example.com",
        resource: "serviceaccounts",
        namespace: "payments",
        name: "payments-api",
        response_code: 200,
        stage: "ResponseComplete",
        time: "2024-05-14T09:40:00.000000Z",
      });
      expect(events[2]?.audit).toBeNull();
      expect(r.text).not.toContain("AKIAIOSFODNN7EXAMPLE");
      expect(r.text).not.toContain(JWT.slice(0, 30));
      expect(events[0]?.message).toContain("[REDACTED]");
      expect(s.filterRequests[0]).toMatchObject({
        logGroupName: "/aws/eks/prod-eu/cluster",
        logStreamNamePrefix: "kube-apiserver-audit",
        filterPattern: "ServiceAccount",
        startTime: minutesAgo(60),
        endTime: NOW.getTime(),
      });
      expect(s.requests.every((q) => q.endsWith("FilterLogEvents") || q.startsWith("GET /clusters/"))).toBe(true);
    });
  });

  it("follows nextToken up to the limit and flags the rest as truncated", async () => {
    await withLogsServer({}, async (s) => {
      const r = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, limit: 3, log_stream_prefix: "", minutes: 120 });
      expect(r.structured).toMatchObject({ count: 3, truncated: true });
      expect(s.filterRequests.map((b) => [b["limit"], b["nextToken"] ?? null])).toEqual([
        [3, null],
        [1, "2"],
      ]);
    });
  });

  it("takes an explicit window in RFC 3339 or epoch milliseconds", async () => {
    await withLogsServer({}, async (s) => {
      const r = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, startTime: "2024-05-14T08:00:00Z", endTime: minutesAgo(60) });
      expect(r.structured["window"]).toEqual({ start: "2024-05-14T08:00:00.000Z", end: "2024-05-14T09:00:00.000Z" });
      expect((r.structured["events"] as { audit: { verb: string } }[]).map((e) => e.audit.verb)).toEqual(["delete"]);
      expect(s.filterRequests[0]).toMatchObject({ startTime: Date.parse("2024-05-14T08:00:00Z"), endTime: minutesAgo(60) });
    });
  });

  it("says the audit log type is off when the cluster logs other types only, with the operator's command", async () => {
    await withLogsServer({ enabledLogTypes: ["api"] }, async () => {
      const r = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, filter_pattern: "ServiceAccount" });
      expect(r.structured["enabled_log_types"]).toEqual(["api"]);
      expect(r.structured["message"]).toContain(
        "The audit log type is not enabled (enabled: api), so ServiceAccount changes are not logged",
      );
      expect(r.structured["operator_action"]).toContain("aws eks update-cluster-config --region eu-west-1 --name prod-eu --logging");
    });
  });

  it("refuses a time that is not one, and an empty window, before any request", async () => {
    await withLogsServer({}, async (s) => {
      const bad = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, startTime: "yesterday" });
      expect(bad.text).toBe('startTime "yesterday" is not a time: pass RFC 3339 (2024-05-14T09:00:00Z) or epoch milliseconds.');
      const empty = await server.call("get_cloudwatch_logs", {
        ...RUNBOOK_ARGS,
        startTime: "2024-05-14T10:00:00Z",
        endTime: "2024-05-14T09:00:00Z",
      });
      expect(empty.text).toBe(
        "The time window is empty: startTime 2024-05-14T10:00:00.000Z is not before endTime 2024-05-14T09:00:00.000Z.",
      );
      const huge = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, endTime: 9e15 });
      expect(huge.text).toBe("endTime 9000000000000000 is outside the times a date can hold: pass RFC 3339 or epoch milliseconds.");
      expect(s.requests).toEqual([]);
    });
  });
});

describe("get_cloudwatch_logs over the emulator", () => {
  it("answers an empty search with the cluster's enabled log types", async () => {
    await withEmulator(HEALTHY_IRSA, {}, async (e) => {
      const r = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, filter_pattern: "podidentityassociation" });
      expect(r.structured).toMatchObject({
        status: "ok",
        count: 0,
        events: [],
        enabled_log_types: ["api", "audit", "authenticator"],
        region: "eu-west-1",
      });
      expect(onlyReads(e.requests())).toEqual([]);
    });
  });

  it("says control-plane logging is off when the log group does not exist, and recommends the operator's command", async () => {
    await withEmulator(
      HEALTHY_IRSA,
      { faults: [{ match: { service: "logs", action: "FilterLogEvents" }, kind: "not_found" }] },
      async (e) => {
        const r = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, filter_pattern: "ServiceAccount" });
        expect(r.isError).toBe(false);
        expect(r.structured).toMatchObject({ status: "log_group_missing", logging_enabled: false, count: 0, events: [] });
        expect(r.structured["message"]).toBe(
          "The log group /aws/eks/prod-eu/cluster does not exist in eu-west-1: control-plane logging is not enabled for cluster prod-eu, so there are no audit logs to search.",
        );
        expect(r.structured["operator_action"]).toBe(
          `Operator action (irsa-doctor never runs it): aws eks update-cluster-config --region eu-west-1 --name prod-eu --logging '{"clusterLogging":[{"types":["api","audit","authenticator"],"enabled":true}]}'. Only events after it is enabled are logged.`,
        );
        expect(
          e
            .requests()
            .map((q) => q.action)
            .sort(),
        ).toEqual(["DescribeCluster", "FilterLogEvents"]);
        expect(onlyReads(e.requests())).toEqual([]);
      },
    );
  });

  it("names logs:FilterLogEvents when the search is denied", async () => {
    await withEmulator(HEALTHY_IRSA, { faults: [{ match: { service: "logs", action: "FilterLogEvents" }, kind: "deny" }] }, async () => {
      const r = await server.call("get_cloudwatch_logs", RUNBOOK_ARGS);
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/^Could not read log group \/aws\/eks\/prod-eu\/cluster: logs:FilterLogEvents denied/);
    });
  });

  it("says an offline bundle holds no CloudWatch logs instead of reporting none found", async () => {
    const r = await server.call("get_cloudwatch_logs", { ...RUNBOOK_ARGS, snapshot: snapshotOf(HEALTHY_IRSA) });
    expect(r.structured).toMatchObject({ status: "not_collected", logging_enabled: null, count: 0, region: "eu-west-1" });
    expect(r.structured["message"]).toMatch(/holds no CloudWatch Logs/);
  });
});
