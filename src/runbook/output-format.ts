// Parses the "## Output Format" section: its ```yaml template is kept verbatim, parsed, and described
// as fields (key, kind, placeholder, choices) so that reports can be validated against it.

import { LineCounter, parseDocument, YAMLParseError } from "yaml";
import { findFencedBlocks, blockText, type SourceLine } from "./sections.js";
import type { Problem } from "./problems.js";
import type { OutputField, OutputFormat } from "./types.js";

// "<a|b|c> — <detail>": a choice, a dash, then free text.
const CHOICE_WITH_DETAIL = /^<([^<>]*\|[^<>]*)>\s*(?:—|–|-)\s*<[^<>]+>$/;
const LEADING_CHOICES = /^<([^<>]*\|[^<>]*)>/;

export function parseOutputFormat(lines: readonly SourceLine[], sectionLine: number): { format: OutputFormat | null; problems: Problem[] } {
  const blocks = findFencedBlocks(lines);
  const block = blocks.find((candidate) => candidate.info === "yaml" || candidate.info === "yml") ?? blocks[0];
  if (!block) {
    return {
      format: null,
      problems: [{ line: sectionLine, message: 'the "Output Format" section has no ```yaml block holding the report template' }],
    };
  }
  const template = blockText(block);
  const lineCounter = new LineCounter();
  const document = parseDocument(template, { lineCounter, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const templateLine = error instanceof YAMLParseError ? lineCounter.linePos(error.pos[0]).line : 1;
    return {
      format: null,
      problems: [
        { line: block.line + templateLine, message: `the Output Format template is not valid YAML: ${error.message.split("\n")[0]}` },
      ],
    };
  }
  const value: unknown = document.toJS();
  if (!isMapping(value)) {
    return { format: null, problems: [{ line: block.line, message: "the Output Format template must be a YAML mapping of report keys" }] };
  }
  return { format: { template, value, fields: describeMapping(value) }, problems: [] };
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeMapping(mapping: Record<string, unknown>): OutputField[] {
  return Object.entries(mapping).map(([key, value]) => describe(key, value));
}

function describe(key: string, value: unknown): OutputField {
  if (Array.isArray(value)) {
    // Items are described by the union of the keys of the template's items, in first-seen order; a list
    // of scalars keeps its first item as the placeholder.
    const items: OutputField[] = [];
    for (const item of value) {
      if (!isMapping(item)) continue;
      for (const [itemKey, itemValue] of Object.entries(item)) {
        if (!items.some((field) => field.key === itemKey)) items.push(describe(itemKey, itemValue));
      }
    }
    const first: unknown = value[0];
    const placeholder = first !== undefined && !isMapping(first) && !Array.isArray(first) && first !== null ? String(first) : null;
    return { key, kind: "list", placeholder, choices: choicesOf(placeholder), fields: [], items };
  }
  if (isMapping(value)) {
    return { key, kind: "map", placeholder: null, choices: [], fields: describeMapping(value), items: [] };
  }
  const placeholder = value === null || value === undefined ? null : String(value);
  return { key, kind: "scalar", placeholder, choices: choicesOf(placeholder), fields: [], items: [] };
}

function choicesOf(placeholder: string | null): string[] {
  const match = placeholder === null ? null : LEADING_CHOICES.exec(placeholder);
  if (!match) return [];
  return (match[1] ?? "")
    .split("|")
    .map((choice) => choice.trim())
    .filter((choice) => choice !== "");
}

/** True when the field's placeholder reads "<a|b|c> — <detail>": the report must give "<word> — <text>". */
export function isChoiceWithDetail(field: OutputField): boolean {
  return field.placeholder !== null && CHOICE_WITH_DETAIL.test(field.placeholder);
}

export interface OutputChoices {
  /** Dotted path of the field: "root_cause", "evidence[].type". */
  path: string;
  choices: string[];
}

/** Every field of the template that lists choices. Not enforced by validation: the product may use more. */
export function listOutputChoices(format: OutputFormat): OutputChoices[] {
  const found: OutputChoices[] = [];
  const visit = (fields: readonly OutputField[], prefix: string): void => {
    for (const field of fields) {
      const path = `${prefix}${field.key}`;
      if (field.choices.length > 0) found.push({ path, choices: field.choices });
      visit(field.fields, `${path}.`);
      visit(field.items, `${path}[].`);
    }
  };
  visit(format.fields, "");
  return found;
}
