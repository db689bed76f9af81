// The report: the runbook's Output Format keys first, in its order, then what a serious diagnosis adds.
// snake_case keys, because the runbook's template is written that way and the YAML is for people.

import type { Confidence, ReportEvidence } from "../checks/types.js";
import type { OutcomeId } from "../causes.js";
import type { SafetyRating } from "../runbook/types.js";

interface ReportCandidate {
  cause_id: OutcomeId;
  confidence: Confidence;
  reason: string;
  /** What would confirm or rule it out, when it is not confirmed. */
  to_confirm?: string[];
}

export interface ReportAction {
  description: string;
  command: string;
  /** The runbook's safety rating for this kind of action; null when the runbook does not rate it. */
  rating: SafetyRating | null;
  rating_note: string;
  policy?: unknown;
}

interface ReportMissing {
  what: string;
  reason: string;
  detail: string;
  remedy: string;
}

export interface Report {
  root_cause: string;
  evidence: ReportEvidence[];
  severity: string;
  mitigation: { immediate: string; long_term: string };
  cause_id: OutcomeId;
  confidence: Confidence;
  candidates: ReportCandidate[];
  escalation: string[];
  missing_evidence: ReportMissing[];
  operator_actions: ReportAction[];
  target: { cluster: string | null; region: string | null; namespace: string; pod: string | null; service_account: string | null };
  runbook: string;
  /** Per container: the provider its SDK's chain selects, why, the identity it ends on, and the hops. */
  credential_path: ReportContainerPath[];
  /** The dated events the verdict took into account, oldest first. */
  timeline: ReportTimelineEvent[];
}

interface ReportHop {
  hop: string;
  status: "ok" | "broken" | "unknown";
  evidence: string;
  source?: string;
  time?: string;
}

export interface ReportContainerPath {
  container: string;
  sdk: string;
  provider: string;
  why: string[];
  identity: { kind: string; name: string; session?: string };
  /** Settings that cannot be seen but could change the selection (envFrom Secrets, a profile without its file). */
  uncertain?: string[];
  hops: ReportHop[];
}

export interface ReportTimelineEvent {
  time: string;
  what: string;
  source?: string;
}
