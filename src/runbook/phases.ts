// Recognises "## Phase N — Name" headings, whatever N and the name, and builds each phase from its body.
// The separator may be an em dash, an en dash, a hyphen or a colon ("Phase 2: Enrich"), or be absent;
// "## Phase 3" alone gives an empty name. Phases keep the order they are written in, numbers as written.

import { parsePhaseBody } from "./phase-body.js";
import type { Problem } from "./problems.js";
import type { Section } from "./sections.js";
import type { Phase } from "./types.js";

const PHASE_WORD = /^phase\b/i;
const NUMBERED = /^phase\s+(\d+)\b\s*(?:(?:—|–|-|:)\s*)?(.*)$/i;

/** True when a section's heading announces a phase (well-formed or not). */
export function isPhaseHeading(heading: string): boolean {
  return PHASE_WORD.test(heading);
}

export function parsePhase(section: Section): { phase: Phase } | { problem: Problem } {
  const match = NUMBERED.exec(section.heading);
  if (!match) {
    return {
      problem: {
        line: section.line,
        message: `phase heading "## ${section.heading}" has no number: write it as "## Phase <number> — <name>"`,
      },
    };
  }
  const body = parsePhaseBody(section.lines);
  return {
    phase: {
      number: Number(match[1]),
      name: (match[2] ?? "").trim(),
      notes: body.notes,
      steps: body.steps,
      line: section.line,
    },
  };
}
