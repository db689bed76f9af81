// correlate: the timeline of credential failures around a pivot. The pivot is the first recognised log line
// matching pivotEvent (a case-insensitive RE2 expression); the timeline holds the recognised lines and the
// Kubernetes events within timeWindow seconds (default 120) of it. Lines without a timestamp cannot be
// placed in time: they are listed in file order and counted apart.

import { valueOf } from "../../snapshot/evidence.js";
import type { LogMatch } from "../../snapshot/types.js";
import { getLogPattern, redactSecrets } from "../../logs/index.js";
import { paramText } from "../params.js";
import { compileQuery } from "../search.js";
import { done, notAvailable, plural, type StepExecutor } from "./outcome.js";
import { compareText } from "../../util/compare.js";

const DEFAULT_WINDOW_SECONDS = 120;
const MAX_ENTRIES = 40;

interface Entry {
  time: string | null;
  offset_seconds: number | null;
  kind: "log" | "event";
  source: string;
  text: string;
  pattern: string | null;
  severity: string | null;
}

const fromMatch = (m: LogMatch, pivot: number | null): Entry => ({
  time: m.time,
  offset_seconds: pivot !== null && m.time ? Math.round((Date.parse(m.time) - pivot) / 1000) : null,
  kind: "log",
  source: `${m.file}:${m.line}`,
  text: m.text,
  pattern: m.patternId,
  severity: getLogPattern(m.patternId)?.severity ?? null,
});

export const correlate: StepExecutor = async (env) => {
  const logs = valueOf(env.session.snapshot.logs);
  if (!logs) return notAvailable("the logs are not in the evidence, so there is no timeline to build");
  const pivotText = paramText(env.params, "pivotEvent") ?? "AccessDenied";
  const compiled = await compileQuery(pivotText);
  if (!compiled.ok) return notAvailable(`pivotEvent: ${compiled.message}`);
  const windowSeconds = Number(paramText(env.params, "timeWindow") ?? DEFAULT_WINDOW_SECONDS) || DEFAULT_WINDOW_SECONDS;
  const ordered = [...logs.matches].sort(
    (a, b) => compareText(a.time ?? "\uffff", b.time ?? "\uffff") || compareText(a.file, b.file) || a.line - b.line,
  );
  const pivot = ordered.find((m) => compiled.re.matcher(m.text).find());
  if (!pivot) {
    return done(
      `no recognised log line matches \`${pivotText}\`; no timeline`,
      { pivot_event: pivotText, pivot: null, window_seconds: windowSeconds, timeline: [] },
      `no log line matches the pivot \`${pivotText}\``,
    );
  }
  const at = pivot.time ? Date.parse(pivot.time) : null;
  const near = (time: string | null | undefined) => at !== null && !!time && Math.abs(Date.parse(time) - at) <= windowSeconds * 1000;
  const untimed = ordered.filter((m) => !m.time);
  const timeline: Entry[] = ordered.filter((m) => near(m.time)).map((m) => fromMatch(m, at));
  for (const e of valueOf(env.session.snapshot.k8s.events) ?? []) {
    const time = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? null;
    if (!near(time)) continue;
    timeline.push({
      time,
      offset_seconds: Math.round((Date.parse(time!) - at!) / 1000),
      kind: "event",
      source: `event ${e.involvedObject.kind ?? "?"}/${e.involvedObject.name ?? "?"}`,
      text: redactSecrets(`${e.type ?? "Normal"} ${e.reason ?? ""}: ${e.message ?? ""}`),
      pattern: null,
      severity: null,
    });
  }
  timeline.sort((a, b) => compareText(a.time ?? "", b.time ?? "") || compareText(a.source, b.source));
  // Without a pivot time, the recognised lines in file order are the only sequence there is.
  const entries = at === null ? ordered.map((m) => fromMatch(m, null)) : timeline;
  const summary =
    at === null
      ? `pivot ${pivot.patternId} has no timestamp: ${plural(entries.length, "recognised line")} listed in file order`
      : `${plural(timeline.length, "entry", "entries")} within ${windowSeconds}s of the first \`${pivotText}\` at ${pivot.time} (${pivot.patternId})${untimed.length > 0 ? `; ${untimed.length} lines without timestamps left out` : ""}`;
  return done(summary, {
    pivot_event: pivotText,
    pivot: fromMatch(pivot, at),
    window_seconds: windowSeconds,
    timeline: entries.slice(0, MAX_ENTRIES),
    total: entries.length,
    untimed_lines: untimed.length,
  });
};
