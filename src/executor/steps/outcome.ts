// What a step executor gets (the step, its filled parameters, the session) and gives back (a status, a
// one-line summary, the structured result, and the reason when something could not be done).

import type { Step } from "../../runbook/types.js";
import type { TargetValues } from "../params.js";
import type { FilledParam, Session, StepResult, StepStatus } from "../types.js";

export interface StepEnv {
  step: Step;
  params: Record<string, FilledParam>;
  session: Session;
  target: TargetValues;
  /** Runs the step's children (the default for steps whose executor does not judge them itself). */
  runChildren(): Promise<StepResult[]>;
}

export interface StepOutcome {
  status: StepStatus;
  summary: string;
  result: unknown;
  reason: string | null;
  /** Set by executors that judge their children themselves (the classification step). */
  children?: StepResult[];
}

export type StepExecutor = (env: StepEnv) => StepOutcome | Promise<StepOutcome>;

export const done = (summary: string, result: unknown, reason: string | null = null): StepOutcome => ({
  status: "done",
  summary,
  result,
  reason,
});

export const notAvailable = (reason: string, result: unknown = null): StepOutcome => ({
  status: "not_available",
  summary: `not available: ${reason}`,
  result,
  reason,
});

export const skipped = (reason: string): StepOutcome => ({ status: "skipped", summary: `skipped: ${reason}`, result: null, reason });

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
