// The safety rating a runbook's guardrails give a tool ("Log collection (collect), search, errors,
// correlate, cluster_health: GREEN (read-only)"), looked up in the loaded runbooks by id order; null when
// no runbook rates the tool.

import type { Runbook } from "../runbook/types.js";

export interface ToolSafetyRating {
  rating: "GREEN" | "YELLOW" | "RED";
  note: string;
  runbook: string;
}

export function safetyRatingFor(runbooks: readonly Runbook[], tool: string): ToolSafetyRating | null {
  const sorted = [...runbooks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const runbook of sorted) {
    const entry = runbook.guardrails.safetyRatings.find((r) => r.tools.some((t) => t.trim().toLowerCase() === tool));
    if (entry) return { rating: entry.rating, note: entry.note, runbook: runbook.id };
  }
  return null;
}
