// Runs one phase of the parsed runbook over a session, step by step in the runbook's order: fills each
// step's parameters with the target's values, picks its executor (steps/registry.ts), attaches the
// guardrails' safety rating of its tool, and runs its children. Whatever the runbook's text says now is
// what runs: an edited runbook changes the phase without a code change.

import { ratingEntryFor } from "../runbook/safety-ratings.js";
import type { Guardrails, Phase, Runbook, Step } from "../runbook/types.js";
import type { Logger } from "../util/log.js";
import { ExecutorError } from "./errors.js";
import { fillParams, targetValues, type TargetValues } from "./params.js";
import type { StepOutcome } from "./steps/outcome.js";
import { executorFor } from "./steps/registry.js";
import type { PhaseKey, PhaseRun, Session, StepResult, StepStatus } from "./types.js";

export const PHASE_KEYS: readonly PhaseKey[] = ["triage", "enrich", "report"];

const PHASE_POSITION: Record<PhaseKey, number> = { triage: 1, enrich: 2, report: 3 };

/** The phase named like the key ("Triage"), else the phase at its position (1, 2, 3). */
function findRunbookPhase(runbook: Runbook, key: PhaseKey): Phase {
  const byName = runbook.phases.find((p) => p.name.trim().toLowerCase() === key);
  const phase = byName ?? runbook.phases.find((p) => p.number === PHASE_POSITION[key]);
  if (phase) return phase;
  const have = runbook.phases.map((p) => `${p.number} ${p.name}`).join(", ") || "none";
  throw new ExecutorError(
    `Runbook ${runbook.id} has no ${key} phase (a phase named "${key}" or phase ${PHASE_POSITION[key]}); its phases: ${have}. Fix ${runbook.file}.`,
  );
}

export interface PhaseOptions {
  logger?: Logger;
  signal?: AbortSignal;
  /** Called after each top-level step. */
  onStep?(done: number, total: number, step: StepResult): void;
}

function safetyOf(tool: string | null, guardrails: Guardrails): StepResult["safety"] {
  if (tool === null) return null;
  const entry = ratingEntryFor(guardrails, tool);
  return entry ? { rating: entry.rating, note: entry.note } : null;
}

async function executeStep(step: Step, session: Session, target: TargetValues, options: PhaseOptions): Promise<StepResult> {
  const params = fillParams(step, session, target);
  const runChildren = async () => {
    const out: StepResult[] = [];
    for (const child of step.children) out.push(await executeStep(child, session, target, options));
    return out;
  };
  let outcome: StepOutcome;
  try {
    outcome = await executorFor(step)({ step, params, session, target, runChildren });
  } catch (error) {
    // A bug in one executor must not cost the caller the rest of the phase.
    options.logger?.error("runbook step executor threw (a bug in irsa-doctor)", { line: step.line, tool: step.tool, error });
    const detail = error instanceof Error ? error.message : String(error);
    outcome = {
      status: "not_available",
      summary: `not available: internal error (${detail})`,
      result: null,
      reason: `internal error in irsa-doctor while running this step: ${detail}; the server's log has details`,
    };
  }
  return {
    level: step.level,
    condition: step.condition,
    text: step.text,
    tool: step.tool,
    params,
    status: outcome.status,
    summary: outcome.summary,
    result: outcome.result,
    reason: outcome.reason,
    safety: safetyOf(step.tool, session.runbook.guardrails),
    line: step.line,
    children: outcome.children ?? (await runChildren()),
  };
}

function count(steps: readonly StepResult[], into: Record<StepStatus, number>): Record<StepStatus, number> {
  for (const s of steps) {
    into[s.status] += 1;
    count(s.children, into);
  }
  return into;
}

export async function runPhase(session: Session, key: PhaseKey, options: PhaseOptions = {}): Promise<PhaseRun> {
  const phase = findRunbookPhase(session.runbook, key);
  const target = targetValues(session);
  const steps: StepResult[] = [];
  for (const step of phase.steps) {
    if (options.signal?.aborted) throw new ExecutorError("The request was cancelled.");
    const result = await executeStep(step, session, target, options);
    steps.push(result);
    options.onStep?.(steps.length, phase.steps.length, result);
  }
  return {
    diagnosis_id: session.id,
    runbook: { id: session.runbook.id, title: session.runbook.title },
    phase: { number: phase.number, name: phase.name },
    evidence: session.origin,
    target: session.report.target,
    steps,
    counts: count(steps, { done: 0, not_available: 0, skipped: 0, operator_action: 0 }),
  };
}
