// Turns a diagnosis into the runbook's report. Everything the report says comes from the diagnosis or the
// runbook; nothing here decides a cause.

import type { Finding, ReportEvidence } from "../checks/types.js";
import type { Diagnosis } from "../diagnosis/engine.js";
import type { Runbook } from "../runbook/types.js";
import type { Snapshot } from "../snapshot/types.js";
import { valueOf } from "../snapshot/evidence.js";
import { applicableEscalations, ratingFor } from "./guardrails.js";
import type { Report, ReportAction } from "./types.js";
import { reportCredentialPath, reportTimeline } from "./credential-path.js";
import { CAVEAT } from "../diagnosis/health.js";

const DEFAULT_LONG_TERM = "Migrate to Pod Identity, use Terraform/CDK for SA-Role bindings";

/** The severity of a healthy report: nothing is wrong, so nothing to page anyone about. */
const HEALTHY_SEVERITY = "NONE";

const MIGRATE_TO_POD_IDENTITY = /migrat\w*\b[^,;.]*\bpod identity/i;

/**
 * The template's literal long_term text when it has one (no <placeholder>), else the H2 default, fitted to the
 * mechanism in use: a workload already on Pod Identity is not told to migrate to it.
 */
function longTerm(runbook: Runbook, d: Diagnosis): string {
  const value = runbook.outputFormat?.value as { mitigation?: { long_term?: unknown } } | undefined;
  const text = value?.mitigation?.long_term;
  const advice = typeof text === "string" && !/<[^>]+>/.test(text) ? text : DEFAULT_LONG_TERM;
  if (d.facts.mode !== "pod_identity") return advice;
  const fitting = advice
    .split(/\s*[,;]\s*/)
    .filter((clause) => clause !== "" && !MIGRATE_TO_POD_IDENTITY.test(clause))
    .join(", ");
  return fitting === "" ? "None: the workload already uses EKS Pod Identity" : fitting.charAt(0).toUpperCase() + fitting.slice(1);
}

/** The runbook asks for the specific error message and the SA configuration in every report. */
function withRunbookEvidence(d: Diagnosis, snapshot: Snapshot, own: ReportEvidence[]): ReportEvidence[] {
  const evidence = [...own];
  const f = d.facts;
  if (!evidence.some((e) => e.type === "credential_finding")) {
    const related = d.primary ? f.logSignals.get(d.primary.causeId) : undefined;
    const match = related?.[0] ?? (d.outcome === "healthy" ? undefined : f.logMatches[0]);
    if (match) evidence.unshift({ type: "credential_finding", content: match.text, source: `${match.file}:${match.line}` });
  }
  if (!evidence.some((e) => e.type === "sa_config")) {
    const sa = valueOf(snapshot.k8s.serviceAccount);
    if (sa) {
      const role = f.workload.roleArnAnnotation;
      evidence.splice(1, 0, {
        type: "sa_config",
        content: `ServiceAccount ${f.workload.namespace}/${sa.metadata.name}: ${role ? `eks.amazonaws.com/role-arn=${role}` : "no eks.amazonaws.com/role-arn annotation"}`,
        source: snapshot.k8s.serviceAccount.status === "found" ? snapshot.k8s.serviceAccount.source : undefined,
      });
    }
  }
  return evidence.map((e) => (e.source === undefined ? { type: e.type, content: e.content } : e));
}

const MODE_NAMES: Record<string, string> = { irsa: "IRSA", pod_identity: "EKS Pod Identity", both: "IRSA and EKS Pod Identity" };

function rootCause(d: Diagnosis): string {
  if (d.primary) return `${d.primary.causeId.split(".")[0]} — ${d.primary.detail}`;
  if (d.outcome === "healthy") {
    const mode = MODE_NAMES[d.facts.mode] ?? "credential";
    // A caveat is a doubt, not a link: it is not counted as verified.
    const verified = d.summary.filter((line) => !line.startsWith(CAVEAT)).length;
    return `healthy — the ${mode} chain for ${d.facts.workload.subject} checks out end to end (${verified} links verified); no misconfiguration found`;
  }
  return `${d.outcome} — ${d.summary[0] ?? "no cause could be established from the evidence available"}`;
}

function immediate(d: Diagnosis): string {
  if (d.primary) return d.primary.immediate;
  if (d.outcome === "healthy")
    return "Operator: no action needed; the credential chain is configured correctly. If the application still fails, check the AWS call it makes and its own logs.";
  const deciding = [...new Set(d.findings.flatMap((f) => f.toConfirm ?? []))];
  if (deciding.length > 0) {
    return `Operator: no cause is confirmed yet; collect what decides between the candidates, then run the diagnosis again: ${deciding.join("; ")}.`;
  }
  const missing = d.missing[0];
  return `Operator: collect the missing evidence and run the diagnosis again${missing ? ` (first: ${missing.what}: ${missing.remedy})` : ""}.`;
}

function actions(findings: Finding | null, runbook: Runbook): ReportAction[] {
  return (findings?.actions ?? []).map((a) => {
    const rating = ratingFor(a, runbook.guardrails);
    const action: ReportAction = {
      description: a.description,
      command: a.command,
      rating: rating?.rating ?? null,
      rating_note: rating ? rating.note : "not rated by the runbook: review before running",
    };
    if (a.policy !== undefined) action.policy = a.policy;
    return action;
  });
}

function healthyEvidence(d: Diagnosis): ReportEvidence[] {
  // A "healthy" the health verdict doubts (medium) says why in a line of its own, not as something verified.
  return d.summary.map((line) =>
    line.startsWith(CAVEAT) ? { type: "caveat", content: line.slice(CAVEAT.length) } : { type: "verified", content: line },
  );
}

export function buildReport(d: Diagnosis, snapshot: Snapshot, runbook: Runbook): Report {
  const own = d.primary?.evidence ?? (d.outcome === "healthy" ? healthyEvidence(d) : d.findings.flatMap((f) => f.evidence));
  const t = snapshot.target;
  return {
    root_cause: rootCause(d),
    evidence: withRunbookEvidence(d, snapshot, dedupeEvidence(own)),
    severity: d.outcome === "healthy" ? HEALTHY_SEVERITY : runbook.severity,
    mitigation: { immediate: immediate(d), long_term: longTerm(runbook, d) },
    cause_id: d.outcome,
    confidence: d.confidence,
    candidates: d.findings.map((f) => candidate(f)),
    escalation: applicableEscalations(d.primary, runbook.guardrails),
    // A healthy verdict is made only when every link of the chain was seen (diagnosis/health.ts), so nothing
    // missing bears on it: listing what else was not collected would read as a problem where there is none.
    missing_evidence:
      d.outcome === "healthy" ? [] : d.missing.map((m) => ({ what: m.what, reason: m.reason, detail: m.detail, remedy: m.remedy })),
    operator_actions: actions(d.primary, runbook),
    target: {
      cluster: t.cluster,
      region: t.region,
      namespace: t.namespace,
      pod: d.facts.pod?.metadata.name ?? t.pod,
      service_account: d.facts.workload.serviceAccountName,
    },
    runbook: runbook.id,
    credential_path: reportCredentialPath(d.facts),
    timeline: reportTimeline(d.facts.timeline),
  };
}

function candidate(f: Finding): Report["candidates"][number] {
  const c: Report["candidates"][number] = { cause_id: f.causeId, confidence: f.confidence, reason: f.detail };
  if (f.confidence !== "high" && f.toConfirm && f.toConfirm.length > 0) c.to_confirm = f.toConfirm;
  return c;
}

function dedupeEvidence(list: ReportEvidence[]): ReportEvidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.type}\u0000${e.content}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
