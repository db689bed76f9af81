// Recognises the level labels that open a group of steps: "MUST:", "**SHOULD:**", "MAY (if IPVS mode
// detected):", "FIRST — Check pod state before collecting logs:", "MUST: Run `kubectl get nodes`".

import { stripEmphasis } from "./markdown-text.js";
import type { StepLevel } from "./types.js";

export interface Label {
  level: StepLevel;
  /** The parenthesised qualifier, or a lead-in that reads as a condition ("if ...", "when ..."). */
  condition: string | null;
  /** A lead-in that introduces the list ("Check pod state before collecting logs"); kept as a phase note. */
  leadIn: string | null;
  /** Text after "LEVEL:" that does not end with a colon: a step of its own, on the label's line. */
  inlineStep: string | null;
}

const LABEL = /^(FIRST|MUST|SHOULD|MAY)(?=[\s:(—–-]|$)(.*)$/;
const CONDITIONAL = /^(?:if|when|unless|only if|only when|in case|where)\b/i;

/** Reads a label from a line (or a "###" heading's text); null when the line is not a label. */
export function readLabel(rawLine: string): Label | null {
  const match = LABEL.exec(stripEmphasis(rawLine).trim());
  if (!match) return null;
  const level = match[1] as StepLevel;
  let rest = (match[2] ?? "").trim();
  let condition: string | null = null;
  if (rest.startsWith("(")) {
    const close = rest.indexOf(")");
    if (close < 0) return null;
    condition = rest.slice(1, close).trim() || null;
    rest = rest.slice(close + 1).trim();
  }
  if (rest === "" || rest === ":") return { level, condition, leadIn: null, inlineStep: null };
  const separated = /^(—|–|-|:)\s*(.*)$/.exec(rest);
  if (!separated) return null; // "MUST be careful ..." is prose, not a label
  const text = (separated[2] ?? "").trim();
  if (text === "") return { level, condition, leadIn: null, inlineStep: null };
  if (!text.endsWith(":")) return { level, condition, leadIn: null, inlineStep: text };
  const leadIn = text.slice(0, -1).trim();
  if (condition === null && CONDITIONAL.test(leadIn)) return { level, condition: leadIn, leadIn: null, inlineStep: null };
  return { level, condition, leadIn, inlineStep: null };
}
