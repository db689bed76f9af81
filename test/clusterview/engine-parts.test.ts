// The engine's small pure parts, each on the cases that once were or easily could be wrong: kind lookup
// (plurals, Secrets), kubectl-style ages and pod reasons, AWS time spellings, audit event reading,
// deep redaction, and the Logs client's read-only gate (refused before anything is sent).

import { describe, expect, it } from "vitest";
import { createAwsClients } from "../../src/collect/aws/clients.js";
import { auditSummary } from "../../src/clusterview/cloudwatch/audit.js";
import { NotALogsReadError, createLogsClient } from "../../src/clusterview/cloudwatch/client.js";
import { lookupKind } from "../../src/clusterview/kinds.js";
import { apiPath as kindPath } from "../../src/kube/paths.js";
import { sanitizeObject } from "../../src/clusterview/sanitize.js";
import { podReason } from "../../src/clusterview/summaries/pod.js";
import { ageOf, isoOf } from "../../src/clusterview/summaries/time.js";
import type { Pod } from "../../src/snapshot/types.js";
import { withEnv } from "./helpers.js";
import { startLogsServer } from "./support/logs-server.js";

describe("kinds", () => {
  it.each(["Pod", "pod", "pods", " Pods "])("%j is the Pod kind at /api/v1", (name) => {
    const found = lookupKind(name, "v1");
    expect(found.ok && kindPath(found.info, "payments", "p-1")).toBe("/api/v1/namespaces/payments/pods/p-1");
  });

  it("builds the all-namespaces path for a namespaced kind without a namespace, and a cluster-scoped path", () => {
    const ds = lookupKind("DaemonSet", "apps/v1");
    const mwc = lookupKind("mutatingwebhookconfigurations", undefined);
    expect(ds.ok && kindPath(ds.info, null)).toBe("/apis/apps/v1/daemonsets");
    expect(mwc.ok && kindPath(mwc.info, "ignored")).toBe("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations");
  });

  it.each(["Secret", "secret", "SECRETS"])("%j is refused with the reason", (name) => {
    const found = lookupKind(name, "v1");
    expect(found.ok).toBe(false);
    expect(!found.ok && found.message).toMatch(/^irsa-doctor never reads Secrets/);
  });
});

describe("ages and times", () => {
  const now = new Date("2024-05-14T10:00:00Z");
  it.each([
    ["2024-05-14T09:59:15Z", "45s"],
    ["2024-05-14T09:58:00Z", "2m"],
    ["2024-05-14T07:00:00Z", "3h"],
    ["2024-05-14T04:30:00Z", "5h30m"],
    ["2024-05-11T06:00:00Z", "3d4h"],
    ["2024-01-01T00:00:00Z", "134d"],
    ["2024-05-14T10:00:30Z", "0s"],
  ])("created %s is %s old", (created, age) => {
    expect(ageOf(created, now)).toBe(age);
  });

  it("has no age without a valid timestamp", () => {
    expect(ageOf(undefined, now)).toBeNull();
    expect(ageOf("yesterday", now)).toBeNull();
  });

  it("spells the CLI's and the SDK's times the same way", () => {
    expect(isoOf("2023-11-02T09:14:27.512000+00:00")).toBe("2023-11-02T09:14:27.512Z");
    expect(isoOf(new Date("2023-11-02T09:14:27.512Z"))).toBe("2023-11-02T09:14:27.512Z");
    expect(isoOf("not a time")).toBe("not a time");
    expect(isoOf(undefined)).toBeNull();
  });
});

describe("pod reasons as kubectl shows them", () => {
  const pod = (status: Pod["status"], metadata: Partial<Pod["metadata"]> = {}): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", ...metadata },
    spec: { containers: [{ name: "c" }] },
    status,
  });
  it.each([
    ["a terminating pod", pod({ phase: "Running" }, { deletionTimestamp: "2024-05-14T09:00:00Z" }), "Terminating"],
    ["an evicted pod", pod({ phase: "Failed", reason: "Evicted" }), "Evicted"],
    [
      "a failing init container",
      pod({ phase: "Pending", initContainerStatuses: [{ name: "i", state: { waiting: { reason: "CrashLoopBackOff" } } }] }),
      "Init:CrashLoopBackOff",
    ],
    [
      "an init container that exited non-zero",
      pod({ phase: "Pending", initContainerStatuses: [{ name: "i", state: { terminated: { exitCode: 2 } } }] }),
      "Init:Error",
    ],
    [
      "a finished job pod",
      pod({ phase: "Succeeded", containerStatuses: [{ name: "c", state: { terminated: { reason: "Completed", exitCode: 0 } } }] }),
      "Completed",
    ],
    ["a running pod", pod({ phase: "Running", containerStatuses: [{ name: "c", ready: true, state: { running: {} } }] }), null],
  ])("%s", (_case, p, reason) => {
    expect(podReason(p)).toBe(reason);
  });
});

describe("audit events", () => {
  it("reads verb, user, resource with subresource, object and response code", () => {
    const message = JSON.stringify({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      verb: "create",
      user: { username: "system:serviceaccount:kube-system:eks" },
      objectRef: { resource: "serviceaccounts", subresource: "token", namespace: "payments", name: "payments-api" },
      responseStatus: { code: 201 },
      stage: "ResponseComplete",
      requestReceivedTimestamp: "2024-05-14T09:00:00Z",
    });
    expect(auditSummary(message)).toEqual({
      verb: "create",
      user: "system:serviceaccount:kube-system:eks",
      resource: "serviceaccounts/token",
      namespace: "payments",
      name: "payments-api",
      response_code: 201,
      stage: "ResponseComplete",
      time: "2024-05-14T09:00:00Z",
    });
  });

  it.each([["time=... authenticator line"], ['{"kind":"Event","verb":"get"}'], ['{"kind":"Event","apiVersion":"audit.k8s.io/v1"']])(
    "%j is not read as an audit event",
    (message) => {
      expect(auditSummary(message)).toBeNull();
    },
  );
});

describe("sanitizing objects", () => {
  it("drops managedFields and redacts a token wherever it is, keeping role ARNs", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const out = sanitizeObject({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: {
        name: "sa",
        managedFields: [{ manager: "kubectl" }],
        annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/r" },
      },
      status: { conditions: [{ message: `rejected bearer ${jwt}` }] },
    });
    expect(out.metadata).not.toHaveProperty("managedFields");
    expect(out.metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/r" });
    expect(JSON.stringify(out)).not.toContain(jwt);
    expect(JSON.stringify(out)).toContain("rejected bearer [REDACTED]");
  });
});

describe("the CloudWatch Logs client", () => {
  it.each(["PutLogEvents", "DeleteLogGroup", "CreateLogGroup", "constructor"])("refuses %s before anything is sent", async (operation) => {
    const s = await startLogsServer({ events: [], pageSize: 10, enabledLogTypes: [] });
    try {
      await withEnv(
        { AWS_ENDPOINT_URL: s.url, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIDNOTAREALKEY", AWS_SECRET_ACCESS_KEY: "not-a-secret" },
        async () => {
          const setup = await createAwsClients({ timeoutMs: 2000 });
          const logs = createLogsClient(setup, 2000);
          await expect(logs.send(operation, { logGroupName: "/aws/eks/x/cluster" })).rejects.toBeInstanceOf(NotALogsReadError);
          await logs.send("FilterLogEvents", { logGroupName: "/aws/eks/x/cluster" });
          logs.close();
          setup.close();
        },
      );
      expect(s.requests).toEqual(["POST / Logs_20140328.FilterLogEvents"]);
    } finally {
      await s.close();
    }
  });
});
