// The kubelet's per-line timestamps (`timestamps=true`: RFC 3339 with up to nine fraction digits, trailing
// zeros dropped), compared exactly: as text they do not sort, "10:00:00.5Z" > "10:00:00.123Z".

/** [epoch seconds, nanoseconds] of a kubelet timestamp, or null. */
export function parseKubeletTimestamp(text: string): [number, number] | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}${m[3]}`) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return [seconds, Number((m[2] ?? "").padEnd(9, "0"))];
}

export function compareTimestamps(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** The timestamp a `timestamps=true` log line starts with. */
export function lineTimestamp(line: string): [number, number] | null {
  const space = line.indexOf(" ");
  return parseKubeletTimestamp(space < 0 ? line : line.slice(0, space));
}

/** Whole seconds, as the API's sinceTime takes them. */
export function floorToSecond(timestamp: string): string {
  const parsed = parseKubeletTimestamp(timestamp);
  return parsed ? new Date(parsed[0] * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") : timestamp;
}
