// The safety rating a runbook's guardrails give a tool or an action ("Log collection (collect), search,
// errors, correlate, cluster_health: GREEN (read-only)"), looked up one way everywhere: the tool tools, the
// runbook steps and the report's operator actions.

import { compareText } from "../util/compare.js";
import type { Guardrails, Runbook, SafetyRatingEntry } from "./types.js";

export interface ToolSafetyRating {
  rating: SafetyRatingEntry["rating"];
  note: string;
  /** The runbook whose guardrails give it. */
  runbook: string;
}

/** The entry that names `tool` exactly, case and surrounding spaces aside. */
export function ratingEntryFor(guardrails: Guardrails, tool: string): SafetyRatingEntry | null {
  const wanted = tool.trim().toLowerCase();
  return guardrails.safetyRatings.find((r) => r.tools.some((t) => t.trim().toLowerCase() === wanted)) ?? null;
}

/** A tool's rating from the loaded runbooks, the first by id that rates it; null when none does. */
export function safetyRatingFor(runbooks: readonly Runbook[], tool: string): ToolSafetyRating | null {
  for (const runbook of [...runbooks].sort((a, b) => compareText(a.id, b.id))) {
    const entry = ratingEntryFor(runbook.guardrails, tool);
    if (entry) return { rating: entry.rating, note: entry.note, runbook: runbook.id };
  }
  return null;
}
