// The runbook's `search` step over the session's evidence: the step's query as a case-insensitive RE2 regular
// expression (linear time, whatever the runbook says) over the logs (every line of an offline logs/ folder,
// else the recognised lines) and the configuration lines. Bounded: a byte budget for the logs and a cap on
// the hits returned; the total says how many there were. Hits are redacted and cut around the match.

import { RE2JS } from "re2js";
import { redactSecrets } from "../logs/index.js";
import { excerpt } from "../logs/scanner.js";
import { valueOf } from "../snapshot/evidence.js";
import { configurationLines } from "./config-lines.js";
import { logsRootOf, walkLogLines } from "./log-lines.js";
import type { Session } from "./types.js";

export const MAX_HITS = 25;
const MAX_TEXT = 300;
const LOG_BYTES = 32 * 1024 * 1024;

export interface SearchHit {
  /** "log" for a log line, "config" for a configuration line. */
  kind: "log" | "config";
  source: string;
  line: number | null;
  text: string;
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
  /** More hits than shown (the total counts them all). */
  truncated: boolean;
  searched: { logs: string; log_files: number; log_lines: number; log_budget_exhausted: boolean; configuration_lines: number };
}

export type CompiledQuery = { ok: true; re: RE2JS } | { ok: false; message: string };

export function compileQuery(query: string): CompiledQuery {
  try {
    return { ok: true, re: RE2JS.compile(query, RE2JS.CASE_INSENSITIVE) };
  } catch (error) {
    return { ok: false, message: `query \`${query}\` is not a valid RE2 regular expression (${error instanceof Error ? error.message : String(error)})` };
  }
}

function find(re: RE2JS, text: string): number {
  const m = re.matcher(text);
  return m.find() ? m.start() : -1;
}

export async function searchEvidence(session: Session, query: string, re: RE2JS): Promise<SearchResult> {
  const hits: SearchHit[] = [];
  let total = 0;
  const keep = (hit: Omit<SearchHit, "text">, text: string) => {
    total += 1;
    if (hits.length >= MAX_HITS) return;
    // Redact the whole line before cutting it, so a cut never leaves half a secret unrecognised.
    const clean = redactSecrets(text);
    hits.push({ ...hit, text: excerpt(clean, Math.max(0, find(re, clean)), MAX_TEXT) });
  };
  const searched: SearchResult["searched"] = { logs: "none", log_files: 0, log_lines: 0, log_budget_exhausted: false, configuration_lines: 0 };

  const root = logsRootOf(session.origin);
  const logs = valueOf(session.snapshot.logs);
  if (root) {
    const walk = await walkLogLines(root, { maxBytes: LOG_BYTES }, (l) => {
      if (find(re, l.text) >= 0) keep({ kind: "log", source: `logs/${l.file}`, line: l.line }, l.text);
    });
    Object.assign(searched, { logs: "every line of logs/", log_files: walk.files, log_lines: walk.lines, log_budget_exhausted: walk.cut });
  } else if (logs) {
    for (const m of logs.matches) {
      if (find(re, m.text) >= 0) keep({ kind: "log", source: m.file, line: m.line }, m.text);
    }
    Object.assign(searched, { logs: "the recognised log lines kept in the evidence", log_files: logs.files.length, log_lines: logs.matches.length });
  }
  const config = configurationLines(session.snapshot);
  searched.configuration_lines = config.length;
  for (const c of config) {
    if (find(re, c.text) >= 0) keep({ kind: "config", source: c.source, line: null }, c.text);
  }
  return { query, total, hits, truncated: total > hits.length, searched };
}
