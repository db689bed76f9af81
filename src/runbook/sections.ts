// Splits a runbook's markdown body into its "## " sections, keeping each line's number in the file.
// Fenced code blocks are respected, so a "## " line inside an example is not taken for a heading.

import { stripEmphasis } from "./markdown-text.js";

export interface SourceLine {
  text: string;
  /** 1-based line in the runbook file. */
  line: number;
}

export interface Section {
  /** The heading's text without the "## " marker and emphasis, e.g. "Phase 1 — Triage". */
  heading: string;
  line: number;
  /** The lines after the heading, up to the next section. */
  lines: SourceLine[];
}

const FENCE = /^\s*(`{3,}|~{3,})/;
// Level 1 headings also end a section: a "# Appendix" after the phases is not part of the last phase.
const SECTION_HEADING = /^#{1,2}\s+(.*?)\s*#*\s*$/;

/** Splits the body (which starts at `firstLine` of the file) into sections; text before the first one is dropped. */
export function splitSections(body: string, firstLine: number): Section[] {
  const sections: Section[] = [];
  let current: Section | null = null;
  let openFence: string | null = null;
  body.split("\n").forEach((text, index) => {
    const line = firstLine + index;
    const fence = FENCE.exec(text)?.[1];
    if (openFence !== null) {
      if (fence !== undefined && fence[0] === openFence[0] && fence.length >= openFence.length) openFence = null;
    } else if (fence !== undefined) {
      openFence = fence;
    } else {
      const heading = SECTION_HEADING.exec(text);
      if (heading) {
        current = { heading: stripEmphasis(heading[1] ?? "").trim(), line, lines: [] };
        sections.push(current);
        return;
      }
    }
    current?.lines.push({ text, line });
  });
  return sections;
}

export interface FencedBlock {
  /** The info string after the opening fence ("yaml"), lowercased. */
  info: string;
  /** Line of the opening fence. */
  line: number;
  /** The lines between the fences. */
  lines: SourceLine[];
}

/** The fenced code blocks among some lines (an unclosed fence runs to the end). */
export function findFencedBlocks(lines: readonly SourceLine[]): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; block: FencedBlock } | null = null;
  for (const source of lines) {
    const match = /^\s*(`{3,}|~{3,})\s*([^`\s]*)/.exec(source.text);
    const fence = match?.[1];
    if (open === null) {
      if (fence !== undefined) {
        open = { fence, block: { info: (match?.[2] ?? "").toLowerCase(), line: source.line, lines: [] } };
        blocks.push(open.block);
      }
    } else if (fence !== undefined && fence[0] === open.fence[0] && fence.length >= open.fence.length && !match?.[2]) {
      open = null;
    } else {
      open.block.lines.push(source);
    }
  }
  return blocks;
}

/** The lines of a fenced block as one string, its indentation relative to the fence removed. */
export function blockText(block: FencedBlock, fenceIndent = 0): string {
  return block.lines.map((source) => removeIndent(source.text, fenceIndent)).join("\n");
}

function removeIndent(text: string, columns: number): string {
  let index = 0;
  while (index < columns && text[index] === " ") index += 1;
  return text.slice(index);
}
