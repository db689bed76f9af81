// Reads the timestamp a log line starts with (or carries in its JSON / logfmt "time" field) and returns it
// as RFC 3339 in UTC. Formats without a zone are taken as UTC (nodes log in UTC). Formats without a year
// (klog "I1128 10:00:00", syslog "Nov 28 10:00:00") use the year last seen in the same file, and give no
// time at all when the file has shown none: a guessed year would misplace the event in a timeline.

/** Per-file state: the year of the last full timestamp seen. */
export interface TimeContext {
  year: number | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|z|[+-]\d{2}:?\d{2}|UTC)?/;
const GO_LOG = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const KLOG = /^[IWEF](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const SYSLOG = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// "time":"…", "ts":1657324768.86, time="…", "@timestamp":"…" — looked for near the start of the line only.
const FIELD = /(?:"(?:time|timestamp|ts|@timestamp)"\s*:\s*|\b(?:time|ts)=)("?)([0-9][0-9T:.,+\-Z ]{5,40}?)\1(?=[,}\s]|$)/;

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string | undefined,
  zone: string | undefined,
): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  let t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null; // 31 February and friends
  if (zone && zone !== "Z" && zone !== "z" && zone !== "UTC") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    t -= sign * offset * 60_000;
  }
  return new Date(t).toISOString();
}

function parseIso(text: string): { iso: string; year: number } | null {
  const m = ISO.exec(text) ?? GO_LOG.exec(text);
  if (!m) return null;
  const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const iso = build(n[0], n[1], n[2], n[3], n[4], n[5], m[7], m[8]);
  return iso ? { iso, year: n[0] } : null;
}

function parseEpoch(text: string): string | null {
  if (!/^\d{9,10}(?:\.\d+)?$/.test(text)) return null;
  const ms = Math.round(Number(text) * 1000);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The line's timestamp as RFC 3339 (UTC), or null. Updates `ctx.year` when the line carries a year. */
export function parseLineTime(line: string, ctx: TimeContext = { year: null }): string | null {
  const head = line.length > 400 ? line.slice(0, 400) : line;
  const start = head.replace(/^[\s[]+/, "");
  const direct = parseIso(start);
  if (direct) {
    ctx.year = direct.year;
    return direct.iso;
  }
  const field = FIELD.exec(head);
  if (field?.[2]) {
    const value = field[2].trim();
    const inner = parseIso(value);
    if (inner) {
      ctx.year = inner.year;
      return inner.iso;
    }
    const epoch = parseEpoch(value);
    if (epoch) {
      ctx.year = Number(epoch.slice(0, 4));
      return epoch;
    }
  }
  const klog = KLOG.exec(start);
  if (klog) {
    if (ctx.year === null) return null;
    const n = klog.slice(1, 6).map(Number) as [number, number, number, number, number];
    return build(ctx.year, n[0], n[1], n[2], n[3], n[4], klog[6], undefined);
  }
  const sys = SYSLOG.exec(start);
  if (sys) {
    if (ctx.year === null) return null;
    return build(
      ctx.year,
      MONTHS.indexOf(sys[1]!) + 1,
      Number(sys[2]),
      Number(sys[3]),
      Number(sys[4]),
      Number(sys[5]),
      undefined,
      undefined,
    );
  }
  return null;
}

/** Cheap per-line year tracking for files whose later lines lack a year: looks at a leading "YYYY-" only. */
export function noteYear(line: string, ctx: TimeContext): void {
  const c4 = line.charCodeAt(4);
  if ((c4 === 45 || c4 === 47) && /^\d{4}/.test(line)) {
    const y = Number(line.slice(0, 4));
    if (y >= 1970 && y <= 9999) ctx.year = y;
  }
}
