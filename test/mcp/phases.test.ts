// irsa_phase (detail full) through the real server and the SDK client: the three phases of a scenario in the
// runbook's order with filled parameters and statuses, a session continued by diagnosisId (and an unknown id
// refused), the report phase agreeing with diagnose_irsa, progress, and the phases following an edited copy of
// the runbook (steps removed, added, unknown tools) with no code change. The summaries: phase-summary.test.ts.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { z } from "zod";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { diagnoseIrsa } from "../../src/mcp/tools/diagnose-irsa.js";
import { logCollect } from "../../src/mcp/tools/collect.js";
import { logErrors } from "../../src/mcp/tools/errors.js";
import { logStatus } from "../../src/mcp/tools/status.js";
import { irsaPhase, phaseOutput } from "../../src/mcp/tools/irsa-phase.js";
import { loadRunbooks, bundledRunbooksDir } from "../../src/runbook/index.js";
import type { Phase } from "../../src/runbook/types.js";
import type { StepResult } from "../../src/executor/index.js";
import type { Report } from "../../src/report/types.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { withEmulator } from "../collect/helpers.js";
import { REPO_ROOT, startInMemory, textOf, type Harness } from "./support/harness.js";

const TOOLS = [diagnoseIrsa, irsaPhase];
const SCENARIO = join(REPO_ROOT, "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace");
const H2_FILE = join(REPO_ROOT, "runbooks/h2-irsa-pod-identity.md");

type StepAnswer = StepResult;
type PhaseAnswer = Omit<z.output<typeof phaseOutput>, "steps" | "report"> & { steps: StepAnswer[]; report?: Report };

let h: Harness;
async function start(deps: Parameters<typeof startInMemory>[0] = {}) {
  h = await startInMemory({ tools: TOOLS, ...deps });
}
afterEach(async () => {
  await h?.close();
});

async function call(
  name: string,
  args: Record<string, unknown>,
  onprogress?: (p: { progress: number; total?: number; message?: string }) => void,
) {
  const result = (await h.client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress } : {})) as CallToolResult;
  return { ...result, text: textOf(result) };
}

/** irsa_phase with detail full; `name` is the phase as a tool of its own was once named (irsa_triage...). */
async function phase(name: string, args: Record<string, unknown>): Promise<PhaseAnswer> {
  const result = await call("irsa_phase", { phase: name.replace("irsa_", ""), detail: "full", ...args });
  expect(result.isError, result.text).toBeFalsy();
  const parsed = phaseOutput.parse(result.structuredContent);
  return { ...parsed, steps: parsed.details as unknown as StepResult[], report: parsed.report as unknown as Report | undefined };
}

async function bundledPhases(): Promise<Phase[]> {
  const set = await loadRunbooks([bundledRunbooksDir()]);
  return set.runbooks.find((r) => r.code === "H2")!.phases;
}

const stepAt = (answer: PhaseAnswer, tool: string, n = 0): StepAnswer => answer.steps.filter((s) => s.tool === tool)[n]!;

describe("the three phases on a scenario", () => {
  beforeEach(() => start());

  it("triage runs every step of the runbook's phase 1 in order, with the target's values filled in", async () => {
    const triage = await phase("irsa_triage", { snapshot: SCENARIO });
    const runbookPhase = (await bundledPhases())[0]!;
    expect(triage.phase).toEqual({ number: 1, name: "Triage" });
    expect(triage.steps.map((s) => [s.line, s.level, s.tool])).toEqual(runbookPhase.steps.map((s) => [s.line, s.level, s.tool]));
    expect(triage.diagnosis_id).toMatch(/^D-[0-9a-f]{8}$/);
    const listPods = stepAt(triage, "list_k8s_resources");
    expect(listPods.params).toEqual({ clusterName: "prod-eu", kind: "Pod", apiVersion: "v1", namespace: "payments" });
    expect(listPods.status).toBe("done");
    expect(listPods.result).toMatchObject({ kind: "Pod", items: [{ name: "payments-api-7d9c8b6f5-x2k4q", reason: "CrashLoopBackOff" }] });
    const readSa = stepAt(triage, "read_k8s_resource", 1);
    expect(readSa.params["name"]).toBe("payments-api");
    expect(readSa.result).toMatchObject({
      kind: "ServiceAccount",
      summary: { role_arn: "arn:aws:iam::111122223333:role/payments-api-irsa" },
    });
    const errors = stepAt(triage, "errors");
    expect(errors.safety).toEqual({ rating: "GREEN", note: "read-only" });
    expect(errors.result).toMatchObject({ severity: "high", findings: [{ id: "F-001", pattern: "sts.web_identity_access_denied" }] });
    expect(stepAt(triage, "search").result).toMatchObject({ total: 1, hits: [{ kind: "log" }] });
    expect(stepAt(triage, "read_k8s_resource").safety).toBeNull();
    expect(triage.counts).toEqual({ done: 12, not_available: 0, skipped: 0, operator_action: 0 });
  });

  it("enrich and report continue the session by diagnosis_id; the report's cause equals diagnose_irsa's", async () => {
    const triage = await phase("irsa_triage", { snapshot: SCENARIO });
    const enrich = await phase("irsa_enrich", { diagnosisId: triage.diagnosis_id });
    expect(enrich.diagnosis_id).toBe(triage.diagnosis_id);
    expect(enrich.phase).toEqual({ number: 2, name: "Enrich" });
    const classify = enrich.steps.find((s) => /classify/.test(s.text))!;
    expect(classify.result).toMatchObject({ cause_id: "trust_policy.subject_mismatch", branches_seen: ["AssumeRoleWithWebIdentity"] });
    expect(classify.children.map((c) => c.status)).toEqual(["done", "done", "done", "done"]);
    const cloudWatch = stepAt(enrich, "get_cloudwatch_logs");
    expect(cloudWatch.status).toBe("not_available");
    expect(cloudWatch.reason).toMatch(/a snapshot holds no CloudWatch Logs/);
    expect(stepAt(enrich, "correlate").result).toMatchObject({ pivot: { pattern: "sts.web_identity_access_denied" } });

    const report = await phase("irsa_report", { diagnosisId: triage.diagnosis_id });
    const whole = await call("diagnose_irsa", { snapshot: SCENARIO });
    expect(report.report?.cause_id).toBe("trust_policy.subject_mismatch");
    expect(report.report?.cause_id).toBe((whole.structuredContent as { cause_id: string }).cause_id);
    expect(parse(whole.text)).toMatchObject(JSON.parse(JSON.stringify(report.report)));
    const operator = report.steps.find((s) => s.status === "operator_action")!;
    expect(operator.text).toMatch(/^Operator action — not available via MCP tools/);
    expect(operator.result).toMatchObject({ performed: false, actions: [{ rating: "RED" }] });
    expect(stepAt(report, "summarize").params["finding_ids"]).toEqual(["F-001"]);
  });

  it("each phase also works on its own, and the same evidence gives the same diagnosis id", async () => {
    const enrich = await phase("irsa_enrich", { snapshot: SCENARIO });
    const report = await phase("irsa_report", { snapshot: SCENARIO });
    expect(report.diagnosis_id).toBe(enrich.diagnosis_id);
    expect(report.report?.cause_id).toBe("trust_policy.subject_mismatch");
  });

  it("an unknown diagnosis_id is an error that says how to start a session", async () => {
    const result = await call("irsa_phase", { phase: "enrich", diagnosisId: "D-00000000" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/No diagnosis session "D-00000000" on this server.*call irsa_phase .* with the target or snapshot/);
  });

  it("diagnosisId together with a target is refused (diagnosis_id, the output's spelling, is accepted as its alias)", async () => {
    const triage = await phase("irsa_triage", { snapshot: SCENARIO });
    const result = await call("irsa_phase", { phase: "report", diagnosis_id: triage.diagnosis_id, snapshot: SCENARIO });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/either diagnosisId .* or the target, not both: got diagnosisId and snapshot/);
  });

  it("sessions belong to their server: another server does not know the id", async () => {
    const triage = await phase("irsa_triage", { snapshot: SCENARIO });
    const first = h;
    await start();
    const result = await call("irsa_phase", { phase: "enrich", diagnosisId: triage.diagnosis_id });
    expect(result.isError).toBe(true);
    await first.close();
  });

  it("reports progress per step when the client gives a token", async () => {
    const seen: { progress: number; message?: string }[] = [];
    const result = await call("irsa_phase", { phase: "triage", snapshot: SCENARIO }, (p) => seen.push(p));
    expect(result.isError, result.text).toBeFalsy();
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThan(seen[i - 1]!.progress);
    expect(seen.filter((p) => p.message?.startsWith("triage: step"))).toHaveLength(12);
  });
});

describe("a live session", () => {
  it("enrich over the emulator reads the control-plane log and searches the recognised lines the collectors kept", async () => {
    await start();
    const t = (await loadSnapshotDir(SCENARIO)).target;
    const enrich = await withEmulator(SCENARIO, {}, () =>
      phase("irsa_enrich", {
        namespace: t.namespace,
        pod: t.pod!,
        cluster: t.cluster!,
        region: t.region!,
        incidentTime: "2024-05-14T09:32:00Z",
      }),
    );
    expect(enrich.evidence).toBe("live");
    const cloudWatch = enrich.steps.filter((s) => s.tool === "get_cloudwatch_logs");
    expect(cloudWatch.map((s) => s.status)).toEqual(["done", "done"]);
    expect(cloudWatch[0]?.result).toMatchObject({
      status: "ok",
      log_group: "/aws/eks/prod-eu/cluster",
      count: 0,
      window: { end: "2024-05-14T09:42:00.000Z" },
    });
    const search = stepAt(enrich, "search");
    expect(search.result).toMatchObject({
      searched: { logs: "the recognised log lines kept in the evidence" },
      hits: expect.arrayContaining([expect.objectContaining({ kind: "log" })]),
    });
  });
});

describe("the same engine as the log tools", () => {
  it("the errors step's findings are the errors tool's for the snapshot's logs folder, ids included", async () => {
    await start({ tools: [...TOOLS, logCollect, logErrors, logStatus] });
    const scenario = join(REPO_ROOT, "fixtures/scenarios/sdk.too_old--boto3-before-web-identity");
    const triage = await phase("irsa_triage", { snapshot: scenario });
    const fromStep = (stepAt(triage, "errors").result as { findings: { id: string; pattern: string; file: string; count: number }[] })
      .findings;
    const collected = (await call("collect", { path: join(scenario, "logs") })).structuredContent as {
      executionId: string;
      instanceId: string;
    };
    await expect
      .poll(async () => ((await call("status", { executionId: collected.executionId })).structuredContent as { status: string }).status, {
        timeout: 15_000,
      })
      .toBe("done");
    const fromTool = (await call("errors", { instanceId: collected.instanceId, severity: "high" })).structuredContent as {
      findings: { id: string; pattern: { id: string }; file: string; count: number }[];
    };
    expect(fromStep.length).toBeGreaterThan(0);
    expect(fromStep.map((f) => [f.id, f.pattern, f.file, f.count])).toEqual(
      fromTool.findings.map((f) => [f.id, f.pattern.id, f.file, f.count]),
    );
  });
});

describe("the phases follow the runbook as written", () => {
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "irsa-edited-runbook-"));
    const original = readFileSync(H2_FILE, "utf8");
    const edited = original
      // Removed: the cluster_health step of triage.
      .replace(/^- Use `cluster_health` tool with clusterName to check if OIDC provider is configured for the cluster\n/m, "")
      // Added: a search of the runbook author's own, a tool this server lacks, and a step nothing maps to.
      .replace(
        "MAY:\n- Use `search` tool with query=`pod-identity-agent|pod identity association`",
        "MAY:\n- Use `search` tool with query=`CrashLoopBackOff|BackOff` to look for restarts\n- Use `frobnicate` tool with clusterName, depth=3 to poke the cluster\n- Use `search` tool with query=`pod-identity-agent|pod identity association`",
      )
      .replace("- Recommend migrating from IRSA to Pod Identity for simpler management", "- Ponder the architecture in a quiet room");
    expect(edited).not.toBe(original);
    writeFileSync(join(dir, "h2-edited.md"), edited);
    await start({ runbookDirs: [dir], includeBundledRunbooks: false });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("removed steps are gone and added steps run, with unknown tools not available", async () => {
    const triage = await phase("irsa_triage", { snapshot: SCENARIO });
    expect(triage.steps.map((s) => s.tool)).not.toContain("cluster_health");
    const restarts = triage.steps.find((s) => s.params["query"] === "CrashLoopBackOff|BackOff")!;
    expect(restarts.status).toBe("done");
    expect(restarts.result).toMatchObject({ hits: expect.arrayContaining([expect.objectContaining({ kind: "config" })]) });
    const unknown = stepAt(triage, "frobnicate");
    expect(unknown).toMatchObject({
      status: "not_available",
      reason: "no tool frobnicate on this server",
      params: { clusterName: "prod-eu", depth: "3" },
    });
    expect(triage.steps).toHaveLength(13);

    const report = await phase("irsa_report", { diagnosisId: triage.diagnosis_id });
    const last = report.steps.at(-1)!;
    expect(last).toMatchObject({ text: "Ponder the architecture in a quiet room", status: "skipped", reason: "no executor for this step" });
  });
});
