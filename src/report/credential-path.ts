// The report's credential_path and timeline keys: what each container's SDK really uses, hop by hop, and the
// dated events the verdict was reached on. Rendered from the facts; nothing here decides a cause.

import type { Facts } from "../diagnosis/facts/index.js";
import { PROVIDER_NAMES } from "../diagnosis/credential-path/index.js";
import type { TimelineEvent } from "../diagnosis/timeline.js";
import type { ReportContainerPath, ReportTimelineEvent } from "./types.js";

export function reportCredentialPath(f: Facts): ReportContainerPath[] {
  return f.credentialPaths.map((p) => {
    const out: ReportContainerPath = {
      container: p.init ? `${p.container} (init)` : p.container,
      sdk: `${p.sdk.label}${p.sdk.version ? ` ${p.sdk.version}` : ""}${p.sdk.from ? ` (seen in ${p.sdk.from})` : ""}`,
      provider: `${p.provider}: ${PROVIDER_NAMES[p.provider]}`,
      why: p.why,
      identity: { kind: p.identity.kind, name: p.identity.name, ...(p.identity.session ? { session: p.identity.session } : {}) },
      hops: p.hops.map((h) => ({
        hop: h.name,
        status: h.status,
        evidence: h.evidence,
        ...(h.source ? { source: h.source } : {}),
        ...(h.time ? { time: h.time } : {}),
      })),
    };
    if (p.uncertain.length > 0) out.uncertain = p.uncertain;
    return out;
  });
}

/** At most this many events: the report keeps the ones that decide, not every log line. */
const MAX_EVENTS = 25;

/** The decisive events: object lifecycle, writes, CloudTrail, warnings, and the first and last credential error. */
export function reportTimeline(events: readonly TimelineEvent[]): ReportTimelineEvent[] {
  const errors = events.filter((e) => e.kind === "log" && e.error);
  const keepLog = new Set([errors[0], errors[errors.length - 1]].filter((e) => e !== undefined));
  const kept = events.filter((e) => (e.kind === "log" ? keepLog.has(e) : e.kind !== "event" || e.error || /Warning/.test(e.what)));
  return kept.slice(-MAX_EVENTS).map((e) => ({ time: e.time, what: e.what, ...(e.source ? { source: e.source } : {}) }));
}
