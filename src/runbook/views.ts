// Shapes of runbooks shown to callers, shared by the MCP tools, resources, prompts and the CLI: the one-line
// summary, the parsed form without its markdown, and lookups by id and by phase whose "not found" messages
// list what does exist.

import type { Phase, Runbook, RunbookSet } from "./types.js";

export interface RunbookSummary {
  id: string;
  title: string;
  description: string;
  severity: string;
  status: string;
  phases: string[];
  file: string;
}

export function summarizeRunbook(runbook: Runbook): RunbookSummary {
  return {
    id: runbook.id,
    title: runbook.title,
    description: runbook.description,
    severity: runbook.severity,
    status: runbook.status,
    phases: runbook.phases.map((phase) => phase.name),
    file: runbook.file,
  };
}

export type ParsedRunbook = Omit<Runbook, "markdown">;

/** The markdown is left out: it is served as the runbook://{id} resource, and would double the size. */
export function withoutMarkdown(runbook: Runbook): ParsedRunbook {
  const { markdown: _markdown, ...parsed } = runbook;
  return parsed;
}

export type Lookup<T> = { found: true; value: T } | { found: false; message: string };

export function findRunbook(set: RunbookSet, id: string): Lookup<Runbook> {
  const wanted = id.trim();
  const runbook = set.runbooks.find((candidate) => candidate.id === wanted);
  if (runbook) return { found: true, value: runbook };
  const known = set.runbooks.map((candidate) => candidate.id);
  const hint =
    known.length === 0
      ? "No runbook is loaded; check the server's --runbooks folders and the errors from list_runbooks."
      : `Known runbook ids: ${known.join(", ")}.`;
  return { found: false, message: `No runbook with id "${id}". ${hint}` };
}

/** A phase by number (2, "2") or by name, case-insensitive ("enrich", "Phase 2 — Enrich" is not needed). */
export function findPhase(runbook: Runbook, ref: string | number): Lookup<Phase> {
  const text = String(ref).trim();
  const phase = /^\d+$/.test(text)
    ? runbook.phases.find((candidate) => candidate.number === Number(text))
    : runbook.phases.find((candidate) => candidate.name.toLowerCase() === text.toLowerCase());
  if (phase) return { found: true, value: phase };
  const valid = runbook.phases.map((candidate) => `${candidate.number} (${candidate.name})`).join(", ");
  return {
    found: false,
    message: `Runbook "${runbook.id}" has no phase "${text}". Valid phases, by number or name: ${valid || "none"}.`,
  };
}
