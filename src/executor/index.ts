// The runbook executor's front door, shared by the MCP tools (diagnose_irsa, irsa_phase) and
// the CLI (`irsa-doctor phase`): open a session (continue one by id, or gather the evidence and diagnose it),
// run a phase of the H2 runbook over it, or run every phase and hand back the report. Progress goes through
// one callback whose `done` only grows, as MCP progress notifications require.

import { findDiagnosisRunbook } from "../diagnosis/index.js";
import { renderReport } from "../report/render.js";
import type { Runbook, RunbookSet } from "../runbook/types.js";
import type { Snapshot } from "../snapshot/types.js";
import type { Logger } from "../util/log.js";
import { ExecutorError } from "./errors.js";
import { gatherEvidence, planEvidence, type EvidencePlan, type EvidenceRequest } from "./evidence.js";
import { PHASE_KEYS, runPhase, type PhaseOptions } from "./run-phase.js";
import { createSession, type SessionStore } from "./sessions.js";
import { sessionLogPass } from "./log-collection.js";
import type { PhaseAnswer, PhaseKey, PhaseRun, Session } from "./types.js";

export { ExecutorError } from "./errors.js";
export { planEvidence, type EvidencePlan, type EvidenceRequest } from "./evidence.js";
export { createSession, SessionStore, sessionStoreFor } from "./sessions.js";
export { renderPhaseSummary, shapePhase } from "./summary.js";
export type { PhaseAnswer, PhaseKey, PhaseRun, Session, StepResult } from "./types.js";

export interface ExecutorDeps {
  loadRunbooks(): Promise<RunbookSet>;
  sessions: SessionStore;
  clock: () => Date;
  /** Where a relative snapshot path starts. */
  cwd: string;
  logger?: Logger;
  signal?: AbortSignal;
  progress?(done: number, total: number, message: string): void;
  /**
   * Checks the evidence names what was asked for (the MCP server refuses a namespace, pod or service account
   * that does not exist before diagnosing it); returns a refusal message, or null to go on.
   */
  checkTarget?(snapshot: Snapshot, plan: EvidencePlan): Promise<string | null>;
}

export interface SessionRequest extends EvidenceRequest {
  diagnosis_id?: string | undefined;
}

async function diagnosisRunbook(deps: ExecutorDeps): Promise<{ set: RunbookSet; runbook: Runbook }> {
  const set = await deps.loadRunbooks();
  const runbook = findDiagnosisRunbook(set.runbooks);
  if (runbook) return { set, runbook };
  const why = set.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`).join("; ");
  throw new ExecutorError(
    `The H2 IRSA / Pod Identity runbook did not load, and every phase runs from it.${why ? ` Problems: ${why}` : ""}`,
  );
}

/** Continues the session named by diagnosis_id, or gathers the evidence and starts one (progress 0 to 1). */
async function openSession(request: SessionRequest, deps: ExecutorDeps): Promise<Session> {
  const id = request.diagnosis_id?.trim();
  const { diagnosis_id: _id, ...evidence } = request;
  const named = Object.entries(evidence)
    .filter(([, v]) => typeof v === "string" && v.trim() !== "")
    .map(([k]) => k);
  if (id) {
    if (named.length > 0)
      throw new ExecutorError(
        `Pass either diagnosisId (to continue a session) or the target, not both: got diagnosisId and ${named.join(", ")}.`,
      );
    return deps.sessions.get(id);
  }
  const plan = planEvidence(evidence, deps.cwd);
  const { set, runbook } = await diagnosisRunbook(deps);
  let step = 0;
  const from = plan.kind === "snapshot" ? plan.dir : plan.kind === "live" ? "the cluster and the AWS account" : "the error message";
  deps.progress?.(0, 1, `collect: gathering evidence from ${from}`);
  // Offline, the loader's read of logs/ also gives the session its log findings: the folder is read once.
  const logPass = plan.kind === "snapshot" ? sessionLogPass(plan.dir, set) : null;
  const snapshot = await gatherEvidence(plan, {
    cwd: deps.cwd,
    clock: deps.clock,
    ...(logPass ? { logTap: logPass.tap } : {}),
    // Live collection reports its own steps; they share the collect slice, each a little further (never 1).
    onProgress: (message) => deps.progress?.(0.9 * (1 - 0.8 ** (step += 1)), 1, `collect: ${message}`),
  });
  const refused = await deps.checkTarget?.(snapshot, plan);
  if (refused) throw new ExecutorError(refused);
  const access = plan.kind === "live" ? { profile: plan.request.profile ?? null, context: plan.request.context ?? null } : null;
  const session = await createSession(snapshot, set, runbook, deps.clock(), access, logPass);
  deps.sessions.put(session);
  deps.progress?.(1, 1, `collect: evidence gathered; diagnosis ${session.id}`);
  return session;
}

/** The phase's steps report progress from `base` to `base + 1` of `total`. */
function phaseOptions(deps: ExecutorDeps, key: PhaseKey, base: number, total: number): PhaseOptions {
  return {
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    onStep: (done, steps, step) =>
      deps.progress?.(base + done / steps, total, `${key}: step ${done}/${steps}${step.tool ? ` ${step.tool}` : ""}: ${step.status}`),
  };
}

/** One phase (irsa_phase, `irsa-doctor phase`). */
export async function runPhaseOf(key: PhaseKey, request: SessionRequest, deps: ExecutorDeps): Promise<PhaseAnswer> {
  const session = await openSession(request, deps);
  const run = await runPhase(session, key, phaseOptions(deps, key, 1, 2));
  if (key !== "report") return { ...run, report: session.report };
  return { ...run, report: session.report, report_yaml: renderReport(session.report, "yaml") };
}

/** The whole runbook (diagnose_irsa): collect, triage, enrich, report; progress over those four. */
export async function diagnoseAllPhases(request: EvidenceRequest, deps: ExecutorDeps): Promise<{ session: Session; phases: PhaseRun[] }> {
  const total = 1 + PHASE_KEYS.length;
  const session = await openSession(request, { ...deps, progress: (done, _t, message) => deps.progress?.(done, total, message) });
  const phases: PhaseRun[] = [];
  for (const [i, key] of PHASE_KEYS.entries()) {
    phases.push(await runPhase(session, key, phaseOptions(deps, key, 1 + i, total)));
  }
  return { session, phases };
}
