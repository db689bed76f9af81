// Renders a runbook as a guided investigation for one pod: objective and context, then every phase with its
// steps in order (level shown, the tool to call with the parameters we can already fill from the prompt's
// arguments), the guardrails, the known issues and the output format to answer with. A pure function: the
// same runbook and arguments always give the same text.

import type { Runbook, Step, StepParam } from "../runbook/types.js";

export interface InvestigationTarget {
  cluster: string;
  namespace: string;
  pod: string;
  errorText?: string;
}

/** Bare parameter names (`clusterName`) and placeholders (`<pod-name>`) that the prompt's arguments answer. */
const FILLS: Record<keyof Omit<InvestigationTarget, "errorText">, { bare: string[]; placeholders: string[] }> = {
  cluster: { bare: ["clusterName", "cluster", "cluster_name"], placeholders: ["<cluster>", "<cluster-name>", "<clusterName>"] },
  namespace: { bare: ["namespace", "ns"], placeholders: ["<namespace>", "<ns>"] },
  pod: { bare: ["pod", "podName", "pod_name"], placeholders: ["<pod>", "<pod-name>", "<podName>"] },
};

export function fillParam(param: StepParam, target: InvestigationTarget): string {
  for (const [key, fill] of Object.entries(FILLS) as [keyof typeof FILLS, (typeof FILLS)[keyof typeof FILLS]][]) {
    if (param.value === null ? fill.bare.includes(param.name) : fill.placeholders.includes(param.value.trim())) {
      return `${param.name}=${JSON.stringify(target[key])}`;
    }
  }
  // Unknown until an earlier step answers it: keep the placeholder visible rather than inventing a value.
  return param.value === null ? `${param.name}=<${param.name}>` : `${param.name}=${JSON.stringify(param.value)}`;
}

export function renderInvestigation(runbook: Runbook, target: InvestigationTarget, matchedTriggers: string[] | null): string {
  const out: string[] = [];
  out.push(
    `Investigate why pod \`${target.pod}\` in namespace \`${target.namespace}\` on EKS cluster \`${target.cluster}\` ` +
      `cannot get AWS credentials, following the runbook "${runbook.title}" (id ${runbook.id}, severity ${runbook.severity}).`,
  );
  if (target.errorText !== undefined) {
    out.push("", "Reported error:", "```", target.errorText.trim(), "```");
    out.push(
      matchedTriggers && matchedTriggers.length > 0
        ? `This runbook's triggers that match it: ${matchedTriggers.map((t) => `\`${t}\``).join(", ")}.`
        : "None of this runbook's triggers match this error: call match_runbook to check another runbook fits better.",
    );
  }
  out.push("", "## Objective", runbook.objective, "", "## Context", runbook.context);
  out.push(
    "",
    "## How to work",
    "Go through the phases in order. In each phase do the FIRST steps first, then every MUST step; do SHOULD steps " +
      "unless you say why not; MAY steps are optional. Call each tool shown with the parameters given; a value in " +
      "<angle brackets> comes from an earlier result. Report missing evidence as missing; never guess it.",
  );
  for (const phase of runbook.phases) {
    out.push("", `## Phase ${phase.number} — ${phase.name}`);
    for (const note of phase.notes) out.push(note);
    for (const step of phase.steps) renderStep(out, step, target, "");
  }
  renderGuardrails(out, runbook);
  if (runbook.commonIssues.length > 0) {
    out.push("", "## Known issues (symptom → diagnosis → resolution)");
    for (const issue of runbook.commonIssues) out.push(`- ${issue.symptoms} → ${issue.diagnosis} → ${issue.resolution}`);
  }
  if (runbook.outputFormat) {
    out.push("", "## Answer format", "Answer with this YAML, filled in from the evidence:", "```yaml", runbook.outputFormat.template.trimEnd(), "```");
  }
  return out.join("\n") + "\n";
}

function renderStep(out: string[], step: Step, target: InvestigationTarget, indent: string): void {
  const label = step.condition ? `${step.level} (${step.condition})` : step.level;
  out.push(`${indent}- [${label}] ${step.text}`);
  if (step.tool) {
    const params = step.params.map((param) => fillParam(param, target));
    out.push(`${indent}  → call \`${step.tool}\`${params.length > 0 ? ` with ${params.join(", ")}` : ""}`);
  } else if (step.command) {
    out.push(`${indent}  → command (operator runs it; do not run it yourself): \`${step.command}\``);
  }
  for (const child of step.children) renderStep(out, child, target, indent + "  ");
}

function renderGuardrails(out: string[], runbook: Runbook): void {
  const { escalationConditions, safetyRatings } = runbook.guardrails;
  out.push("", "## Guardrails");
  out.push("Read-only: never create, change or delete anything in the cluster or the AWS account; fixes are operator actions you recommend.");
  if (escalationConditions.length > 0) {
    out.push("Escalate to a human when:");
    for (const condition of escalationConditions) out.push(`- ${condition}`);
  }
  if (safetyRatings.length > 0) {
    out.push("Safety ratings:");
    for (const rating of safetyRatings) out.push(`- ${rating.rating}: ${rating.tools.join(", ")}${rating.note ? ` — ${rating.note}` : ""}`);
  }
}
