// validateAgainstOutputFormat: a report must carry the template's keys first and in order, with the
// right kinds, list items with the template item's keys, and "<word> — <detail>" where the template
// asks for a choice and a detail.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, ROOT, parseFile } from "./helpers.js";
import { listOutputChoices, parseRunbook, validateAgainstOutputFormat, type OutputFormat } from "../../src/runbook/index.js";

const h2Format: OutputFormat = parseFile(join(ROOT, "runbooks", "h2-irsa-pod-identity.md")).outputFormat!;
const nodeFormat: OutputFormat = parseFile(join(FIXTURES, "a2-node-not-ready.md")).outputFormat!;

const goodReport = (): Record<string, unknown> => ({
  root_cause: "irsa_annotation — the ServiceAccount has no eks.amazonaws.com/role-arn annotation",
  evidence: [
    { type: "sa_config", content: "ServiceAccount default/app has no annotations" },
    { type: "credential_finding", content: "AccessDenied on AssumeRoleWithWebIdentity", source: "errors" },
  ],
  severity: "HIGH",
  mitigation: { immediate: "Operator: annotate the ServiceAccount", long_term: "Migrate to Pod Identity" },
  runbook: "h2-irsa-pod-identity-confusion",
});

describe("validateAgainstOutputFormat", () => {
  it("accepts a report that follows the template, with extra keys after the template's", () => {
    expect(validateAgainstOutputFormat(h2Format, goodReport())).toEqual([]);
  });

  it("accepts a cause word the template does not list (the product names more causes)", () => {
    expect(validateAgainstOutputFormat(h2Format, { ...goodReport(), root_cause: "iam_permissions — the role lacks s3:GetObject" })).toEqual(
      [],
    );
  });

  it("reports every missing template key, at any depth", () => {
    const report = goodReport();
    delete report.severity;
    delete (report.mitigation as Record<string, unknown>).long_term;
    expect(validateAgainstOutputFormat(h2Format, report)).toEqual(['missing key "severity"', 'missing key "mitigation.long_term"']);
  });

  it("reports template keys out of order", () => {
    const { root_cause, evidence, severity, mitigation } = goodReport();
    expect(validateAgainstOutputFormat(h2Format, { evidence, root_cause, severity, mitigation })).toEqual([
      "keys are out of order: got evidence, root_cause, severity, mitigation; the template's order is root_cause, evidence, severity, mitigation",
    ]);
  });

  it("reports an extra key placed before the template's keys end", () => {
    const { root_cause, evidence, severity, mitigation } = goodReport();
    expect(validateAgainstOutputFormat(h2Format, { root_cause, confidence: "high", evidence, severity, mitigation })).toEqual([
      'extra key "confidence" comes before the template\'s keys end; extra keys must follow them',
    ]);
  });

  it("reports kinds that do not match: a scalar for a list, a list for a map, a map for a scalar", () => {
    expect(
      validateAgainstOutputFormat(h2Format, {
        ...goodReport(),
        evidence: "none",
        mitigation: ["restart"],
        severity: { level: "HIGH" },
      }),
    ).toEqual([
      '"evidence" must be a list, got a scalar',
      '"severity" must be a scalar, got a map',
      '"mitigation" must be a map, got a list',
    ]);
  });

  it("requires evidence items to carry type and content, and to be maps", () => {
    expect(
      validateAgainstOutputFormat(h2Format, {
        ...goodReport(),
        evidence: [{ type: "sa_config" }, { content: "x", type: "sa_config" }, "loose text"],
      }),
    ).toEqual([
      'missing key "evidence[0].content"',
      'keys under "evidence[1]" are out of order: got content, type; the template\'s order is type, content',
      '"evidence[2]" must be a map with type, content, got a scalar',
    ]);
  });

  it("requires '<word> — <detail>' where the template has '<a|b|c> — <detail>'", () => {
    for (const bad of ["irsa_annotation", "irsa_annotation — ", "the annotation is missing", 42]) {
      expect(validateAgainstOutputFormat(h2Format, { ...goodReport(), root_cause: bad })).toEqual([
        `"root_cause" must read "<irsa_annotation|oidc_provider|trust_policy|pod_identity> — <detail>" (a word, a dash, then text), got ${JSON.stringify(bad)}`,
      ]);
    }
  });

  it("a list of scalars must hold scalars; a key with an empty template value accepts anything", () => {
    const report = {
      root_cause: "cni — aws-node is not running",
      evidence: [{ type: "node_condition", content: "Ready=False" }],
      affected_nodes: ["ip-10-0-1-1", ["nested"]],
      mitigation: { immediate: "restart aws-node" },
      notes: { free: ["form"] },
    };
    expect(validateAgainstOutputFormat(nodeFormat, report)).toEqual(['"affected_nodes[1]" must be a scalar, got a list']);
  });

  it("rejects a report that is not a mapping", () => {
    expect(validateAgainstOutputFormat(h2Format, ["root_cause"])).toEqual(["the report must be a mapping of keys, got a list"]);
    expect(validateAgainstOutputFormat(h2Format, null)).toEqual(["the report must be a mapping of keys, got nothing (null)"]);
  });
});

describe("output format choices and template errors", () => {
  it("exports the template's choices by path", () => {
    expect(listOutputChoices(h2Format)).toEqual([
      { path: "root_cause", choices: ["irsa_annotation", "oidc_provider", "trust_policy", "pod_identity"] },
    ]);
    expect(listOutputChoices(nodeFormat)).toEqual([{ path: "root_cause", choices: ["kubelet", "runtime", "cni", "pressure"] }]);
  });

  it("a template that is not valid YAML is reported on its line in the file", () => {
    const markdown = [
      "---",
      "title: X1 — Bad Template",
      "description: d",
      "status: s",
      "severity: LOW",
      "triggers: []",
      "owner: o",
      "objective: o",
      "context: c",
      "---",
      "## Phase 1 — Triage",
      "- Look",
      "",
      "## Output Format",
      "",
      "```yaml",
      "root_cause: ok",
      "evidence: [unclosed",
      "```",
    ].join("\n");
    const result = parseRunbook(markdown, "x1.md");
    expect("errors" in result && result.errors.map((e) => e.line)).toEqual([18]);
  });
});
