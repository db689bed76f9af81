// The diagnosis: run every registered check over one snapshot, rank what fired, and decide the outcome.
// Ranking is by confidence, then by the registry's order, which follows the credential chain from the
// service account to the API call: the earliest broken link explains the later symptoms.

import type { Check, Confidence, Finding } from "../checks/types.js";
import type { OutcomeId } from "../causes.js";
import type { Snapshot } from "../snapshot/types.js";
import { deriveFacts, type Facts } from "./facts/index.js";
import { healthVerdict } from "./health.js";
import { withLogVerdict } from "./log-only.js";
import { missingEvidence, type MissingEvidence } from "./missing.js";
import { disciplined } from "./decisive.js";
import { chainedTargetGaps } from "../checks/trust-policy/chained-target.js";

const CONFIDENCE_ORDER: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

export interface Diagnosis {
  outcome: OutcomeId;
  confidence: Confidence;
  /** The finding behind the outcome; null for healthy and inconclusive. */
  primary: Finding | null;
  /** Every finding, ranked: the primary first. */
  findings: Finding[];
  /** For healthy: what was verified; for inconclusive: why nothing could be concluded. */
  summary: string[];
  missing: MissingEvidence[];
  facts: Facts;
}

function rankFindings(findings: { finding: Finding; order: number }[]): Finding[] {
  return [...findings]
    .sort((a, b) => CONFIDENCE_ORDER[a.finding.confidence] - CONFIDENCE_ORDER[b.finding.confidence] || a.order - b.order)
    .map((f) => f.finding);
}

export function diagnose(snapshot: Snapshot, checks: readonly Check[]): Diagnosis {
  const facts = deriveFacts(snapshot);
  const fired: { finding: Finding; order: number }[] = [];
  checks.forEach((check, order) => {
    const finding = check.run(snapshot, facts);
    if (finding) fired.push({ finding: disciplined(finding, facts), order });
  });
  let findings = rankFindings(fired);
  // Nothing firm from the configuration: the logs name the candidates, and a decisive line a cause (medium).
  if ((findings[0]?.confidence ?? "low") === "low") findings = withLogVerdict(findings, snapshot, facts);
  // A self-managed cluster (kOps, kubeadm) has no EKS API: Pod Identity's pieces are not missing there.
  const missing = chainedTargetGaps(
    snapshot,
    facts,
    missingEvidence(snapshot, findings).filter(
      (m) => !facts.aws.oidc.selfManaged || !/Pod Identity|eks-pod-identity-agent|EKS add-on/i.test(m.what),
    ),
  );
  const top = findings[0];
  if (top && top.confidence !== "low") {
    return { outcome: top.causeId, confidence: top.confidence, primary: top, findings, summary: [], missing, facts };
  }
  if (top) {
    // Only weak signals: name them all as candidates and do not pick one.
    const summary = [
      `${findings.length} possible cause${findings.length > 1 ? "s" : ""}, none confirmed by the configuration evidence available`,
      ...findings.flatMap((f) => f.toConfirm ?? []),
    ];
    return { outcome: "inconclusive", confidence: "low", primary: null, findings, summary: dedupe(summary), missing, facts };
  }
  const verdict = healthVerdict(snapshot, facts);
  return {
    outcome: verdict.healthy ? "healthy" : "inconclusive",
    confidence: verdict.healthy ? (verdict.confidence ?? "high") : "low",
    primary: null,
    findings,
    summary: verdict.reasons,
    missing,
    facts,
  };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
