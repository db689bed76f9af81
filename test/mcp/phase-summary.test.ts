// irsa_phase's default answer is small and leads: the finding first, one line per step, counts, and `next`,
// the call to make next, which works when made (triage -> enrich -> report -> report in full -> done). Every
// bundled scenario's phase summaries stay within 8 KB of text; the report is carried once; detail "full"
// answers with compact JSON.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { REPO_ROOT, startInMemory, textOf, type Harness } from "./support/harness.js";

const SCENARIOS = join(REPO_ROOT, "fixtures/scenarios");
const SCENARIO = join(SCENARIOS, "trust_policy.subject_mismatch--other-namespace");
const MAX_SUMMARY_BYTES = 8 * 1024;

type Next = { tool: string; arguments: Record<string, unknown> } | null;

let h: Harness;
beforeAll(async () => {
  h = await startInMemory();
});
afterAll(async () => {
  await h.close();
});

async function call(name: string, args: Record<string, unknown>) {
  const result = (await h.client.callTool({ name, arguments: args })) as CallToolResult;
  const text = textOf(result);
  expect(result.isError, text).toBeFalsy();
  return { structured: result.structuredContent as Record<string, unknown>, text };
}

describe("the summary", () => {
  it("opens with the finding, has one line per step and counts, and no full step results", async () => {
    const { structured, text } = await call("irsa_phase", { phase: "triage", snapshot: SCENARIO });
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^H2 — IRSA \/ Pod Identity Confusion — phase 1 Triage — diagnosis D-[0-9a-f]{8} \(snapshot\)$/);
    expect(lines[1]).toMatch(/^Finding: trust_policy\.subject_mismatch \(confidence high, severity HIGH\): /);
    const steps = structured["steps"] as { level: string; did: string; found: string }[];
    expect(steps.length).toBe(12);
    expect(steps[0]).toMatchObject({ level: "FIRST", status: "done", tool: "list_k8s_resources" });
    expect(text).toContain("  19 FIRST  done     list_k8s_resources: ");
    expect(text).toContain("12 done, 0 not available, 0 skipped, 0 operator action(s) (never performed)");
    expect(structured["details"]).toBeUndefined();
    expect(structured["report"]).toBeUndefined();
  });

  it("follows next from triage to the end, each call working as given", async () => {
    let answer = await call("irsa_phase", { phase: "triage", snapshot: SCENARIO });
    const seen: string[] = [];
    for (let hops = 0; hops < 5; hops++) {
      const phase = answer.structured["phase"] as { name: string };
      seen.push(`${phase.name}${answer.structured["details"] ? " (full)" : ""}`);
      const next = answer.structured["next"] as Next;
      if (next === null) break;
      expect(answer.text).toContain(`Next: ${next.tool} ${JSON.stringify(next.arguments)}`);
      answer = await call(next.tool, next.arguments);
    }
    expect(seen).toEqual(["Triage", "Enrich", "Report", "Report (full)"]);
  });

  it("the report phase carries the report once (structured); its text says the fix and the operator actions", async () => {
    const { structured, text } = await call("irsa_phase", { phase: "report", snapshot: SCENARIO });
    const report = structured["report"] as { cause_id: string; operator_actions: { command: string }[] };
    expect(report.cause_id).toBe("trust_policy.subject_mismatch");
    expect(structured["report_yaml"]).toBeUndefined();
    expect(text).toMatch(/\nFix now: Operator: /);
    expect(text).toContain(`    ${report.operator_actions[0]!.command.split("\n")[0]}`);
    expect(text).not.toContain("root_cause:");
  });

  it('detail "full" adds every step\'s structured result and answers with compact JSON', async () => {
    const { structured, text } = await call("irsa_phase", { phase: "enrich", snapshot: SCENARIO, detail: "full" });
    expect((structured["details"] as { params: unknown }[]).every((d) => d.params !== undefined)).toBe(true);
    expect(text).toBe(JSON.stringify(structured));
  });
});

describe("size", () => {
  it("every bundled scenario's phase summaries are within 8 KB of text", { timeout: 300_000 }, async () => {
    const scenarios = readdirSync(SCENARIOS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(scenarios.length).toBeGreaterThan(40);
    let largest = { bytes: 0, where: "" };
    for (const scenario of scenarios) {
      const triage = await call("irsa_phase", { phase: "triage", snapshot: join(SCENARIOS, scenario) });
      const id = triage.structured["diagnosis_id"];
      for (const [phase, answer] of [
        ["triage", triage],
        ["enrich", await call("irsa_phase", { phase: "enrich", diagnosisId: id })],
        ["report", await call("irsa_phase", { phase: "report", diagnosisId: id })],
      ] as const) {
        const bytes = Buffer.byteLength(answer.text);
        if (bytes > largest.bytes) largest = { bytes, where: `${scenario} ${phase}` };
      }
    }
    expect(largest.bytes, `largest: ${largest.where}`).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    console.error(`largest phase summary: ${largest.bytes} bytes (${largest.where})`);
  });
});
