// JSON protocols (restJson1, awsJson1.1) carry timestamps as epoch seconds, while the AWS CLI output
// stored in a snapshot prints them as ISO strings. These helpers convert on the way out.

/** Epoch seconds (with milliseconds as a fraction) for an ISO time; other values pass through. */
export function epochSeconds(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : ms / 1000;
}

/** Keys that hold timestamps in the EKS shapes the emulator serves. */
const TIMESTAMP_KEY = /(At|Expiry)$/;

/** A deep copy with every timestamp-named string field turned into epoch seconds. */
export function withEpochTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withEpochTimestamps);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = TIMESTAMP_KEY.test(k) && typeof v === "string" ? epochSeconds(v) : withEpochTimestamps(v);
  }
  return out;
}
