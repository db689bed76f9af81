// One executor at a time, through steps written here and run as a phase: what each finds in a scenario's
// evidence, what it refuses (Secrets, other namespaces, kinds the evidence lacks), what it says when the
// evidence is missing, and that what it shows is bounded and never a secret.

import { appendFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_HITS } from "../../src/executor/search.js";
import { editYaml, editedScenario, runSteps, SCENARIOS, sessionOf, step } from "./helpers.js";

const SUBJECT = join(SCENARIOS, "trust_policy.subject_mismatch--other-namespace");
const LOG = "payments-api-7d9c8b6f5-x2k4q/payments-api.log";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function edited(name: string, edit: (dir: string) => void): string {
  const copy = editedScenario(name, edit);
  cleanups.push(copy.cleanup);
  return copy.dir;
}

describe("kubernetes steps", () => {
  it("list_k8s_resources refuses Secrets, other namespaces and kinds the evidence does not hold", async () => {
    const session = await sessionOf(SUBJECT);
    const [secrets, otherNs, widgets] = await runSteps(session, [
      step("list secrets", "list_k8s_resources", { kind: "Secret", namespace: "<namespace>" }),
      step("list pods elsewhere", "list_k8s_resources", { kind: "Pod", namespace: "kube-system" }),
      step("list widgets", "list_k8s_resources", { kind: "Widget" }),
    ]);
    expect(secrets).toMatchObject({ status: "not_available", result: null });
    expect(secrets?.reason).toMatch(/^irsa-doctor never reads Secrets: they hold credentials/);
    expect(otherNs).toMatchObject({ status: "not_available", reason: "the evidence covers namespace payments only, not kube-system" });
    expect(widgets?.status).toBe("not_available");
    expect(widgets?.reason).toMatch(/^Kind "Widget" is not one the cluster tools read/);
  });

  it("list_k8s_resources answers as the tool does: the pods with why they are not serving", async () => {
    const [pods] = await runSteps(await sessionOf(SUBJECT), [
      step("list pods", "list_k8s_resources", { kind: "Pod", namespace: "<namespace>" }),
    ]);
    expect(pods?.summary).toBe("1 Pod in payments; payments-api-7d9c8b6f5-x2k4q (CrashLoopBackOff, 9 restarts)");
    expect(pods?.result).toMatchObject({
      kind: "Pod",
      count: 1,
      items: [{ name: "payments-api-7d9c8b6f5-x2k4q", reason: "CrashLoopBackOff", has_irsa_env: true }],
    });
  });

  it("read_k8s_resource shows the identity environment but never another variable's value", async () => {
    const dir = edited("trust_policy.subject_mismatch--other-namespace", (d) => {
      const pod = readdirSync(join(d, "k8s")).find((f) => f.startsWith("pod-"))!;
      editYaml(join(d, "k8s", pod), (doc) => doc.spec.containers[0].env.push({ name: "AWS_SECRET_ACCESS_KEY", value: SECRET }));
    });
    const [pod] = await runSteps(await sessionOf(dir), [step("read the pod", "read_k8s_resource", { kind: "Pod", name: "<pod-name>" })]);
    expect(pod?.status).toBe("done");
    expect(JSON.stringify(pod)).not.toContain(SECRET);
    const env = (pod?.result as { summary: { aws_env: { env: Record<string, string> }[] } }).summary.aws_env[0]?.env;
    expect(env?.["AWS_ROLE_ARN"]).toBe("arn:aws:iam::111122223333:role/payments-api-irsa");
    expect(Object.keys(env ?? {})).toContain("AWS_SECRET_ACCESS_KEY");
  });

  it("get_k8s_events keeps the pod's events and counts its warnings", async () => {
    const [events] = await runSteps(await sessionOf(SUBJECT), [step("events", "get_k8s_events", { kind: "Pod", name: "<pod-name>" })]);
    const result = events?.result as { events: { involved_object: string; warning: boolean }[]; warnings: number };
    expect(result.events.length).toBeGreaterThan(0);
    expect(result.events.every((e) => e.involved_object === "Pod/payments-api-7d9c8b6f5-x2k4q")).toBe(true);
    expect(result.warnings).toBe(result.events.filter((e) => e.warning).length);
    expect(events?.summary).toBe(`${result.events.length} events for Pod payments-api-7d9c8b6f5-x2k4q; warnings: BackOff`);
  });
});

describe("log steps", () => {
  it("search redacts secrets and caps its hits, saying more matched", async () => {
    const dir = edited("trust_policy.subject_mismatch--other-namespace", (d) => {
      const lines = Array.from(
        { length: 40 },
        (_, i) => `2024-05-14T09:32:${String(i).padStart(2, "0")}Z WARN retry ${i} aws_secret_access_key=${SECRET} needle\n`,
      );
      appendFileSync(join(d, "logs", LOG), lines.join(""));
    });
    const [hits] = await runSteps(await sessionOf(dir), [step("search", "search", { query: "needle" })]);
    const result = hits?.result as { total: number; hits: { text: string }[]; truncated: boolean };
    expect(result.total).toBe(MAX_HITS);
    expect(result.hits).toHaveLength(MAX_HITS);
    expect(result.hits.every((h) => h.text.includes("needle"))).toBe(true);
    expect(result.truncated).toBe(true);
    expect(JSON.stringify(hits)).not.toContain(SECRET);
    expect(result.hits[0]?.text).toContain("[REDACTED]");
  });

  it("search says what is wrong with a query that is not an RE2 expression, or with none", async () => {
    const [bad, none] = await runSteps(await sessionOf(SUBJECT), [
      step("bad", "search", { query: "(unclosed" }),
      step("none", "search", {}),
    ]);
    expect(bad?.status).toBe("not_available");
    expect(bad?.reason).toMatch(/query "\(unclosed" is not a valid RE2 regular expression: .*escape literal characters/);
    expect(none).toMatchObject({ status: "not_available", reason: "the step gives no query to search for" });
  });

  it("without logs, collect, errors and correlate say the logs are not in the evidence", async () => {
    const dir = edited("trust_policy.subject_mismatch--other-namespace", (d) => rmSync(join(d, "logs"), { recursive: true }));
    const results = await runSteps(await sessionOf(dir), [
      step("c", "collect", { instanceId: null }),
      step("e", "errors", { severity: "high" }),
      step("r", "correlate", {}),
    ]);
    expect(results.map((r) => r.status)).toEqual(["not_available", "not_available", "not_available"]);
    expect(results[0]?.reason).toMatch(/the logs are not in the evidence \(not_collected: logs were not collected/);
  });

  it("collect names the node's instance from its providerID and the logs read", async () => {
    const [collected] = await runSteps(await sessionOf(SUBJECT), [step("collect", "collect", { instanceId: null })]);
    expect(collected?.params).toEqual({ instanceId: "i-0abc123def4567890" });
    expect(collected?.result).toMatchObject({ instance_id: "i-0abc123def4567890", files: [LOG], recognised_lines: 1 });
  });

  it("correlate with a pivot nothing matches is done with no timeline, and says why", async () => {
    const [timeline] = await runSteps(await sessionOf(SUBJECT), [step("c", "correlate", { pivotEvent: "NoSuchThing" })]);
    expect(timeline).toMatchObject({
      status: "done",
      result: { pivot: null, timeline: [] },
      reason: "no log line matches the pivot `NoSuchThing`",
    });
  });

  it("errors numbers findings over every severity, so the high ones keep their ids", async () => {
    const dir = join(SCENARIOS, "sdk.too_old--boto3-before-web-identity");
    const [all, high] = await runSteps(await sessionOf(dir), [step("all", "errors", {}), step("high", "errors", { severity: "high" })]);
    const ids = (r: typeof all) => (r?.result as { findings: { id: string; severity: string }[] }).findings;
    expect(new Set(ids(all).map((f) => f.severity)).size, "the scenario mixes severities").toBeGreaterThan(1);
    expect(ids(all).map((f) => f.id)).toEqual(ids(all).map((_, i) => `F-${String(i + 1).padStart(3, "0")}`));
    const rank = { high: 0, medium: 1, low: 2 } as Record<string, number>;
    expect(ids(all).map((f) => rank[f.severity])).toEqual([...ids(all).map((f) => rank[f.severity])].sort());
    expect(ids(high)).toEqual(ids(all).filter((f) => f.severity === "high"));
  });
});

describe("judgement steps", () => {
  it("classification branches are judged on the logs; a branch with no quoted signal is skipped", async () => {
    const [classify] = await runSteps(await sessionOf(SUBJECT), [
      step("Review findings to classify the failure:", null, {}, [
        step('If "AccessDenied" shows: trust', null),
        step('If "No OpenIDConnect provider found": OIDC', null),
        step("Otherwise: look harder", null),
      ]),
    ]);
    expect(classify?.children.map((c) => [c.status, (c.result as { seen?: boolean } | null)?.seen ?? null])).toEqual([
      ["done", true],
      ["done", false],
      ["skipped", null],
    ]);
  });

  it("get_cloudwatch_logs is not available offline but names the CloudTrail events the evidence holds", async () => {
    const dir = join(SCENARIOS, "pod_identity.association_missing--association-deleted");
    const [logs] = await runSteps(await sessionOf(dir), [
      step("cw", "get_cloudwatch_logs", { clusterName: null, filter_pattern: "podidentityassociation" }),
    ]);
    expect(logs?.status).toBe("not_available");
    expect(logs?.result).toMatchObject({ cloudtrail_in_evidence: [{ event: "DeletePodIdentityAssociation" }] });
  });

  it("cluster_health reports the missing OIDC provider the diagnosis found", async () => {
    const [health] = await runSteps(await sessionOf(join(SCENARIOS, "oidc_provider.missing--never-created")), [
      step("h", "cluster_health", { clusterName: null }),
    ]);
    expect(health?.summary).toBe("Cluster prod-eu: problem in oidc_provider.");
    const items = (health?.result as { clusterName: string; items: { id: string; status: string }[] }).items;
    expect(Object.fromEntries(items.map((i) => [i.id, i.status]))).toMatchObject({
      cluster: "ok",
      oidc_issuer: "ok",
      oidc_provider: "problem",
    });
    const [elsewhere] = await runSteps(await sessionOf(join(SCENARIOS, "oidc_provider.missing--never-created")), [
      step("h", "cluster_health", { clusterName: "other" }),
    ]);
    expect(elsewhere?.reason).toBe("the evidence describes cluster prod-eu, not other");
  });

  it("a healthy workload gets no operator action, and the step says so", async () => {
    const [operator] = await runSteps(await sessionOf(join(SCENARIOS, "healthy--irsa")), [
      step("Operator action — not available via MCP tools: fix it", null),
    ]);
    expect(operator).toMatchObject({
      status: "operator_action",
      summary: "no operator action recommended",
      result: { performed: false, actions: [] },
    });
  });
});
