// The runbook's guardrails applied to a diagnosis: the safety rating of each operator action and the
// escalation conditions that hold. Matching is by the words the runbook uses, so another runbook's
// guardrails work without code changes.

import type { Finding, OperatorAction } from "../checks/types.js";
import { ratingEntryFor } from "../runbook/safety-ratings.js";
import type { Guardrails, SafetyRatingEntry } from "../runbook/types.js";

// "IAM", "role" and "AWS" name where an action happens, not what it is: "Modify IAM role permissions" must not
// match "IAM role trust policy changes ...".
const STOP_WORDS = new Set([
  "iam",
  "role",
  "aws",
  "the",
  "a",
  "an",
  "to",
  "of",
  "for",
  "and",
  "or",
  "via",
  "not",
  "require",
  "requires",
  "change",
  "changes",
  "create",
  "creation",
  "update",
  "modify",
]);

function significantWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !STOP_WORDS.has(w)),
  );
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

/** The runbook's rating entry for an action: an exact tool name first, then the entry sharing most words. */
export function ratingFor(action: OperatorAction, guardrails: Guardrails): SafetyRatingEntry | null {
  const exact = ratingEntryFor(guardrails, action.safety);
  if (exact) return exact;
  const words = significantWords(action.safety);
  let best: SafetyRatingEntry | null = null;
  let bestScore = 1; // at least two shared words, so "IAM" alone does not match
  for (const r of guardrails.safetyRatings) {
    const score = Math.max(...r.tools.map((t) => overlap(words, significantWords(t))));
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/** Cause categories whose misconfiguration breaks every workload of the cluster, not one service. */
const CLUSTER_WIDE = new Set(["oidc_provider", "network"]);
const CLUSTER_WIDE_CAUSES = new Set(["pod_identity.agent_not_running", "pod_identity.agent_unreachable", "pod_identity.agent_proxy"]);

/** Escalation conditions of the runbook that hold for this finding and its actions. */
export function applicableEscalations(finding: Finding | null, guardrails: Guardrails): string[] {
  if (!finding) return [];
  const actionWords = finding.actions.map((a) => significantWords(a.safety));
  const clusterWide =
    finding.clusterWide ?? (CLUSTER_WIDE.has(finding.causeId.split(".")[0] ?? "") || CLUSTER_WIDE_CAUSES.has(finding.causeId));
  return guardrails.escalationConditions.filter((condition) => {
    const words = significantWords(condition);
    if (clusterWide && /multiple|several|all\b/i.test(condition)) return true;
    return actionWords.some((a) => overlap(a, words) >= 2);
  });
}
