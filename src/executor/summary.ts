// A phase's answer for an agent, small by default: the finding first, one line per step (level, what was done,
// what was found), the counts, and the call to make next. detail "full" adds every step's parameters,
// structured result and reasons. The report phase carries the report once (structured; the text is its YAML).
// Shared by the irsa_phase tool and `irsa-doctor phase --json`, so both give the same answer.

import type { Report } from "../report/types.js";
import type { PhaseAnswer, PhaseKey, StepResult, StepStatus } from "./types.js";

export type PhaseDetail = "summary" | "full";

interface StepLine {
  line: number;
  level: StepResult["level"];
  status: StepStatus;
  tool: string | null;
  /** What the step did: the tool it called, or the runbook's words for it. */
  did: string;
  /** What it found, or why it could not run. */
  found: string;
}

interface NextCall {
  tool: string;
  arguments: Record<string, string>;
  why: string;
}

export interface ShapedPhase {
  diagnosis_id: string;
  runbook: PhaseAnswer["runbook"];
  phase: PhaseAnswer["phase"];
  evidence: string;
  target: PhaseAnswer["target"];
  finding: { cause_id: string; confidence: string; severity: string; root_cause: string };
  steps: StepLine[];
  counts: PhaseAnswer["counts"];
  /** The call to make next; null when the runbook is done and shown in full. */
  next: NextCall | null;
  report?: Report;
  details?: StepResult[];
}

const LINE_MAX = 240;

const clip = (text: string, max = LINE_MAX): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function stepLines(steps: readonly StepResult[], into: StepLine[] = []): StepLine[] {
  for (const step of steps) {
    into.push({
      line: step.line,
      level: step.level,
      status: step.status,
      tool: step.tool,
      did: clip(step.tool ? `${step.tool}: ${step.text}` : step.text, 160),
      found: clip(step.status === "not_available" || step.status === "skipped" ? (step.reason ?? step.summary) : step.summary),
    });
    stepLines(step.children, into);
  }
  return into;
}

const FOLLOWING: Record<PhaseKey, PhaseKey | null> = { triage: "enrich", enrich: "report", report: null };

function nextCall(key: PhaseKey, id: string, detail: PhaseDetail): NextCall | null {
  const following = FOLLOWING[key];
  if (following) {
    return {
      tool: "irsa_phase",
      arguments: { phase: following, diagnosisId: id },
      why: `phase ${following} of the runbook continues this diagnosis`,
    };
  }
  return detail === "summary"
    ? {
        tool: "irsa_phase",
        arguments: { phase: "report", diagnosisId: id, detail: "full" },
        why: "every step's parameters and structured results, to check the evidence behind the report",
      }
    : null;
}

export function shapePhase(key: PhaseKey, answer: PhaseAnswer, detail: PhaseDetail): ShapedPhase {
  const report = answer.report;
  return {
    diagnosis_id: answer.diagnosis_id,
    runbook: answer.runbook,
    phase: answer.phase,
    evidence: answer.evidence,
    target: answer.target,
    finding: {
      cause_id: report.cause_id,
      confidence: report.confidence,
      severity: report.severity,
      root_cause: clip(report.root_cause, 600),
    },
    steps: stepLines(answer.steps),
    counts: answer.counts,
    next: nextCall(key, answer.diagnosis_id, detail),
    ...(key === "report" ? { report } : {}),
    ...(detail === "full" ? { details: answer.steps } : {}),
  };
}

const STATUS: Record<StepStatus, string> = { done: "done", not_available: "n/a", skipped: "skipped", operator_action: "OPERATOR" };

/**
 * The summary as text: finding, steps, counts, next; for the report phase also the fix, the operator actions
 * and what evidence is missing (the whole report is the structured content's, and diagnose_irsa's YAML).
 */
export function renderPhaseSummary(shaped: ShapedPhase): string {
  const f = shaped.finding;
  const c = shaped.counts;
  const out = [
    `${shaped.runbook.title} — phase ${shaped.phase.number} ${shaped.phase.name} — diagnosis ${shaped.diagnosis_id} (${shaped.evidence === "live" ? "live" : "snapshot"})`,
    `Finding: ${f.cause_id} (confidence ${f.confidence}, severity ${f.severity}): ${f.root_cause}`,
    "",
    ...shaped.steps.map((s) => `${String(s.line).padStart(4)} ${s.level.padEnd(6)} ${STATUS[s.status].padEnd(8)} ${s.did} → ${s.found}`),
    "",
    `${c.done} done, ${c.not_available} not available, ${c.skipped} skipped, ${c.operator_action} operator action(s) (never performed)`,
    shaped.next
      ? `Next: ${shaped.next.tool} ${JSON.stringify(shaped.next.arguments)} — ${shaped.next.why}`
      : "Next: nothing; the runbook is done.",
  ];
  const report = shaped.report;
  if (report) {
    out.push("", `Fix now: ${report.mitigation.immediate}`);
    if (report.operator_actions.length > 0) out.push("Operator actions (recommended, never performed):");
    for (const action of report.operator_actions) {
      out.push(
        `- [${action.rating ?? "unrated"}] ${clip(action.description, 400)}`,
        ...action.command.split("\n").map((line) => `    ${line}`),
      );
    }
    for (const missing of report.missing_evidence) out.push(`Missing: ${missing.what} — ${clip(missing.remedy, 200)}`);
  }
  return `${out.join("\n")}\n`;
}
