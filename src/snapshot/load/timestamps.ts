// AWS CLI v1 prints the timestamps of JSON-protocol services (CloudTrail EventTime, EKS createdAt) as the
// epoch seconds the wire carries; v2 prints ISO 8601. Both mean the same instant, so numbers under
// timestamp-named keys become ISO strings before any shape is read: the diagnosis then never sees a
// lost time ("deleted at  by ...").

const TIMESTAMP_KEY = /(Time|Date|At|Timestamp)$/;
/** Policy documents are left as written: a condition on aws:EpochTime is a number on purpose. */
const KEPT_AS_IS = new Set(["PolicyDocument", "AssumeRolePolicyDocument", "Document", "CloudTrailEvent"]);

/** "2024-05-14T09:32:12Z" for 1715679132 (milliseconds kept only when there are some). */
export function isoOfEpochSeconds(seconds: number): string | undefined {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** A copy of `value` with every epoch number under a timestamp-named key turned into ISO 8601. */
export function withIsoTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withIsoTimestamps);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (KEPT_AS_IS.has(k)) out[k] = v;
    else out[k] = TIMESTAMP_KEY.test(k) && typeof v === "number" ? (isoOfEpochSeconds(v) ?? v) : withIsoTimestamps(v);
  }
  return out;
}
