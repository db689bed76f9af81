// Trigger regexes: compiled with re2js, whose matching is linear in the text, so that a pattern written
// by a runbook author such as (a+)+$ cannot hang the server. Each runbook's triggers are compiled once
// (when it is parsed, or on first use for a runbook built elsewhere) and cached beside the plain-data
// runbook, which must stay serialisable.

import { RE2JS } from "re2js";
import { recogniseMessages } from "../logs/recognise.js";
import { findDiagnosisRunbook } from "./diagnosis-runbook.js";
import type { Runbook, TriggerMatch } from "./types.js";

/** Error texts are cut to their first 64 KiB of characters (65,536 UTF-16 units) before matching. */
export const MAX_ERROR_TEXT_LENGTH = 64 * 1024;

interface CompiledTriggers {
  /** The patterns these were compiled from: a runbook whose triggers were since replaced is recompiled. */
  patterns: string[];
  regexes: (RE2JS | null)[];
}

const compiledTriggers = new WeakMap<Runbook, CompiledTriggers>();

/** Compiles one trigger; returns the reason when it is not a valid RE2 regular expression. */
export function compileTrigger(pattern: string): RE2JS | string {
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `trigger "${pattern}" is not a valid RE2 regular expression (${reason}); lookarounds and backreferences are not supported`;
  }
}

/** Records the triggers compiled while parsing, so that matching does not compile them again. */
export function rememberCompiledTriggers(runbook: Runbook, regexes: RE2JS[]): void {
  compiledTriggers.set(runbook, { patterns: [...runbook.triggers], regexes });
}

function triggersOf(runbook: Runbook): (RE2JS | null)[] {
  const cached = compiledTriggers.get(runbook);
  if (cached && sameList(cached.patterns, runbook.triggers)) return cached.regexes;
  // An invalid trigger can only reach here in a runbook not built by parseRunbook; it never matches.
  const regexes = runbook.triggers.map((pattern) => {
    const result = compileTrigger(pattern);
    return typeof result === "string" ? null : result;
  });
  compiledTriggers.set(runbook, { patterns: [...runbook.triggers], regexes });
  return regexes;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * The runbooks whose triggers match the error text, most matched triggers first, ties by id. The diagnosis
 * runbook also matches when the pattern library recognises a credential message its few triggers miss (a
 * Pod Identity agent timeout, an SDK's "no credentials"): the diagnosis would recognise it in a log.
 */
export function matchRunbooks(runbooks: readonly Runbook[], errorText: string): TriggerMatch[] {
  const text = errorText.length > MAX_ERROR_TEXT_LENGTH ? errorText.slice(0, MAX_ERROR_TEXT_LENGTH) : errorText;
  const diagnosis = findDiagnosisRunbook(runbooks);
  const matches: TriggerMatch[] = [];
  for (const runbook of runbooks) {
    const compiled = triggersOf(runbook);
    const matched = runbook.triggers.filter((_, index) => compiled[index]?.test(text) ?? false);
    const recognised = runbook === diagnosis ? recogniseMessages(text).map(({ patternId, meaning }) => ({ patternId, meaning })) : [];
    // Recognition adds one to the score only when no trigger matched: it is one more way in, not a vote per pattern.
    const score = matched.length > 0 ? matched.length : recognised.length > 0 ? 1 : 0;
    if (score > 0) matches.push({ runbookId: runbook.id, title: runbook.title, matched, recognised, score });
  }
  return matches.sort((a, b) => b.score - a.score || (a.runbookId < b.runbookId ? -1 : a.runbookId > b.runbookId ? 1 : 0));
}
