// summarize: an incident summary built only from the findings named (ids from errors): what they show,
// how often and when, the causes their patterns point to, and the runbook Common Issues their sample lines
// match. An id that is not a finding of the collection is listed as unknown and used nowhere.

import { SEVERITY_RANK } from "../logs/index.js";
import type { RunbookSet } from "../runbook/types.js";
import { issueSignatures, matchIssues } from "./common-issues.js";
import { findErrors, type Finding } from "./errors.js";
import { compareText } from "../util/compare.js";
import type { Collection } from "./types.js";

interface SummaryIssue {
  runbook: string;
  symptoms: string;
  diagnosis: string;
  resolution: string;
  findings: string[];
  matched_on: string[];
}

export interface SummaryResult {
  summary: string;
  findings: Finding[];
  unknown_ids: string[];
  total_count: number;
  files: string[];
  time_range: { first: string | null; last: string | null };
  highest_severity: Finding["severity"] | null;
  suggested_causes: { cause: string; findings: string[] }[];
  common_issues: SummaryIssue[];
}

export async function summarizeFindings(collection: Collection, runbooks: RunbookSet, ids: readonly string[]): Promise<SummaryResult> {
  const { findings: all } = await findErrors(collection, runbooks);
  const byId = new Map(all.map((f) => [f.id, f]));
  const wanted = [...new Set(ids.map((id) => id.trim().toUpperCase()))];
  const findings = wanted.flatMap((id) => byId.get(id) ?? []);
  const unknown = wanted.filter((id) => !byId.has(id));

  const times = findings
    .flatMap((f) => [f.first_seen, f.last_seen])
    .filter((t): t is string => t !== null)
    .sort();
  const causes = new Map<string, string[]>();
  for (const f of findings) for (const c of f.suggests) causes.set(c, [...(causes.get(c) ?? []), f.id]);
  const suggested = [...causes]
    .map(([cause, ids]) => ({ cause, findings: ids }))
    .sort((a, b) => b.findings.length - a.findings.length || compareText(a.cause, b.cause));

  const signatures = issueSignatures(runbooks.runbooks);
  const issues = new Map<string, SummaryIssue & { index: number }>();
  for (const f of findings) {
    for (const m of matchIssues(signatures, f.sample)) {
      const key = `${m.runbook}#${m.index}`;
      const held = issues.get(key) ?? {
        index: m.index,
        runbook: m.runbook,
        symptoms: m.issue.symptoms,
        diagnosis: m.issue.diagnosis,
        resolution: m.issue.resolution,
        findings: [],
        matched_on: [],
      };
      held.findings.push(f.id);
      held.matched_on = [...new Set([...held.matched_on, ...m.matchedOn])].sort(compareText);
      issues.set(key, held);
    }
  }
  const commonIssues = [...issues.values()]
    .sort((a, b) => compareText(a.runbook, b.runbook) || a.index - b.index)
    .map(({ index: _index, ...issue }) => issue);
  const highest = findings.reduce<Finding["severity"] | null>(
    (best, f) => (best === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best] ? f.severity : best),
    null,
  );
  const result: SummaryResult = {
    summary: "",
    findings,
    unknown_ids: unknown,
    total_count: findings.reduce((n, f) => n + f.count, 0),
    files: [...new Set(findings.map((f) => f.file))].sort(compareText),
    time_range: { first: times[0] ?? null, last: times[times.length - 1] ?? null },
    highest_severity: highest,
    suggested_causes: suggested,
    common_issues: commonIssues,
  };
  result.summary = describe(collection.key, result, all.length);
  return result;
}

function describe(key: string, r: SummaryResult, known: number): string {
  const lines: string[] = [];
  if (r.findings.length === 0) {
    lines.push(
      known === 0
        ? `${key} has no findings: the errors tool recognised no message in its logs, so there is nothing to summarise.`
        : `None of the ids given is a finding of ${key}; its findings are F-001 to ${`F-${String(known).padStart(3, "0")}`} (call errors to list them).`,
    );
  } else {
    const span = r.time_range.first ? `from ${r.time_range.first} to ${r.time_range.last}` : "at times the lines do not show";
    lines.push(
      `${r.findings.length} finding(s) from ${key}: ${r.total_count} matching line(s) in ${r.files.length} file(s), ${span}; highest severity ${r.highest_severity}.`,
    );
    for (const f of r.findings)
      lines.push(`${f.id} (${f.severity}) ${f.pattern.id} ×${f.count} in ${f.file}: ${f.meaning} Sample: ${f.sample}`);
    if (r.suggested_causes.length > 0)
      lines.push(`Causes these messages point to: ${r.suggested_causes.map((c) => `${c.cause} (${c.findings.join(", ")})`).join("; ")}.`);
    else lines.push("These messages point to no specific cause on their own.");
    for (const i of r.common_issues)
      lines.push(
        `Matches the runbook's Common Issue "${i.symptoms}" (${i.findings.join(", ")}): ${i.diagnosis} Resolution: ${i.resolution}`,
      );
    if (r.common_issues.length === 0) lines.push("No Common Issue of the loaded runbooks is shown by these findings' lines.");
  }
  if (r.unknown_ids.length > 0) lines.push(`Unknown id(s), not findings of ${key} and not used: ${r.unknown_ids.join(", ")}.`);
  return lines.join("\n");
}
