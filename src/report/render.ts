// Rendering: the same report as YAML (the runbook's format) or JSON, byte-for-byte deterministic.

import { stringify } from "yaml";
import type { Report } from "./types.js";

export type ReportFormat = "yaml" | "json";

export function renderReport(report: Report, format: ReportFormat): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  // lineWidth 0: never fold long evidence lines, so a quoted log line stays greppable.
  return stringify(report, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}
