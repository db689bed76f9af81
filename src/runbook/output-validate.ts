// Checks a report (plain data, e.g. the parsed YAML of a report) against a runbook's Output Format.
// Rules: every template key is present; the template's keys come first, in its order (extra keys may
// follow them); kinds match (scalar / list / map); list items carry the template item's keys; a scalar
// whose placeholder is "<a|b|c> — <detail>" reads "<word> — <text>" (the word is not checked against the
// choices: the product names more causes than a template lists). A template key with an empty value
// accepts any value. Returns problems, empty when the report is valid.

import { isChoiceWithDetail, isMapping } from "./output-format.js";
import type { OutputField, OutputFormat } from "./types.js";

const WORD_WITH_DETAIL = /^[A-Za-z0-9_][\w.-]*\s+(?:—|–|-)\s+\S/s;

export function validateAgainstOutputFormat(format: OutputFormat, report: unknown): string[] {
  if (!isMapping(report)) return [`the report must be a mapping of keys, got ${kindName(report)}`];
  const problems: string[] = [];
  checkMapping(format.fields, report, "", problems);
  return problems;
}

function checkMapping(fields: readonly OutputField[], mapping: Record<string, unknown>, prefix: string, problems: string[]): void {
  const templateKeys = fields.map((field) => field.key);
  const reportKeys = Object.keys(mapping);
  for (const key of templateKeys) {
    if (!hasKey(mapping, key)) problems.push(`missing key "${prefix}${key}"`);
  }
  const presentInOrder = templateKeys.filter((key) => hasKey(mapping, key));
  const presentAsWritten = reportKeys.filter((key) => templateKeys.includes(key));
  if (presentAsWritten.join("\n") !== presentInOrder.join("\n")) {
    problems.push(
      `keys ${where(prefix)}are out of order: got ${presentAsWritten.join(", ")}; the template's order is ${presentInOrder.join(", ")}`,
    );
  }
  const lastTemplateKeyAt = Math.max(-1, ...presentAsWritten.map((key) => reportKeys.indexOf(key)));
  for (const key of reportKeys.slice(0, lastTemplateKeyAt)) {
    if (!templateKeys.includes(key)) {
      problems.push(`extra key "${prefix}${key}" comes before the template's keys end; extra keys must follow them`);
    }
  }
  for (const field of fields) {
    if (hasKey(mapping, field.key)) checkValue(field, mapping[field.key], `${prefix}${field.key}`, problems);
  }
}

function hasKey(mapping: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(mapping, key);
}

function checkValue(field: OutputField, value: unknown, path: string, problems: string[]): void {
  if (field.kind === "scalar" && field.placeholder === null) return; // an empty template value: anything goes
  const actual = kindOf(value);
  if (actual !== field.kind) {
    problems.push(`"${path}" must be a ${field.kind}, got ${kindName(value)}`);
    return;
  }
  if (field.kind === "map" && isMapping(value)) checkMapping(field.fields, value, `${path}.`, problems);
  if (field.kind === "list" && Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      const itemPath = `${path}[${index}]`;
      if (field.items.length > 0) {
        if (isMapping(item)) checkMapping(field.items, item, `${itemPath}.`, problems);
        else problems.push(`"${itemPath}" must be a map with ${field.items.map((f) => f.key).join(", ")}, got ${kindName(item)}`);
      } else if (field.placeholder !== null && kindOf(item) !== "scalar") {
        problems.push(`"${itemPath}" must be a scalar, got ${kindName(item)}`);
      }
    });
  }
  if (field.kind === "scalar" && isChoiceWithDetail(field) && !(typeof value === "string" && WORD_WITH_DETAIL.test(value.trim()))) {
    problems.push(
      `"${path}" must read "<${field.choices.join("|")}> — <detail>" (a word, a dash, then text), got ${JSON.stringify(value)}`,
    );
  }
}

function kindOf(value: unknown): OutputField["kind"] | "null" {
  if (Array.isArray(value)) return "list";
  if (isMapping(value)) return "map";
  if (value === null || value === undefined) return "null";
  return "scalar";
}

function kindName(value: unknown): string {
  const kind = kindOf(value);
  return kind === "null" ? "nothing (null)" : `a ${kind}`;
}

function where(prefix: string): string {
  return prefix === "" ? "" : `under "${prefix.slice(0, -1)}" `;
}
