// One logical line over the physical lines a paste cut it into. Users paste terminal panes (k9s, tmux, a
// dashboard's log view: a fixed-width pane whose lines end and begin with a box-drawing border, so a long line
// continues on the next pane line with "│ " before it), Terraform's diagnostic box (every line "│ ...", its
// paragraphs wrapped at words), and terminals that hard-wrap at a column (an ARN cut mid-token). Matching is
// per line, so a principal split across two such lines was recognised on neither. This reader joins the
// pieces into the logical line they were cut from and reports the matches only the joined line shows: each
// physical line keeps its own matches, so nothing a line recognised alone changes.

import type { LineMatch, PatternSet } from "./compile.js";
import { startsEntry } from "./records.js";

// The vertical box-drawing characters panes and boxes are drawn with (light, heavy, double). ASCII "|" is left
// out: tables, shell pipes and logfmt values use it mid-text.
const LEFT_BORDER = /^\s*[│┃║]\s?/;
const RIGHT_BORDER = /\s[│┃║]\s*$/;
// A terminal's hard wrap inside or right after an ARN: the line ends with one (its last token starts with
// "arn:"; a copy may keep the spaces before the cut).
const ARN_AT_END = /(?:^|[\s"'(=:])arn:aws[a-z-]*:[^\s"')]*\s*$/;
// A line that starts an item of its own inside a box: a list bullet, or Terraform's diagnostic headings.
const ITEM_START = /^(?:[*•·-]\s|\d+[.)]\s|(?:Error|Warning):|with \S+,$|on \S+ line \d+)/;
/** A logical line longer than this is not joined further: no credential message needs more. */
const MAX_LOGICAL = 4096;

// A terminal wraps a long line at its width wherever the text is: a line exactly as wide as a common terminal
// (80, 100, 120, 132, 160 or 200 columns), or as wide as the line before it, ran into the edge and goes on.
const TERMINAL_WIDTHS = new Set([80, 100, 120, 132, 160, 200]);
const MIN_WRAP_WIDTH = 60;

type Cut = "pane" | "box" | "hard" | "width";

const BORDERS = "│┃║";
/**
 * How many spaces stand between a line's text and a pane's right border at its end (RIGHT_BORDER's test without a
 * regex scan of the whole line: every line of a log comes through here); -1 when it has no right border.
 */
function spacesBeforeBorder(line: string): number {
  let k = line.length - 1;
  while (k > 0 && (line[k] === " " || line[k] === "\t")) k--;
  if (k <= 0 || !BORDERS.includes(line[k]!)) return -1;
  let spaces = 0;
  while (k - 1 - spaces >= 0 && /\s/.test(line[k - 1 - spaces]!)) spaces++;
  return spaces === 0 ? -1 : spaces;
}

/**
 * The line ran into a pane's right border. A pane pads a shorter line with spaces up to its border: more than the
 * one-space margin and one space of the text's own before the border is a line that ended there, not a cut.
 */
const endsWithBorder = (line: string): boolean => {
  const spaces = spacesBeforeBorder(line);
  return spaces >= 1 && spaces <= 2;
};

/**
 * How `line` continues `previous` as one logical line (a pane, a box, a hard wrap in an ARN or at the terminal's
 * width cut it), or null. `widthBefore` is the length of the line before `previous` (0 when none).
 */
function cutBetween(previous: string, line: string, widthBefore: number): Cut | null {
  // The cheap tests first: most lines are none of these.
  const pane = endsWithBorder(previous) && LEFT_BORDER.test(line);
  // A box has a left border only: a line with a right border too is a pane's, padded when it ended.
  const box = !pane && spacesBeforeBorder(previous) < 0 && LEFT_BORDER.test(previous) && LEFT_BORDER.test(line);
  const startsBare = !pane && !box && /^\S/.test(line);
  const hard = startsBare && previous.includes("arn:") && ARN_AT_END.test(previous);
  const width = startsBare && !hard && wrapsAtWidth(previous, widthBefore);
  if (!pane && !box && !hard && !width) return null;
  const content = line.replace(LEFT_BORDER, "").replace(RIGHT_BORDER, "").trim();
  const before = previous.replace(LEFT_BORDER, "").replace(RIGHT_BORDER, "").trim();
  if (content === "" || before === "" || ITEM_START.test(content) || startsEntry(content)) return null;
  // A fixed-width pane: the line ran into the right border, and the next pane line carries the rest. A box's
  // paragraph: Terraform wraps its messages at words inside "│ ".
  return pane ? "pane" : box ? "box" : hard ? "hard" : "width";
}

/** A line that ran into a terminal's edge: as wide as a common terminal, or as the line before it, text to the last column. */
function wrapsAtWidth(line: string, widthBefore: number): boolean {
  const width = line.length;
  return width >= MIN_WRAP_WIDTH && (TERMINAL_WIDTHS.has(width) || width === widthBefore) && !/\s$/.test(line);
}

// A pane cuts at a fixed column, wherever the text is: one space of margin sits between the text and each
// border, and any other space at the cut is the text's own, so the pieces join as they are. A box wraps at
// words (the space at the cut was dropped), and a terminal's hard wrap cuts mid-token.
const PANE_RIGHT = /\s?[│┃║]\s*$/;
function join(logical: string, line: string, cut: Cut): string {
  switch (cut) {
    case "pane":
      return logical + line.replace(LEFT_BORDER, "").replace(PANE_RIGHT, "");
    case "box":
      return `${logical.trimEnd()} ${line.replace(LEFT_BORDER, "").replace(RIGHT_BORDER, "").trim()}`;
    case "hard":
    case "width":
      return logical + line.trimEnd();
  }
}

/** The first piece of a logical line: what it holds before the cut. */
const head = (previous: string, cut: Cut): string =>
  cut === "pane" ? previous.replace(LEFT_BORDER, "").replace(PANE_RIGHT, "") : previous.replace(LEFT_BORDER, "").trimEnd();

interface Run {
  text: string;
  /** Patterns already reported on a line of the run (alone or joined). */
  seen: Set<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** A match only a logical line shows, with that line (the form it matched in) for its excerpt and captures. */
export interface JoinedMatch {
  match: LineMatch;
  text: string;
}

/**
 * Feed it every line of a source in order, with that line's own matches; it returns the matches that only the
 * logical line ending at this line shows (empty for a line that continues nothing).
 */
export class WrappedLines {
  private previous: string | null = null;
  /** The length of the line before `previous`: a run of equally long lines is a terminal's wrap. */
  private widthBefore = 0;
  private previousSeen: ReadonlySet<string> = NONE;
  private run: Run | null = null;

  constructor(private readonly set: PatternSet) {}

  /** The last line may continue on the next one: a reader that skips lines should hand the next one over. */
  get wantsNext(): boolean {
    const p = this.previous;
    if (p === null) return false;
    return endsWithBorder(p) || LEFT_BORDER.test(p) || (p.includes("arn:") && ARN_AT_END.test(p)) || wrapsAtWidth(p, this.widthBefore);
  }

  /** The line just fed continued the one before it (a record must not end between them). */
  joined = false;

  /** Lines were skipped (a reader's gate left them out): the next line continues nothing. */
  gap(): void {
    this.previous = null;
    this.widthBefore = 0;
    this.run = null;
  }

  line(text: string, matches: readonly LineMatch[]): JoinedMatch[] {
    const ids = matches.length === 0 ? NONE : new Set(matches.map((m) => m.pattern.id));
    const previous = this.previous;
    this.previous = text;
    const cut = previous === null ? null : cutBetween(previous, text, this.widthBefore);
    this.widthBefore = previous?.length ?? 0;
    this.joined = cut !== null;
    if (cut === null) {
      this.run = null;
      this.previousSeen = ids;
      return [];
    }
    // A width wrap joins a pair only: a run of equally long lines (a padded table) must not grow a logical line
    // that every further row is matched against again.
    if (cut === "width") this.run = null;
    const run = (this.run ??= { text: head(previous!, cut), seen: new Set(this.previousSeen) });
    // A hard wrap cuts mid-token, or at a space a copy then trimmed from the line's end: both are tried.
    const forms =
      cut === "hard" || cut === "width" ? [join(run.text, text, cut), `${run.text} ${text.trim()}`] : [join(run.text, text, cut)];
    for (const id of ids) run.seen.add(id);
    this.previousSeen = ids;
    run.text = forms[0]!;
    if (run.text.length > MAX_LOGICAL) {
      this.run = null;
      return [];
    }
    const found: JoinedMatch[] = [];
    for (const form of forms) {
      for (const match of this.set.matchLine(form)) {
        if (run.seen.has(match.pattern.id)) continue;
        run.seen.add(match.pattern.id);
        found.push({ match, text: form });
        run.text = form;
      }
    }
    // A width is the weakest sign of a wrap (a table's padded rows are as wide as each other): the two lines
    // are one record only when joining them recognised something.
    if (cut === "width" && found.length === 0) this.joined = false;
    return found;
  }
}
