// Rendering: the same report as YAML (the runbook's format) or JSON, byte-for-byte deterministic.

import { stringify } from "yaml";
import { redactDeep } from "../redact/index.js";
import type { Report } from "./types.js";

export type ReportFormat = "yaml" | "json";

export function renderReport(unsafe: Report, format: ReportFormat): string {
  // Redacted as data, before it is text: the output's last pass over text would leave a plain YAML scalar
  // "[REDACTED]" that a YAML reader takes for a list.
  const report = redactDeep(unsafe);
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  // lineWidth 0: never fold long evidence lines, so a quoted log line stays greppable.
  // version 1.1: quote strings that YAML 1.1 readers (PyYAML, many CI tools) would take for dates or
  // booleans, e.g. a policy's Version "2012-10-17" or an "on"/"yes" value.
  return stringify(report, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, version: "1.1" });
}
