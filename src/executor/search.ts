// The runbook's `search` step over the session's evidence: the step's query as a case-insensitive RE2 regular
// expression (linear time, whatever the runbook says) over the logs and the configuration lines. Offline, the
// logs are every line of the snapshot's logs/ folder, searched by the search tool's engine (bounded, redacted,
// cut around the match); live, the recognised lines the evidence kept. At most MAX_HITS hits of each kind.

import type { RE2JS } from "re2js";
import { searchCollection } from "../logtools/index.js";
import { redactSecrets } from "../logs/index.js";
import { excerpt } from "../logs/scanner.js";
import { valueOf } from "../snapshot/evidence.js";
import { configurationLines } from "./config-lines.js";
import type { Session } from "./types.js";

export const MAX_HITS = 25;
const MAX_TEXT = 300;

interface SearchHit {
  /** "log" for a log line, "config" for a configuration line. */
  kind: "log" | "config";
  source: string;
  line: number | null;
  text: string;
}

export interface SearchResult {
  query: string;
  /** Hits shown; when truncated, more lines matched than were kept. */
  total: number;
  hits: SearchHit[];
  truncated: boolean;
  searched: { logs: string; log_files: number; configuration_lines: number };
}

export type CompiledQuery = { ok: true; re: RE2JS } | { ok: false; message: string };

/** The query compiled as the search tool compiles it (RE2, case-insensitive here), or what is wrong with it. */
export async function compileQuery(query: string): Promise<CompiledQuery> {
  const { compileQuery: compile } = await import("../logtools/scan/regex.js");
  const compiled = compile(query, true);
  return "error" in compiled ? { ok: false, message: compiled.error } : { ok: true, re: compiled.re };
}

function find(re: RE2JS, text: string): number {
  const m = re.matcher(text);
  return m.find() ? m.start() : -1;
}

/** Redacts the whole line before cutting it, so a cut never leaves half a secret unrecognised. */
function shown(re: RE2JS, text: string): string {
  const clean = redactSecrets(text);
  return excerpt(clean, Math.max(0, find(re, clean)), MAX_TEXT);
}

async function logHits(
  session: Session,
  query: string,
  re: RE2JS,
  searched: SearchResult["searched"],
): Promise<{ hits: SearchHit[]; truncated: boolean }> {
  if (session.logCollection) {
    const found = await searchCollection(session.logCollection, { query, maxResults: MAX_HITS, ignoreCase: true });
    Object.assign(searched, { logs: "every line of logs/", log_files: found.scanned.files });
    return {
      hits: found.results.map((r) => ({ kind: "log", source: `logs/${r.file}`, line: r.line, text: r.text })),
      truncated: found.truncated,
    };
  }
  const logs = valueOf(session.snapshot.logs);
  if (!logs) return { hits: [], truncated: false };
  Object.assign(searched, { logs: "the recognised log lines kept in the evidence", log_files: logs.files.length });
  const matching = logs.matches.filter((m) => find(re, m.text) >= 0);
  return {
    hits: matching.slice(0, MAX_HITS).map((m) => ({ kind: "log", source: m.file, line: m.line, text: shown(re, m.text) })),
    truncated: matching.length > MAX_HITS,
  };
}

/** Throws the log tools' LogToolError when their engine refuses the query. */
export async function searchEvidence(session: Session, query: string, re: RE2JS): Promise<SearchResult> {
  const searched: SearchResult["searched"] = { logs: "none", log_files: 0, configuration_lines: 0 };
  const logs = await logHits(session, query, re, searched);
  const config = configurationLines(session.snapshot);
  searched.configuration_lines = config.length;
  const matching = config.filter((c) => find(re, c.text) >= 0);
  const configHits: SearchHit[] = matching
    .slice(0, MAX_HITS)
    .map((c) => ({ kind: "config", source: c.source, line: null, text: shown(re, c.text) }));
  const hits = [...logs.hits, ...configHits];
  return { query, total: hits.length, hits, truncated: logs.truncated || matching.length > MAX_HITS, searched };
}
