// Parses the "## Guardrails" section: escalation conditions and safety ratings. Accepts the YAML-looking
// form of H2 ("escalation_conditions:" then "- ..." items) and markdown forms ("### Escalation
// conditions", "**Safety ratings:**"); keys of other names are ignored.

import { stripEmphasis } from "./markdown-text.js";
import { unquote } from "./unquote.js";
import type { Problem } from "./problems.js";
import type { SourceLine } from "./sections.js";
import type { Guardrails, SafetyRating, SafetyRatingEntry } from "./types.js";

// "escalation_conditions:", "Safety ratings:" or a heading; a paragraph line does not change the key.
const KEY_LINE = /^\s*(?:#{1,6}\s+([A-Za-z][A-Za-z _-]*?)\s*:?|([A-Za-z][A-Za-z _-]*?)\s*:)\s*$/;
const ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$/;
const RATING = /^(.*?):\s*(GREEN|YELLOW|RED)\b(.*)$/i;

export function parseGuardrails(lines: readonly SourceLine[]): { guardrails: Guardrails; problems: Problem[] } {
  const guardrails: Guardrails = { escalationConditions: [], safetyRatings: [] };
  const problems: Problem[] = [];
  let key: string | null = null;
  for (const source of lines) {
    const text = stripEmphasis(source.text);
    const item = ITEM.exec(text);
    if (item) {
      const value = unquote(item[1] ?? "");
      if (key === "escalation_conditions") guardrails.escalationConditions.push(value);
      if (key === "safety_ratings") {
        const rating = parseSafetyRating(value);
        if (typeof rating === "string") problems.push({ line: source.line, message: rating });
        else guardrails.safetyRatings.push(rating);
      }
      continue;
    }
    const keyLine = KEY_LINE.exec(text);
    if (keyLine)
      key = (keyLine[1] ?? keyLine[2] ?? "")
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, "_");
  }
  return { guardrails, problems };
}

/**
 * "Log collection (collect), search, errors: GREEN (read-only)" -> tools [collect, search, errors],
 * GREEN, note "read-only". An entry written as "Description (tool)" names the tool in parentheses;
 * other entries ("Annotate ServiceAccount") are actions and are kept as written. Returns a problem
 * message when the entry has no rating.
 */
function parseSafetyRating(entry: string): SafetyRatingEntry | string {
  const match = RATING.exec(entry);
  if (!match) {
    return `safety rating "${entry}" has no GREEN, YELLOW or RED rating: write it as "<tools or actions>: <GREEN|YELLOW|RED> — <note>"`;
  }
  const tools = splitOutsideParentheses(match[1] ?? "").flatMap(namesIn);
  if (tools.length === 0) return `safety rating "${entry}" names no tool or action before its rating`;
  let note = (match[3] ?? "").trim().replace(/^(?:—|–|-|:)\s*/, "");
  if (/^\(.*\)$/.test(note)) note = note.slice(1, -1).trim();
  return { tools, rating: (match[2] ?? "").toUpperCase() as SafetyRating, note };
}

function namesIn(part: string): string[] {
  const text = part.replace(/`/g, "").trim();
  if (text === "") return [];
  const described = /^(.*?)\s*\(([^()]*)\)$/.exec(text);
  if (described && (described[1] ?? "") !== "") {
    const inner = (described[2] ?? "").split(/\s*(?:,|\/|\band\b)\s*/).filter((name) => name !== "");
    if (inner.length > 0 && inner.every((name) => /^[A-Za-z_][\w-]*$/.test(name))) return inner;
  }
  return [text];
}

function splitOutsideParentheses(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth += 1;
    if (char === ")") depth = Math.max(0, depth - 1);
    if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}
