// The shapes of the runbook executor: a diagnosis session (the evidence gathered once, its diagnosis and the
// log findings the steps name), what one step's execution reports, and what a phase run returns. Plain data
// except the snapshot's source, so a phase result serialises to JSON unchanged.

import type { Diagnosis } from "../diagnosis/index.js";
import type { Report } from "../report/types.js";
import type { Runbook, SafetyRating, StepLevel } from "../runbook/types.js";
import type { Snapshot } from "../snapshot/types.js";
import type { Collection } from "../logtools/index.js";
import type { LogFinding } from "./log-findings.js";

export type StepStatus = "done" | "not_available" | "skipped" | "operator_action";

/** A step's parameter after filling: a runbook value, the target's value, or null when nothing supplies it. */
export type FilledParam = string | string[] | null;

export interface StepResult {
  level: StepLevel;
  condition: string | null;
  text: string;
  tool: string | null;
  params: Record<string, FilledParam>;
  status: StepStatus;
  /** One line saying what was found (or why nothing was), for people and for the CLI. */
  summary: string;
  /** What was found, compact and structured; null when the step could not run. */
  result: unknown;
  /** What could not be done and why; null when the step ran in full. */
  reason: string | null;
  /** The runbook's safety rating of the step's tool, when its guardrails name the tool. */
  safety: { rating: SafetyRating; note: string } | null;
  /** 1-based line of the step in the runbook file. */
  line: number;
  children: StepResult[];
}

export interface Session {
  /** "D-" and 8 hex digits of the evidence's hash: the same evidence gives the same id. */
  id: string;
  /** The snapshot directory, or "live". */
  origin: string;
  /** How the live evidence was read (for steps that read more, e.g. CloudWatch Logs); null offline. */
  liveAccess: { profile: string | null; context: string | null } | null;
  snapshot: Snapshot;
  runbook: Runbook;
  diagnosis: Diagnosis;
  report: Report;
  /** An offline snapshot's logs/ folder as a log-tools collection (null for live evidence or no logs). */
  logCollection: Collection | null;
  /** Findings F-001, F-002, ...: the errors tool's over logCollection, else the snapshot's recognised lines grouped. */
  logFindings: LogFinding[];
  createdAt: string;
}

export type PhaseKey = "triage" | "enrich" | "report";

export interface PhaseRun {
  diagnosis_id: string;
  runbook: { id: string; title: string };
  phase: { number: number; name: string };
  /** Where the evidence came from: the snapshot directory or "live". */
  evidence: string;
  target: Report["target"];
  steps: StepResult[];
  /** Steps per status (children included), so a caller sees at a glance what could not run. */
  counts: Record<StepStatus, number>;
}

/** A phase run with the session's report, as runPhaseOf answers it. */
export interface PhaseAnswer extends PhaseRun {
  /** The session's report (the diagnosis is made when the evidence is gathered, before any phase). */
  report: Report;
  /** The report phase only: the report in the runbook's YAML format. */
  report_yaml?: string;
}
