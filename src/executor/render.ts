// A phase run as text for people: a header naming the runbook, phase, diagnosis and target, then each step
// with its level, status and tool, the runbook's words, and one line of what was found (or why not).

import type { PhaseAnswer } from "./index.js";
import type { StepResult } from "./types.js";

const STATUS: Record<StepResult["status"], string> = {
  done: "done",
  not_available: "not available",
  skipped: "skipped",
  operator_action: "OPERATOR",
};

function stepLines(step: StepResult, label: string, indent: string): string[] {
  const safety = step.safety ? ` [${step.safety.rating}]` : "";
  const lines = [
    `${indent}${label} ${step.level.padEnd(6)} ${STATUS[step.status].padEnd(13)} ${step.tool ?? "-"}${safety}  (line ${step.line})`,
  ];
  lines.push(`${indent}     ${step.text}`);
  lines.push(`${indent}     → ${step.summary}`);
  if (step.reason && step.status !== "not_available" && step.status !== "skipped") lines.push(`${indent}     ! ${step.reason}`);
  if (step.status === "operator_action") {
    const actions = (step.result as { actions?: { description: string; command: string; rating: string | null }[] } | null)?.actions ?? [];
    for (const a of actions) {
      lines.push(`${indent}       - [${a.rating ?? "unrated"}] ${a.description}`);
      for (const cmd of a.command.split("\n")) lines.push(`${indent}           ${cmd}`);
    }
  }
  step.children.forEach((child, i) => lines.push(...stepLines(child, `${String.fromCharCode(97 + (i % 26))}.`, `${indent}     `)));
  return lines;
}

export function renderPhaseText(run: PhaseAnswer): string {
  const t = run.target;
  const who = [t.pod ? `pod ${t.pod}` : null, t.service_account ? `service account ${t.service_account}` : null].filter(Boolean).join(", ");
  const out = [
    `${run.runbook.title} — phase ${run.phase.number} ${run.phase.name} — diagnosis ${run.diagnosis_id}`,
    `target: namespace ${t.namespace}${who ? `, ${who}` : ""}${t.cluster ? `, cluster ${t.cluster}` : ""}${t.region ? ` (${t.region})` : ""}`,
    `evidence: ${run.evidence}`,
    "",
  ];
  run.steps.forEach((step, i) => {
    out.push(...stepLines(step, `${String(i + 1).padStart(2)}.`, ""));
    out.push("");
  });
  const c = run.counts;
  out.push(
    `${run.steps.length} steps: ${c.done} done, ${c.not_available} not available, ${c.skipped} skipped, ${c.operator_action} operator action(s) (never performed)`,
  );
  if (run.report_yaml) out.push("", "Report:", "", run.report_yaml.trimEnd());
  return `${out.join("\n")}\n`;
}
