// A check: one cause, one pure function over the snapshot and the facts derived from it.
// Its metadata (id, title, description) comes from src/causes.ts, apart from its logic, so the registry, the
// docs and the report can list causes without running anything.

import type { Snapshot } from "../snapshot/types.js";
import type { Facts } from "../diagnosis/facts/index.js";
import type { CauseId } from "../causes.js";

export type Confidence = "high" | "medium" | "low";

/** An item of the report's `evidence` list: what was found, quoted. */
export interface ReportEvidence {
  /** credential_finding | sa_config | trust_policy | oidc_provider | pod_spec | event | log | cluster | pod_identity | permissions | ... */
  type: string;
  content: string;
  /** Where it came from: a file of the snapshot or an API call. */
  source?: string;
}

/**
 * Something an operator must do by hand. The tool never performs it.
 * `safety` names the kind of action so the report can attach the runbook's safety rating to it.
 */
export interface OperatorAction {
  /** One sentence: what to do and why. */
  description: string;
  /** Shell command(s), fitted to the case (real namespace, names, ARNs). */
  command: string;
  /** Matches a safety_ratings entry of the runbook, e.g. "Annotate ServiceAccount", "Modify IAM trust policy". */
  safety: string;
  /** For trust-policy fixes: the corrected policy document. */
  policy?: unknown;
}

export interface Finding {
  causeId: CauseId;
  confidence: Confidence;
  /** The "<detail>" of root_cause: one sentence naming the exact misconfiguration with real names. */
  detail: string;
  evidence: ReportEvidence[];
  /** "Operator: ..." sentence for mitigation.immediate. */
  immediate: string;
  actions: OperatorAction[];
  /** Evidence that would confirm or rule this out, when confidence is not high. */
  toConfirm?: string[];
  /** The break affects every workload of the cluster, not only this one (for the runbook's escalations). */
  clusterWide?: boolean;
}

interface CheckMeta {
  id: CauseId;
  /** Short name of the cause, e.g. "Trust policy subject does not match the service account". */
  title: string;
  /** What the cause is and how it shows, in full sentences. */
  description: string;
}

export interface Check extends CheckMeta {
  /** Pure: reads only its arguments; never does I/O, never throws on missing evidence. */
  run(snapshot: Snapshot, facts: Facts): Finding | null;
}
