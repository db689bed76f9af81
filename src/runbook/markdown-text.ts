// Small helpers for the inline markdown of runbooks: code spans, emphasis and slugs. Kept apart from the
// block parsers because steps, notes, guardrails and headings all need the same treatment.

export interface CodeSpan {
  /** Offset of the opening backtick. */
  start: number;
  /** Offset just past the closing backtick. */
  end: number;
  /** The span's content, trimmed. */
  content: string;
}

/** Single-backtick code spans, in order. Runbooks never need the double-backtick form. */
export function findCodeSpans(text: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  for (const match of text.matchAll(/`([^`]+)`/g)) {
    const start = match.index;
    spans.push({ start, end: start + match[0].length, content: (match[1] ?? "").trim() });
  }
  return spans;
}

/**
 * Removes bold and italic markers outside code spans. Code spans are left untouched: their content is
 * regexes and commands (`token.*expir`) where a star or an underscore is meaning, not emphasis.
 */
export function stripEmphasis(text: string): string {
  let result = "";
  let last = 0;
  for (const span of findCodeSpans(text)) {
    result += stripEmphasisInProse(text.slice(last, span.start)) + text.slice(span.start, span.end);
    last = span.end;
  }
  return result + stripEmphasisInProse(text.slice(last));
}

function stripEmphasisInProse(prose: string): string {
  return (
    prose
      .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, "$1")
      .replace(/__(?=\S)([^_]*?\S)__/g, "$1")
      .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, "$1$2")
      .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, "$1$2")
      // A lone pair of markers left around a label ("**MUST:**" -> "MUST:").
      .replace(/\*\*|__/g, "")
  );
}

/** Lowercase ASCII words joined by hyphens: "IRSA / Pod Identity Confusion" -> "irsa-pod-identity-confusion". */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Leading spaces of a line, with a tab counted as four columns. */
export function indentationOf(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === " ") columns += 1;
    else if (char === "\t") columns += 4;
    else break;
  }
  return columns;
}
