// Renders a runbook as a guided investigation for one pod: for the IRSA / Pod Identity runbook first the one
// call that runs it all (diagnose_irsa) and the step-by-step walk (irsa_phase), then objective and context,
// every phase with its steps in order (level shown, the tool to call with the parameters we can already fill
// from the prompt's arguments), the guardrails, the known issues and the output format to answer with. A pure
// function: the same runbook and arguments always give the same text.

import type { Runbook, Step, StepParam } from "../runbook/types.js";

export interface InvestigationTarget {
  cluster: string;
  namespace: string;
  /** A pod, or a service account (one of them at least). */
  pod?: string;
  serviceAccount?: string;
  context?: string;
  /** An offline snapshot folder instead of the cluster. */
  snapshot?: string;
  errorText?: string;
}

/** Bare parameter names (`clusterName`) and placeholders (`<pod-name>`) that the prompt's arguments answer. */
const FILLS: Record<"cluster" | "namespace" | "pod" | "serviceAccount", { bare: string[]; placeholders: string[] }> = {
  cluster: { bare: ["clusterName", "cluster", "cluster_name"], placeholders: ["<cluster>", "<cluster-name>", "<clusterName>"] },
  namespace: { bare: ["namespace", "ns"], placeholders: ["<namespace>", "<ns>"] },
  pod: { bare: ["pod", "podName", "pod_name"], placeholders: ["<pod>", "<pod-name>", "<podName>"] },
  serviceAccount: {
    bare: ["serviceAccount", "service_account", "sa"],
    placeholders: ["<sa-name>", "<service-account>", "<serviceAccount>"],
  },
};

/** "pod payments/api-7d9f", or "the pods of service account payments/api". */
export function workloadOf(target: InvestigationTarget): string {
  return target.pod
    ? `pod ${target.namespace}/${target.pod}`
    : `the pods of service account ${target.namespace}/${target.serviceAccount ?? "?"}`;
}

export function fillParam(param: StepParam, target: InvestigationTarget): string {
  for (const [key, fill] of Object.entries(FILLS) as [keyof typeof FILLS, (typeof FILLS)[keyof typeof FILLS]][]) {
    const value = target[key];
    if (value === undefined) continue;
    if (param.value === null ? fill.bare.includes(param.name) : fill.placeholders.includes(param.value.trim())) {
      return `${param.name}=${JSON.stringify(value)}`;
    }
  }
  // Unknown until an earlier step answers it: keep the placeholder visible rather than inventing a value.
  return param.value === null ? `${param.name}=<${param.name}>` : `${param.name}=${JSON.stringify(param.value)}`;
}

/** The diagnose_irsa / irsa_phase arguments for the target, as the prompt shows them. */
function diagnosisArguments(target: InvestigationTarget): string {
  // The reported error goes in too: the diagnosis reads it as one more log beside what it collects.
  const error = target.errorText?.trim() ? `, errorText=${JSON.stringify(target.errorText.trim())}` : "";
  return `${targetArguments(target)}${error}`;
}

function targetArguments(target: InvestigationTarget): string {
  if (target.snapshot) return `snapshot=${JSON.stringify(target.snapshot)}`;
  const args: [string, string | undefined][] = [
    ["namespace", target.namespace],
    ["pod", target.pod],
    ["serviceAccount", target.pod ? undefined : target.serviceAccount],
    ["cluster", target.cluster],
    ["context", target.context],
  ];
  return args
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ");
}

function renderStartHere(out: string[], target: InvestigationTarget): void {
  const args = diagnosisArguments(target);
  out.push(
    "",
    "## Start here",
    `Call \`diagnose_irsa\` with ${args}. It runs this whole runbook in one call and answers with the report ` +
      "(cause_id, root cause, evidence, the fix and the operator actions); answer from it.",
    `To walk the runbook step by step instead, call \`irsa_phase\` with phase="triage", ${args}, then make the call ` +
      "each answer names in `next` (enrich, then report).",
    "The phases below are what those tools run: read them to explain the report, or to dig further with the tools " +
      "their steps name (the server lists them all when started with --toolsets all).",
  );
}

export function renderInvestigation(
  runbook: Runbook,
  target: InvestigationTarget,
  matchedTriggers: string[] | null,
  leadWithDiagnosis = false,
): string {
  const out: string[] = [];
  const who = target.pod ? `pod \`${target.pod}\`` : `the pods of service account \`${target.serviceAccount ?? "?"}\``;
  out.push(
    `Investigate why ${who} in namespace \`${target.namespace}\` on EKS cluster \`${target.cluster}\` ` +
      `cannot get AWS credentials, following the runbook "${runbook.title}" (id ${runbook.id}, severity ${runbook.severity}).`,
  );
  if (leadWithDiagnosis) renderStartHere(out, target);
  if (target.errorText !== undefined) {
    out.push("", "Reported error:", "```", target.errorText.trim(), "```");
    out.push(
      matchedTriggers && matchedTriggers.length > 0
        ? `This runbook's triggers that match it: ${matchedTriggers.map((t) => `\`${t}\``).join(", ")}.`
        : leadWithDiagnosis
          ? "None of this runbook's triggers match this error; diagnose_irsa still applies to any AWS credential failure of the pod."
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
    out.push(
      "",
      "## Answer format",
      "Answer with this YAML, filled in from the evidence:",
      "```yaml",
      runbook.outputFormat.template.trimEnd(),
      "```",
    );
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
  out.push(
    "Read-only: never create, change or delete anything in the cluster or the AWS account; fixes are operator actions you recommend.",
  );
  if (escalationConditions.length > 0) {
    out.push("Escalate to a human when:");
    for (const condition of escalationConditions) out.push(`- ${condition}`);
  }
  if (safetyRatings.length > 0) {
    out.push("Safety ratings:");
    for (const rating of safetyRatings) out.push(`- ${rating.rating}: ${rating.tools.join(", ")}${rating.note ? ` — ${rating.note}` : ""}`);
  }
}
