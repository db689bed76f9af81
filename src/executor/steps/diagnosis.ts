// The steps the diagnosis answers: summarize, the classification of the failure, the root cause, the fix, the
// operator actions (recommended, never performed) and the report's required details. Each reads the
// session's diagnosis and report; none decides anything the diagnosis did not.

import type { Report } from "../../report/types.js";
import type { Step } from "../../runbook/types.js";
import { paramText } from "../params.js";
import type { StepResult } from "../types.js";
import { done, plural, skipped, type StepEnv, type StepExecutor } from "./outcome.js";

const candidates = (r: Report) => r.candidates.map((c) => ({ cause_id: c.cause_id, confidence: c.confidence, reason: c.reason }));

export const summarize: StepExecutor = (env) => {
  const { report, logFindings } = env.session;
  const asked = env.params["finding_ids"];
  const ids = new Set(
    Array.isArray(asked)
      ? asked
      : (paramText(env.params, "finding_ids") ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
  );
  const findings = logFindings
    .filter((f) => ids.size === 0 || ids.has(f.id))
    .map((f) => ({ id: f.id, severity: f.severity, pattern: f.pattern, count: f.count, meaning: f.meaning }));
  const unknown = [...ids].filter((id) => !logFindings.some((f) => f.id === id));
  return done(
    `${report.cause_id} (${report.confidence}) over ${plural(findings.length, "finding")}: ${report.root_cause}`,
    { cause_id: report.cause_id, confidence: report.confidence, root_cause: report.root_cause, findings, candidates: candidates(report) },
    unknown.length > 0 ? `no finding has id ${unknown.join(", ")}` : null,
  );
};

const QUOTED = /"([^"]+)"/;

/** A classification branch ("If "X" denied: meaning"): does the evidence show X? */
function judgeBranch(step: Step, env: StepEnv): StepResult {
  const base = {
    level: step.level,
    condition: step.condition,
    text: step.text,
    tool: step.tool,
    params: {},
    safety: null,
    line: step.line,
    children: [],
  };
  const signal = step.text.match(QUOTED)?.[1];
  if (!signal) return { ...base, ...skipped("no executor for this step") };
  const wanted = signal.toLowerCase();
  const lines = env.session.diagnosis.facts.logMatches.filter((m) => m.text.toLowerCase().includes(wanted));
  const summary =
    lines.length > 0 ? `"${signal}" seen in ${plural(lines.length, "recognised log line")}` : `"${signal}" not seen in the logs`;
  return {
    ...base,
    status: "done",
    summary,
    result: { signal, seen: lines.length > 0, lines: lines.length, first: lines[0] ? `${lines[0].file}:${lines[0].line}` : null },
    reason: null,
  };
}

export const classify: StepExecutor = (env) => {
  const { report } = env.session;
  const children = env.step.children.map((child) => judgeBranch(child, env));
  const seen = children.filter((c) => (c.result as { seen?: boolean } | null)?.seen).map((c) => (c.result as { signal: string }).signal);
  const summary = `classified as ${report.cause_id} (${report.confidence})${report.candidates.length > 1 ? ` among ${plural(report.candidates.length, "candidate")}` : ""}${seen.length > 0 ? `; branches seen: ${seen.join(", ")}` : ""}`;
  return {
    ...done(summary, { cause_id: report.cause_id, confidence: report.confidence, candidates: candidates(report), branches_seen: seen }),
    children,
  };
};

export const rootCause: StepExecutor = (env) => {
  const r = env.session.report;
  return done(r.root_cause, {
    root_cause: r.root_cause,
    cause_id: r.cause_id,
    confidence: r.confidence,
    evidence: r.evidence.slice(0, 10),
  });
};

export const recommendFix: StepExecutor = (env) => {
  const r = env.session.report;
  return done(r.mitigation.immediate, { immediate: r.mitigation.immediate, long_term: r.mitigation.long_term });
};

export const operatorAction: StepExecutor = (env) => {
  const r = env.session.report;
  const actions = r.operator_actions;
  return {
    status: "operator_action",
    summary:
      actions.length === 0
        ? "no operator action recommended"
        : `${plural(actions.length, "operator action")} recommended (not performed): ${actions.map((a) => `${a.description} [${a.rating ?? "unrated"}]`).join("; ")}`,
    result: { performed: false, actions, escalation: r.escalation },
    reason: "operator actions are never performed by irsa-doctor: an operator reviews and runs them",
  };
};

function evidenceOf(env: StepEnv, types: readonly string[], what: string) {
  const items = env.session.report.evidence.filter((e) => types.includes(e.type));
  return done(items.length > 0 ? `${plural(items.length, what)}: ${items[0]!.content}` : `no ${what} in the evidence`, { evidence: items });
}

export const includeErrorMessage: StepExecutor = (env) => evidenceOf(env, ["credential_finding", "log"], "error message");

export const includeConfigDetails: StepExecutor = (env) =>
  evidenceOf(env, ["sa_config", "trust_policy", "oidc_provider", "pod_identity"], "configuration detail");

export const recommendMigration: StepExecutor = (env) => {
  const mode = env.session.diagnosis.facts.mode;
  const applies = mode === "irsa" || mode === "both";
  const summary = applies
    ? env.session.report.mitigation.long_term
    : `the workload uses ${mode === "pod_identity" ? "Pod Identity already" : `identity mode ${mode}`}; no migration to recommend`;
  return done(summary, { identity_mode: mode, applies, recommendation: applies ? env.session.report.mitigation.long_term : null });
};
