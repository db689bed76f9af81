// Human-readable text for `irsa-doctor runbooks`: the list, one runbook in detail, and the load problems.
// File paths are shown relative to the working directory, where the user typed the command.

import { relative } from "node:path";
import type { Runbook, RunbookError, Step } from "../runbook/types.js";
import type { RunbookSummary } from "../runbook/views.js";

export function formatRunbookList(summaries: readonly RunbookSummary[], cwd: string): string {
  if (summaries.length === 0) return "No runbooks loaded.\n";
  const idWidth = Math.max(...summaries.map((s) => s.id.length));
  const severityWidth = Math.max(...summaries.map((s) => s.severity.length));
  const statusWidth = Math.max(...summaries.map((s) => s.status.length));
  const lines = summaries.flatMap((s) => [
    `${s.id.padEnd(idWidth)}  ${s.severity.padEnd(severityWidth)}  ${s.status.padEnd(statusWidth)}  ${s.title}`,
    `${" ".repeat(idWidth + 2)}phases: ${s.phases.join(", ") || "none"}; file: ${shortPath(s.file, cwd)}`,
  ]);
  return `${summaries.length} runbook(s):\n${lines.join("\n")}\n`;
}

export function formatRunbookErrors(errors: readonly RunbookError[], cwd: string): string {
  const lines = errors.map((e) => `  ${shortPath(e.file, cwd)}${e.line === null ? "" : `:${e.line}`}: ${e.message}`);
  return `irsa-doctor: ${errors.length} runbook problem(s); the files below were not loaded:\n${lines.join("\n")}\n`;
}

export function formatRunbook(runbook: Runbook, cwd: string): string {
  const out = [
    runbook.title,
    `  id: ${runbook.id}   severity: ${runbook.severity}   status: ${runbook.status}   owner: ${runbook.owner}`,
    `  file: ${shortPath(runbook.file, cwd)}`,
    `  triggers: ${runbook.triggers.join("  |  ")}`,
    "",
    `Objective: ${runbook.objective}`,
    `Context: ${runbook.context}`,
  ];
  for (const phase of runbook.phases) {
    out.push("", `Phase ${phase.number}: ${phase.name}`);
    for (const note of phase.notes) out.push(`  ${note}`);
    for (const step of phase.steps) pushStep(out, step, "  ");
  }
  const { escalationConditions, safetyRatings } = runbook.guardrails;
  out.push("", "Guardrails");
  for (const condition of escalationConditions) out.push(`  escalate: ${condition}`);
  for (const rating of safetyRatings) out.push(`  ${rating.rating}: ${rating.tools.join(", ")}${rating.note ? ` (${rating.note})` : ""}`);
  out.push("", `Common issues: ${runbook.commonIssues.length}; examples: ${runbook.examples.length}`);
  if (runbook.outputFormat) {
    out.push(
      "",
      "Output format:",
      ...runbook.outputFormat.template
        .trimEnd()
        .split("\n")
        .map((line) => `  ${line}`),
    );
  }
  return out.join("\n") + "\n";
}

function pushStep(out: string[], step: Step, indent: string): void {
  out.push(`${indent}[${step.condition ? `${step.level} (${step.condition})` : step.level}] ${step.text}`);
  if (step.tool) {
    const params = step.params.map((p) => (p.value === null ? p.name : `${p.name}=${p.value}`));
    out.push(`${indent}    tool: ${step.tool}${params.length > 0 ? ` (${params.join(", ")})` : ""}`);
  }
  for (const child of step.children) pushStep(out, child, indent + "  ");
}

function shortPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === "" || rel.startsWith("..") ? file : rel;
}
