// The six log tools as the runbook's Examples block calls them (collect, status, errors, search, correlate,
// summarize), through their definitions' run() with a server-like context: answers match the output
// schemas, carry the runbook's safety ratings, and every expected failure says what to do next.

import { describe, expect, it } from "vitest";
import { BUNDLE_DIR, BUNDLE_TGZ, ORDERS_LOG } from "./support/engine.js";
import { callTool, collectThroughTools, failure, toolContext, value } from "./support/tools.js";

const GREEN = { rating: "GREEN", note: "read-only", runbook: "h2-irsa-pod-identity-confusion" };

describe("the runbook's example session over a bundle", () => {
  it("collect -> status -> errors(high) -> search -> correlate -> summarize", async () => {
    const ctx = toolContext();
    const status = await collectThroughTools(ctx, { path: BUNDLE_TGZ });
    expect(status).toMatchObject({ status: "done", instanceId: BUNDLE_TGZ, error: null, safety_rating: null });
    expect(status.progress.sources_done).toBe(status.sources.length);
    const instanceId = status.instanceId as string;

    const errors = await value(callTool(ctx, "errors", { instanceId, severity: "high" }));
    expect(errors.safety_rating).toEqual(GREEN);
    expect(errors.findings.length).toBeGreaterThanOrEqual(3);
    expect(errors.findings.every((f: { severity: string }) => f.severity === "high")).toBe(true);
    expect(errors.findings[0]).toMatchObject({
      id: "F-001",
      pattern: { id: "sts.web_identity_access_denied" },
      file: ORDERS_LOG,
      count: 3,
    });

    const search = await value(
      callTool(ctx, "search", { instanceId, query: "AccessDenied.*AssumeRoleWithWebIdentity|InvalidIdentityToken|ExpiredTokenException" }),
    );
    expect(search.safety_rating).toEqual(GREEN);
    expect(search.results).toHaveLength(5);
    expect(search.truncated).toBe(false);

    const sa = await value(
      callTool(ctx, "search", { instanceId, query: "eks.amazonaws.com/role-arn|AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE" }),
    );
    expect(sa.results.map((r: { file: string }) => r.file)).toEqual(["kubelet/kubelet.log"]);
    expect(sa.results[0].time).toBe("2024-11-28T10:00:01.000Z"); // the journal prefix: whole seconds

    const timeline = await value(callTool(ctx, "correlate", { instanceId, pivotEvent: "AccessDenied", timeWindow: 120 }));
    expect(timeline.safety_rating).toEqual(GREEN);
    expect(timeline.time_window).toBe(120);
    expect(timeline.timeline.map((e: { time: string }) => e.time)).toEqual(
      [...timeline.timeline.map((e: { time: string }) => e.time)].sort(),
    );

    const summary = await value(callTool(ctx, "summarize", { instanceId, findingIds: ["F-001", "F-002"] }));
    expect(summary.safety_rating).toBeNull();
    expect(summary.findings.map((f: { id: string }) => f.id)).toEqual(["F-001", "F-002"]);
    expect(summary.summary).toContain("F-001 (high) sts.web_identity_access_denied ×3");
  });

  it("errors without severity returns every finding and the high ones keep their ids", async () => {
    const ctx = toolContext();
    const { instanceId } = await collectThroughTools(ctx, { path: BUNDLE_DIR });
    const all = await value(callTool(ctx, "errors", { instanceId }));
    const high = await value(callTool(ctx, "errors", { instanceId, severity: "high" }));
    expect(all.total_findings).toBe(all.findings.length);
    expect(high.findings).toEqual(all.findings.slice(0, high.findings.length));
    expect(all.findings.length).toBeGreaterThan(high.findings.length);
  });

  it("the same input gives the same findings and ids in a fresh server context", async () => {
    const first = toolContext();
    const second = toolContext();
    const a = await collectThroughTools(first, { path: BUNDLE_DIR });
    const b = await collectThroughTools(second, { path: BUNDLE_DIR });
    const fa = await value(callTool(first, "errors", { instanceId: a.instanceId }));
    const fb = await value(callTool(second, "errors", { instanceId: b.instanceId }));
    expect(fb.findings).toEqual(fa.findings);
  });
});

describe("expected failures say what to do", () => {
  it("errors/search/correlate/summarize on an instanceId never collected: call collect first", async () => {
    const ctx = toolContext();
    for (const [tool, args] of [
      ["errors", {}],
      ["search", { query: "x" }],
      ["correlate", { pivotEvent: "AccessDenied" }],
      ["summarize", { findingIds: ["F-001"] }],
    ] as const) {
      const message = await failure(callTool(ctx, tool, { instanceId: "i-0abc123def456", ...args }));
      expect(message, tool).toContain('Nothing has been collected for instanceId "i-0abc123def456": call collect first');
    }
  });

  it("status with an unknown executionId", async () => {
    expect(await failure(callTool(toolContext(), "status", { executionId: "exec-9999" }))).toContain(
      'No collection has executionId "exec-9999"',
    );
  });

  it("collect with a path that does not exist, with nothing, with two targets, with malformed ids", async () => {
    const ctx = toolContext();
    expect(await failure(callTool(ctx, "collect", { path: "/no/such/bundle.tar.gz" }))).toMatch(
      /path \/no\/such\/bundle\.tar\.gz does not exist/,
    );
    expect(await failure(callTool(ctx, "collect", {}))).toContain("Say what to collect");
    expect(await failure(callTool(ctx, "collect", { path: BUNDLE_DIR, pod: "a/b" }))).toContain("Pass only one of");
    expect(await failure(callTool(ctx, "collect", { instanceId: "node-1" }))).toContain("is not an EC2 instance id");
    expect(await failure(callTool(ctx, "collect", { pod: "just-a-name" }))).toContain("must be <namespace>/<name>");
  });

  it("search with an invalid regex says what is wrong with it", async () => {
    const ctx = toolContext();
    const { instanceId } = await collectThroughTools(ctx, { path: BUNDLE_DIR });
    expect(await failure(callTool(ctx, "search", { instanceId, query: "(AccessDenied" }))).toBe(
      'query "(AccessDenied" is not a valid RE2 regular expression: missing closing ): `(AccessDenied`. RE2 syntax has no lookahead/lookbehind and no backreferences; escape literal characters such as ( [ { . * + ? | with a backslash.',
    );
    expect(await failure(callTool(ctx, "search", { instanceId, query: "(?<=role/)orders" }))).toContain(
      "not a valid RE2 regular expression",
    );
    expect(await failure(callTool(ctx, "correlate", { instanceId, pivotEvent: "[z-a]" }))).toContain(
      'pivotEvent "[z-a]" is not a valid RE2',
    );
  });

  it("summarize names unknown ids as unknown and invents nothing", async () => {
    const ctx = toolContext();
    const { instanceId } = await collectThroughTools(ctx, { path: BUNDLE_DIR });
    const summary = await value(callTool(ctx, "summarize", { instanceId, findingIds: ["F-404", "bogus"] }));
    expect(summary.findings).toEqual([]);
    expect(summary.unknown_ids).toEqual(["F-404", "BOGUS"]);
    expect(summary.common_issues).toEqual([]);
    expect(summary.suggested_causes).toEqual([]);
    expect(summary.summary).toMatch(/^None of the ids given is a finding of /);
    expect(summary.summary).toContain("Unknown id(s), not findings of");
  });

  it("a collection still running is reported as such, not as missing", async () => {
    const ctx = toolContext();
    const started = await value(callTool(ctx, "collect", { path: BUNDLE_TGZ }));
    const answer = await callTool(ctx, "errors", { instanceId: started.instanceId });
    if (!answer.ok) expect(answer.message).toContain(`poll status with executionId="${started.executionId}"`);
    await expect.poll(async () => (await value(callTool(ctx, "status", { executionId: started.executionId }))).status).toBe("done");
  });
});
