// Parses the body of one "## Phase N — Name" section, line by line, into steps and notes.
//
// Conventions (any runbook in this format, not only H2):
// - A label ("MUST:", "**SHOULD:**", "MAY (if ...):", "FIRST — lead-in:", or a "###" heading holding one)
//   sets the level and condition of the items after it, until the next label.
// - Items before any label are MUST: they are the phase's instructions and the author did not mark
//   them optional.
// - A label's lead-in ("FIRST — Check pod state before collecting logs:") is kept as a note of the
//   phase, unless it reads as a condition ("MUST — if IPVS mode detected:"), which becomes the condition.
// - Bullets ("-", "*", "+") and numbered items ("1.", "1)") are steps; deeper-indented items are children
//   and inherit their parent's level and condition. Unindented text right after an item continues it.
// - A fenced block inside an item gives the item its command when it has none; any other fenced block,
//   paragraph, quote or heading is a note.

import { findFencedBlocks, blockText } from "./sections.js";
import { indentationOf, stripEmphasis } from "./markdown-text.js";
import { readLabel } from "./labels.js";
import { readStepFields } from "./step-fields.js";
import type { SourceLine } from "./sections.js";
import type { Step, StepLevel } from "./types.js";

interface DraftStep {
  level: StepLevel;
  condition: string | null;
  text: string;
  line: number;
  indent: number;
  fencedCommand: string | null;
  children: DraftStep[];
}

export interface PhaseBody {
  steps: Step[];
  notes: string[];
}

const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}#{3,6}\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

const DEFAULT_STEP_LEVEL: StepLevel = "MUST";

export function parsePhaseBody(lines: readonly SourceLine[]): PhaseBody {
  const roots: DraftStep[] = [];
  const notes: string[] = [];
  let open: DraftStep[] = []; // the chain of items a new line may belong to, outermost first
  let level: StepLevel = DEFAULT_STEP_LEVEL;
  let condition: string | null = null;
  let paragraph: string[] = [];
  let afterBlank = false;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) notes.push(plain(paragraph.join(" ")));
    paragraph = [];
  };
  const addItem = (text: string, line: number, indent: number): void => {
    while (open.length > 0 && (open[open.length - 1]?.indent ?? 0) >= indent) open.pop();
    const parent = open[open.length - 1];
    const item: DraftStep = {
      level: parent?.level ?? level,
      condition: parent ? parent.condition : condition,
      text,
      line,
      indent,
      fencedCommand: null,
      children: [],
    };
    (parent ? parent.children : roots).push(item);
    open.push(item);
  };

  for (let index = 0; index < lines.length; index += 1) {
    const source = lines[index] as SourceLine;
    const text = source.text;
    const indent = indentationOf(text);
    if (text.trim() === "") {
      flushParagraph();
      afterBlank = true;
      continue;
    }
    if (FENCE.test(text)) {
      flushParagraph();
      const [block] = findFencedBlocks(lines.slice(index));
      const content = block ? blockText(block, indent) : "";
      index += (block?.lines.length ?? 0) + 1;
      const owner = [...open].reverse().find((item) => item.indent < indent);
      if (owner && owner.fencedCommand === null) owner.fencedCommand = content.trim();
      else {
        open = [];
        notes.push(content);
      }
      afterBlank = false;
      continue;
    }
    const heading = HEADING.exec(text);
    const label = readLabel(heading ? (heading[1] ?? "") : text);
    if (label && (heading || !LIST_ITEM.test(text))) {
      flushParagraph();
      open = [];
      level = label.level;
      condition = label.condition;
      if (label.leadIn !== null) notes.push(plain(label.leadIn));
      if (label.inlineStep !== null) addItem(label.inlineStep, source.line, 0);
      afterBlank = false;
      continue;
    }
    if (heading) {
      flushParagraph();
      open = [];
      notes.push(plain(heading[1] ?? ""));
      afterBlank = false;
      continue;
    }
    const item = LIST_ITEM.exec(text);
    if (item) {
      flushParagraph();
      addItem((item[2] ?? "").trim(), source.line, indent);
    } else {
      const continued = afterBlank ? [...open].reverse().find((candidate) => candidate.indent < indent) : open[open.length - 1];
      if (continued && paragraph.length === 0) {
        continued.text = `${continued.text} ${text.trim()}`;
      } else {
        open = [];
        paragraph.push(text.trim().replace(/^>\s?/, ""));
      }
    }
    afterBlank = false;
  }
  flushParagraph();
  return { steps: roots.map(finishStep), notes };
}

function finishStep(draft: DraftStep): Step {
  const text = plain(draft.text);
  const fields = readStepFields(text);
  return {
    level: draft.level,
    condition: draft.condition,
    text,
    tool: fields.tool,
    params: fields.params,
    command: fields.command ?? draft.fencedCommand,
    children: draft.children.map(finishStep),
    line: draft.line,
  };
}

function plain(text: string): string {
  return stripEmphasis(text).replace(/\s+/g, " ").trim();
}
