// diagnose_irsa through the real server and the SDK client (in-memory transport): the cause of several
// scenarios (the folder name's prefix), the report as structured content matching the declared output schema
// and as YAML text, progress notifications when the client gives a progress token (and no progress callback
// without one), the live path through the emulator, and every way the arguments can be wrong.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { defineTool } from "../../src/mcp/tool.js";
import { diagnoseIrsa, diagnoseIrsaOutput } from "../../src/mcp/tools/diagnose-irsa.js";
import { irsaPhase } from "../../src/mcp/tools/irsa-phase.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { scenarioDir, withEmulator } from "../collect/helpers.js";
import { REPO_ROOT, startInMemory, textOf, type Harness } from "./support/harness.js";

const SCENARIOS = join(REPO_ROOT, "fixtures/scenarios");

/** A spread over the categories, plus healthy and inconclusive; each must exist in fixtures/scenarios. */
const CASES = [
  "trust_policy.subject_mismatch--other-namespace",
  "oidc_provider.missing--never-created",
  "irsa_annotation.missing--go-no-credential-providers",
  "pod_identity.association_missing--association-deleted",
  "webhook.not_injecting--skip-label",
  "token.expired--token-read-once-at-start",
  "healthy--irsa",
  "inconclusive--access-denied-logs-only",
];

/** Reports progress when asked; says whether a progress callback reached it. */
const progressProbe = defineTool({
  name: "progress_probe",
  title: "Progress probe",
  description: "Test tool: reports whether the tool context carried a progress callback.",
  kind: "read",
  openWorld: false,
  input: {},
  output: z.object({ has_progress: z.boolean() }),
  async run(_args, ctx) {
    return { has_progress: ctx.progress !== undefined };
  },
});

let h: Harness;
beforeEach(async () => {
  h = await startInMemory({ tools: [diagnoseIrsa, irsaPhase, progressProbe] });
});
afterEach(async () => {
  await h.close();
});

/** Calls a tool; the SDK client has already checked structuredContent against the listed outputSchema. */
async function call(
  name: string,
  args: Record<string, unknown>,
  onprogress?: (p: { progress: number; total?: number; message?: string }) => void,
) {
  const result = (await h.client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress } : {})) as CallToolResult;
  return { ...result, text: textOf(result) };
}

describe("diagnose_irsa on scenarios", () => {
  it("covers scenarios that exist", () => {
    const present = new Set(readdirSync(SCENARIOS));
    expect(CASES.filter((c) => !present.has(c))).toEqual([]);
  });

  it.each(CASES)("%s: the report names the scenario's cause, as structured content and as YAML text", async (scenario) => {
    const result = await call("diagnose_irsa", { snapshot: join(SCENARIOS, scenario) });
    expect(result.isError, result.text).toBeFalsy();
    const report = diagnoseIrsaOutput.parse(result.structuredContent);
    expect(report.cause_id).toBe(scenario.split("--")[0]);
    expect(report.diagnosis_id).toMatch(/^D-[0-9a-f]{8}$/);
    expect(report.runbook).toBe("h2-irsa-pod-identity-confusion");
    const { diagnosis_id: _id, ...withoutId } = report;
    expect(parse(result.text)).toEqual(JSON.parse(JSON.stringify(withoutId)));
    expect(result.text).toContain(`# diagnosis_id: ${report.diagnosis_id}`);
  });

  it("a relative snapshot path is taken from the server's working directory", async () => {
    const result = await call("diagnose_irsa", { snapshot: "fixtures/scenarios/oidc_provider.missing--never-created" });
    expect(result.isError, result.text).toBeFalsy();
    expect((result.structuredContent as { cause_id: string }).cause_id).toBe("oidc_provider.missing");
  });
});

describe("diagnose_irsa progress", () => {
  it("sends increasing progress through collect, triage, enrich and report when the client gives a token", async () => {
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const result = await call("diagnose_irsa", { snapshot: join(SCENARIOS, CASES[0]!) }, (p) => seen.push(p));
    expect(result.isError, result.text).toBeFalsy();
    expect(seen.length).toBeGreaterThan(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress, `notification ${i}`).toBeGreaterThan(seen[i - 1]!.progress);
    expect(seen.every((p) => p.total === 4)).toBe(true);
    expect(seen.at(-1)!.progress).toBe(4);
    const phases = [...new Set(seen.map((p) => p.message?.split(":")[0]))];
    expect(phases).toEqual(["collect", "triage", "enrich", "report"]);
  });

  it("gives the tool no progress callback when the client sends no progress token", async () => {
    expect((await call("progress_probe", {})).structuredContent).toEqual({ has_progress: false });
    expect((await call("progress_probe", {}, () => {})).structuredContent).toEqual({ has_progress: true });
  });
});

describe("diagnose_irsa arguments", () => {
  it.each([
    [
      "both pod and snapshot",
      { snapshot: join(SCENARIOS, CASES[0]!), namespace: "payments", pod: "p" },
      /either snapshot or a live target, not both: got snapshot and namespace, pod/,
    ],
    [
      "neither a target nor a snapshot",
      {},
      /Say what to diagnose: pass snapshot .* or namespace with pod or serviceAccount.* or errorText/,
    ],
    [
      "an error text of a whole log",
      { errorText: "x".repeat(300 * 1024) },
      /errorText is 307200 bytes, more than the 262144 .* snapshot folder's logs\//,
    ],
    [
      "a snapshot folder that does not exist",
      { snapshot: "fixtures/no-such-snapshot" },
      /snapshot: snapshot directory \/\S+\/fixtures\/no-such-snapshot does not exist .* pass the folder that holds target.yaml/,
    ],
    ["a namespace without a workload", { namespace: "payments" }, /Name the workload in namespace payments: pass pod or serviceAccount/],
    ["a pod without a namespace", { pod: "payments-api" }, /A live target needs namespace/],
  ])("%s is a clear error result", async (_case, args, message) => {
    const result = await call("diagnose_irsa", args);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(result.text).toMatch(message);
  });

  it("an unknown argument is refused with the list of arguments the tool takes", async () => {
    const result = await call("diagnose_irsa", { snapshot: "x", podName: "p" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/unknown argument\(s\) "podName".*Expected arguments: namespace \(optional/);
  });
});

describe("diagnose_irsa with the error text the user has", () => {
  const NO_PROVIDER =
    "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

  it("alone: a message that settles its category names it at medium, with what to collect, and no invented target", async () => {
    const result = await call("diagnose_irsa", { errorText: NO_PROVIDER });
    expect(result.isError, result.text).toBeFalsy();
    const report = diagnoseIrsaOutput.parse(result.structuredContent);
    expect(report).toMatchObject({ cause_id: "oidc_provider.missing", confidence: "medium" });
    expect(report.evidence).toContainEqual(expect.objectContaining({ type: "credential_finding", source: "pasted-message:1" }));
    expect(report.target).toMatchObject({ cluster: null, region: null, pod: null });
    expect(report.missing_evidence.map((m) => m.detail).join("\n")).toContain("only an error message was given");
  });

  it("alone: a message that does not settle it stays inconclusive, with candidates (snake_case name accepted)", async () => {
    const text =
      "WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n\tstatus code: 403";
    const result = await call("diagnose_irsa", { error_text: text });
    expect(result.isError, result.text).toBeFalsy();
    const report = diagnoseIrsaOutput.parse(result.structuredContent);
    expect(report.cause_id).toBe("inconclusive");
    expect(report.candidates.map((c) => c.cause_id)).toContain("trust_policy.subject_mismatch");
  });

  it("with a snapshot: read as one more log beside the bundle's own evidence", async () => {
    const result = await call("diagnose_irsa", { snapshot: join(SCENARIOS, "healthy--irsa"), errorText: NO_PROVIDER });
    expect(result.isError, result.text).toBeFalsy();
    const report = diagnoseIrsaOutput.parse(result.structuredContent);
    const sources = report.evidence.map((e) => e.source);
    expect(sources).toContain("pasted-message:1");
    expect(sources.some((s) => s?.startsWith("k8s/"))).toBe(true);
    // The bundle shows the provider in place: the message is not taken as proof against it.
    expect(report.cause_id).not.toBe("healthy");
    expect(report.confidence).not.toBe("high");
  });

  it("a secret pasted with the message never comes back", async () => {
    const secrets = [
      "AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cDpwIn0.c2lnbmF0dXJlc2lnbmF0dXJl",
    ];
    const text = `User: arn:aws:sts::111122223333:assumed-role/eks-node-role/i-0abc is not authorized to perform: s3:GetObject (key ${secrets[0]} secret ${secrets[1]} token ${secrets[2]})`;
    const result = await call("diagnose_irsa", { errorText: text });
    expect(result.isError, result.text).toBeFalsy();
    const out = `${result.text}${JSON.stringify(result.structuredContent)}`;
    expect(out).toContain("pasted-message:1");
    for (const secret of secrets) expect(out).not.toContain(secret);
  });
});

describe("diagnose_irsa live", () => {
  it("reads the cluster and the account through the live collectors (emulator on 127.0.0.1) and names the cause", async () => {
    const scenario = "trust_policy.subject_mismatch--other-namespace";
    const offline = await loadSnapshotDir(scenarioDir(scenario));
    const t = offline.target;
    const result = await withEmulator(scenarioDir(scenario), {}, () =>
      call("diagnose_irsa", { namespace: t.namespace, pod: t.pod!, cluster: t.cluster!, region: t.region! }),
    );
    expect(result.isError, result.text).toBeFalsy();
    const report = diagnoseIrsaOutput.parse(result.structuredContent);
    expect(report.cause_id).toBe("trust_policy.subject_mismatch");
    expect(report.target).toMatchObject({ namespace: t.namespace, pod: t.pod, cluster: t.cluster });
  });

  it("a live target the collectors refuse comes back as an error result saying what to fix", async () => {
    const result = await call("diagnose_irsa", { namespace: "Payments!", pod: "p" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/live collection: invalid target: namespace "Payments!" is not a namespace name/);
  });
});
