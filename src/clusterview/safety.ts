// The safety rating the H2 runbook's guardrails give a tool ("... cluster_health: GREEN (read-only)"),
// carried on every answer so an agent sees the rating where it reads the result. null when the runbook
// does not rate the tool or is not loaded.

import type { RunbookSet } from "../runbook/types.js";

export const H2_RUNBOOK_ID = "h2-irsa-pod-identity-confusion";

export interface SafetyRatingView {
  rating: "GREEN" | "YELLOW" | "RED";
  note: string;
  runbook: string;
}

export function safetyRatingFor(set: RunbookSet, tool: string): SafetyRatingView | null {
  const runbook = set.runbooks.find((r) => r.id === H2_RUNBOOK_ID);
  const entry = runbook?.guardrails.safetyRatings.find((r) => r.tools.includes(tool));
  return runbook && entry ? { rating: entry.rating, note: entry.note, runbook: runbook.id } : null;
}
