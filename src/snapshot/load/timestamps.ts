// AWS CLI v1 prints the timestamps of JSON-protocol services (CloudTrail EventTime, EKS createdAt) as the
// epoch seconds the wire carries; v2 prints ISO 8601. Both mean the same instant, so numbers under
// timestamp-named keys become ISO strings before any shape is read: the diagnosis then never sees a
// lost time ("deleted at  by ..."). A zero fraction of seconds is dropped, as the SDKs print the same instant.

const TIMESTAMP_KEY = /(Time|Date|At|Timestamp)$/;
/** Policy documents are left as written: a condition on aws:EpochTime is a number on purpose. */
const KEPT_AS_IS = new Set(["PolicyDocument", "AssumeRolePolicyDocument", "Document", "CloudTrailEvent"]);

/** "2024-05-14T09:32:12Z" for 1715679132 (milliseconds kept only when there are some). */
export function isoOfEpochSeconds(seconds: number): string | undefined {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** "2023-02-13T00:40:12.000000+00:00" as the SDKs print it back: a fraction of zeros says nothing. */
const ZERO_FRACTION = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.0+(Z|[+-]\d\d:?\d\d)$/;

/** A copy of `value` with every epoch number under a timestamp-named key turned into ISO 8601. */
export function withIsoTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withIsoTimestamps);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (KEPT_AS_IS.has(k)) out[k] = v;
    else if (TIMESTAMP_KEY.test(k) && typeof v === "number") out[k] = isoOfEpochSeconds(v) ?? v;
    else if (TIMESTAMP_KEY.test(k) && typeof v === "string") out[k] = v.replace(ZERO_FRACTION, "$1$2");
    else out[k] = withIsoTimestamps(v);
  }
  return out;
}
