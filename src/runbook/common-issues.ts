// Parses the "## Common Issues" section into symptoms / diagnosis / resolution triples. Accepts the
// YAML-looking form of H2 ("- symptoms: ..." then "  diagnosis: ..." ...) and markdown forms
// ("### Title" then "- **Symptoms:** ..."). A new issue starts at "symptoms", at a field the current
// issue already has, or at a heading; an unkeyed line continues the previous field.

import { unquote } from "./unquote.js";
import type { Problem } from "./problems.js";
import type { SourceLine } from "./sections.js";
import type { CommonIssue } from "./types.js";

type IssueField = keyof CommonIssue;

const FIELD_LINE = /^\s*(?:[-*+]\s+)?(?:\*\*|__)?(symptoms?|diagnosis|resolution)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*)$/i;
const HEADING = /^\s*#{3,6}\s+/;
const FIELDS: readonly IssueField[] = ["symptoms", "diagnosis", "resolution"];

interface DraftIssue {
  line: number;
  raw: Partial<Record<IssueField, string>>;
}

export function parseCommonIssues(lines: readonly SourceLine[]): { issues: CommonIssue[]; problems: Problem[] } {
  const drafts: DraftIssue[] = [];
  let current: DraftIssue | null = null;
  let lastField: IssueField | null = null;
  for (const source of lines) {
    if (source.text.trim() === "") continue;
    if (HEADING.test(source.text)) {
      current = null;
      lastField = null;
      continue;
    }
    const match = FIELD_LINE.exec(source.text);
    if (match) {
      const name = (match[1] ?? "").toLowerCase();
      const field: IssueField = name === "symptom" ? "symptoms" : (name as IssueField);
      if (current === null || field === "symptoms" || current.raw[field] !== undefined) {
        if (current === null || Object.keys(current.raw).length > 0) {
          current = { line: source.line, raw: {} };
          drafts.push(current);
        }
      }
      current.raw[field] = (match[2] ?? "").trim();
      lastField = field;
    } else if (current !== null && lastField !== null) {
      current.raw[lastField] = `${current.raw[lastField] ?? ""} ${source.text.trim()}`.trim();
    }
  }
  const issues: CommonIssue[] = [];
  const problems: Problem[] = [];
  for (const draft of drafts) {
    const missing = FIELDS.filter((field) => (draft.raw[field] ?? "") === "");
    if (missing.length > 0) {
      problems.push({
        line: draft.line,
        message: `common issue is missing ${missing.map((f) => `"${f}"`).join(", ")}: each issue needs symptoms, diagnosis and resolution`,
      });
      continue;
    }
    issues.push({
      symptoms: unquote(draft.raw.symptoms ?? ""),
      diagnosis: unquote(draft.raw.diagnosis ?? ""),
      resolution: unquote(draft.raw.resolution ?? ""),
    });
  }
  return { issues, problems };
}
