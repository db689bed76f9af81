// The audit in the formats people and pipelines read: JSON and YAML (the same keys), a table sorted broken
// first, and SARIF 2.1.0 so broken bindings show up in code-scanning UIs. Pure: the caller prints.

import { stringify } from "yaml";
import { CHECKS } from "../checks/registry.js";
import { compareText } from "../util/compare.js";
import { isBroken } from "./run.js";
import type { AuditResult, BindingVerdict } from "./types.js";

export const AUDIT_FORMATS = ["table", "json", "yaml", "sarif"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The structured output: the issue's keys first; only broken bindings when `onlyBroken`. */
export function auditDocument(result: AuditResult, onlyBroken = false) {
  return {
    summary: result.summary,
    cluster_findings: result.cluster_findings,
    bindings: onlyBroken ? result.bindings.filter(isBroken) : result.bindings,
    not_checked: result.not_checked,
    problems: result.problems,
  };
}

const RANK = (v: BindingVerdict) => (isBroken(v) ? 0 : v.cause_id === "inconclusive" ? 1 : 2);

function sortBrokenFirst(list: readonly BindingVerdict[]): BindingVerdict[] {
  return [...list].sort(
    (a, b) =>
      RANK(a) - RANK(b) ||
      compareText(a.cause_id, b.cause_id) ||
      compareText(a.namespace, b.namespace) ||
      compareText(a.service_account, b.service_account),
  );
}

function table(result: AuditResult, onlyBroken: boolean): string {
  const rows = sortBrokenFirst(onlyBroken ? result.bindings.filter(isBroken) : result.bindings).map((v) => [
    `${v.namespace}/${v.service_account}`,
    v.mechanism,
    v.cause_id,
    v.confidence,
    String(v.pods.length),
    v.evidence,
  ]);
  const head = ["BINDING", "MECHANISM", "VERDICT", "CONFIDENCE", "PODS", "EVIDENCE"];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const s = result.summary;
  const out = [`${s.bindings} bindings: ${s.broken} broken, ${s.healthy} healthy, ${s.inconclusive} inconclusive`];
  for (const f of result.cluster_findings)
    out.push(
      `cluster: ${f.cause_id} (${f.confidence}) breaks ${f.bindings.length} binding${f.bindings.length === 1 ? "" : "s"}: ${f.evidence}`,
    );
  out.push("", line(head), ...rows.map(line));
  if (result.not_checked.length)
    out.push(
      "",
      `Not checked: ${result.not_checked
        .filter((n) => n.cause_id !== "*")
        .map((n) => n.cause_id)
        .join(", ")} (they need per-pod logs; --format json says why).`,
    );
  return `${out.join("\n")}\n`;
}

const RULE_TEXT = new Map(CHECKS.map((c) => [c.id as string, { title: c.title, description: c.description }]));

/** SARIF 2.1.0: one rule per cause found, one result per broken binding, located at the service account. */
function sarif(result: AuditResult) {
  const broken = sortBrokenFirst(result.bindings.filter(isBroken));
  const ruleIds = [...new Set(broken.map((b) => b.cause_id))].sort(compareText);
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "irsa-doctor",
            informationUri: "https://github.com/irsa-doctor/irsa-doctor",
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: RULE_TEXT.get(id)?.title ?? id },
              fullDescription: { text: RULE_TEXT.get(id)?.description ?? id },
            })),
          },
        },
        results: broken.map((b) => ({
          ruleId: b.cause_id,
          ruleIndex: ruleIds.indexOf(b.cause_id),
          level: b.confidence === "high" ? "error" : "warning",
          message: { text: `${b.namespace}/${b.service_account} (${b.mechanism}${b.role_arn ? `, ${b.role_arn}` : ""}): ${b.evidence}` },
          locations: [
            {
              logicalLocations: [
                { fullyQualifiedName: `serviceaccount/${b.namespace}/${b.service_account}`, name: b.service_account, kind: "resource" },
              ],
            },
          ],
          properties: { confidence: b.confidence, pods: b.pods },
        })),
      },
    ],
  };
}

export function renderAudit(result: AuditResult, format: AuditFormat, onlyBroken = false): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(auditDocument(result, onlyBroken), null, 2)}\n`;
    case "yaml":
      return stringify(auditDocument(result, onlyBroken), { lineWidth: 0 });
    case "sarif":
      return `${JSON.stringify(sarif(result), null, 2)}\n`;
    case "table":
      return table(result, onlyBroken);
  }
}
