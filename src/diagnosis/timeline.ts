// The timeline of the evidence: when objects were created and their fields written (managedFields), what
// the events and CloudTrail recorded, and the dated log lines, oldest first. A verdict reads it to tell
// history from cause: an error from before a fix that later calls succeeded after is history; a component
// that only became ready after the failure is still the cause even if it looks healthy now.

import { valueOf } from "../snapshot/evidence.js";
import type { CloudTrailEvent, K8sObject, LogMatch, Snapshot } from "../snapshot/types.js";
import { getLogPattern } from "../logs/index.js";

type TimelineKind = "created" | "written" | "event" | "cloudtrail" | "log" | "started";

export interface TimelineEvent {
  time: string;
  kind: TimelineKind;
  what: string;
  source?: string;
  /** A credential error (a high-severity log line, a CloudTrail call that failed). */
  error?: boolean;
  /** A CloudTrail write that changes the credential path (trust policy, provider, association, policy). */
  fix?: boolean;
  /** A CloudTrail call that obtained credentials without error. */
  success?: boolean;
}

interface ManagedFieldsEntry {
  manager?: string;
  time?: string;
  operation?: string;
}

const stamp = (t: string | null | undefined): number => (t ? Date.parse(t) : Number.NaN);

/** Writes that change what a pod's credential path can do. */
const FIX_CALLS =
  /^(UpdateAssumeRolePolicy|CreateOpenIDConnectProvider|UpdateOpenIDConnectProviderThumbprint|AddClientIDToOpenIDConnectProvider|CreatePodIdentityAssociation|UpdatePodIdentityAssociation|AttachRolePolicy|PutRolePolicy|CreatePolicyVersion|CreateRole|CreateAddon|UpdateAddon)$/;
const CREDENTIAL_CALLS = /^(AssumeRoleWithWebIdentity|AssumeRoleForPodIdentity|AssumeRole)$/;

function objectEvents(o: K8sObject | undefined, label: string, source?: string): TimelineEvent[] {
  if (!o) return [];
  const out: TimelineEvent[] = [];
  const src = source ? { source } : {};
  if (o.metadata.creationTimestamp) out.push({ time: o.metadata.creationTimestamp, kind: "created", what: `${label} created`, ...src });
  const fields = o.metadata["managedFields"];
  for (const m of Array.isArray(fields) ? (fields as ManagedFieldsEntry[]) : []) {
    if (!m.time || m.time === o.metadata.creationTimestamp) continue;
    out.push({
      time: m.time,
      kind: "written",
      what: `${label} ${m.operation === "Update" || !m.operation ? "updated" : m.operation.toLowerCase()} by ${m.manager ?? "an unknown manager"}`,
      ...src,
    });
  }
  return out;
}

function cloudTrailEvent(e: CloudTrailEvent, source?: string): TimelineEvent {
  const record = e.CloudTrailEvent;
  const errorCode = typeof record["errorCode"] === "string" ? record["errorCode"] : null;
  const params = (record["requestParameters"] ?? {}) as Record<string, unknown>;
  const subject = ["roleName", "roleArn", "url", "openIDConnectProviderArn", "serviceAccount", "policyArn"]
    .map((k) => params[k])
    .find((v): v is string => typeof v === "string");
  const who = typeof e.Username === "string" ? ` by ${e.Username}` : "";
  const fix = !errorCode && FIX_CALLS.test(e.EventName);
  return {
    time: e.EventTime,
    kind: "cloudtrail",
    what: `CloudTrail ${e.EventName}${subject ? ` ${subject}` : ""}${who}${errorCode ? `: ${errorCode}` : ""}`,
    ...(source ? { source } : {}),
    ...(errorCode ? { error: true } : {}),
    ...(fix ? { fix: true } : {}),
    ...(!errorCode && CREDENTIAL_CALLS.test(e.EventName) ? { success: true } : {}),
  };
}

export function buildTimeline(s: Snapshot, logMatches: readonly LogMatch[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const src = (e: { status: string; source?: string }) => (e.status === "found" ? e.source : undefined);
  const pod = valueOf(s.k8s.pod);
  out.push(...objectEvents(pod, `Pod ${pod?.metadata.name}`, src(s.k8s.pod)));
  for (const cs of [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])]) {
    const started = cs.state?.running?.startedAt;
    if (started) out.push({ time: started, kind: "started", what: `container ${cs.name} started (restarts: ${cs.restartCount ?? 0})` });
    const ended = cs.lastState?.terminated?.finishedAt;
    if (ended)
      out.push({ time: ended, kind: "started", what: `container ${cs.name} terminated (${cs.lastState?.terminated?.reason ?? "exit"})` });
  }
  const sa = valueOf(s.k8s.serviceAccount);
  out.push(
    ...objectEvents(sa, `ServiceAccount ${sa?.metadata.namespace ?? s.target.namespace}/${sa?.metadata.name}`, src(s.k8s.serviceAccount)),
  );
  for (const o of valueOf(s.k8s.owners) ?? []) out.push(...objectEvents(o, `${o.kind} ${o.metadata.name}`));
  const agent = valueOf(s.k8s.podIdentityAgent);
  if (agent) out.push(...objectEvents(agent, "DaemonSet eks-pod-identity-agent", src(s.k8s.podIdentityAgent)));
  for (const p of valueOf(s.k8s.podIdentityAgentPods) ?? []) {
    out.push(
      ...objectEvents(p, `agent pod ${p.metadata.name}${p.spec.nodeName ? ` on ${p.spec.nodeName}` : ""}`).filter(
        (e) => e.kind === "created",
      ),
    );
    for (const cs of p.status?.containerStatuses ?? []) {
      const started = cs.state?.running?.startedAt;
      if (started) out.push({ time: started, kind: "started", what: `agent pod ${p.metadata.name} container ${cs.name} started` });
    }
  }
  const node = valueOf(s.k8s.node);
  if (node?.metadata.creationTimestamp)
    out.push({ time: node.metadata.creationTimestamp, kind: "created", what: `Node ${node.metadata.name} created` });
  for (const e of valueOf(s.k8s.events) ?? []) {
    const time = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
    if (!time) continue;
    out.push({
      time,
      kind: "event",
      what: `${e.type ?? "Event"} ${e.reason ?? ""} ${e.involvedObject.kind ?? ""}/${e.involvedObject.name ?? ""}: ${(e.message ?? "").slice(0, 200)}`
        .replace(/\s+/g, " ")
        .trim(),
      ...(e.type === "Warning" && /credential|token|webhook|iam|sts|assume/i.test(e.message ?? "") ? { error: true } : {}),
    });
  }
  for (const a of valueOf(s.aws.podIdentityAssociations) ?? []) {
    if (a.createdAt)
      out.push({
        time: a.createdAt,
        kind: "created",
        what: `Pod Identity association ${a.associationId} (${a.namespace}/${a.serviceAccount}) created`,
      });
    if (a.modifiedAt && a.modifiedAt !== a.createdAt)
      out.push({ time: a.modifiedAt, kind: "written", what: `Pod Identity association ${a.associationId} modified` });
  }
  for (const [name, e] of Object.entries(s.aws.roles)) {
    const role = valueOf(e);
    if (role?.CreateDate)
      out.push({
        time: role.CreateDate,
        kind: "created",
        what: `IAM role ${name} created`,
        ...(e.status === "found" ? { source: e.source } : {}),
      });
    // get-role's RoleLastUsed: the last time anyone obtained credentials for the role.
    const used = (role as { RoleLastUsed?: { LastUsedDate?: string } } | undefined)?.RoleLastUsed?.LastUsedDate;
    if (used)
      out.push({
        time: used,
        kind: "cloudtrail",
        what: `IAM role ${name} last used (RoleLastUsed)`,
        success: true,
        ...(e.status === "found" ? { source: e.source } : {}),
      });
  }
  for (const e of Object.values(s.aws.oidcProviders)) {
    const p = valueOf(e);
    if (p?.CreateDate) out.push({ time: p.CreateDate, kind: "created", what: `IAM OIDC provider ${p.Url} created` });
  }
  const trail = s.aws.cloudTrail;
  for (const e of valueOf(trail) ?? []) out.push(cloudTrailEvent(e, src(trail)));
  // One event per log line, however many patterns it matched: an error if any of them is high severity.
  const lines = new Map<string, TimelineEvent>();
  for (const m of logMatches) {
    if (!m.time) continue;
    const source = `${m.file}:${m.line}`;
    const error = getLogPattern(m.patternId)?.severity === "high";
    const seen = lines.get(source);
    if (seen) {
      if (error) seen.error = true;
      continue;
    }
    const event: TimelineEvent = { time: m.time, kind: "log", what: m.text.slice(0, 240), source, ...(error ? { error: true } : {}) };
    lines.set(source, event);
    out.push(event);
  }
  // Each time parsed once, not at every comparison: the fleet audit builds a timeline per binding.
  return out
    .map((e) => ({ e, t: stamp(e.time) }))
    .filter(({ t }) => !Number.isNaN(t))
    .sort((a, b) => a.t - b.t || (a.e.what < b.e.what ? -1 : a.e.what > b.e.what ? 1 : 0))
    .map(({ e }) => e);
}

/** The first and last credential errors of the timeline (log lines, failed CloudTrail calls). */
function failureWindow(t: readonly TimelineEvent[]): { first: TimelineEvent; last: TimelineEvent } | null {
  const errors = t.filter((e) => e.error && e.kind !== "event");
  return errors.length > 0 ? { first: errors[0]!, last: errors[errors.length - 1]! } : null;
}

/**
 * Errors that a later fix put behind: a CloudTrail write to the credential path after the last error,
 * followed by a successful credential call (or no error since). null when the errors are current.
 */
export function resolvedBy(
  t: readonly TimelineEvent[],
): { fix: TimelineEvent; success: TimelineEvent | null; lastError: TimelineEvent } | null {
  const window = failureWindow(t);
  if (!window) return null;
  const lastError = window.last;
  const fix = t.find((e) => e.fix && stamp(e.time) > stamp(lastError.time));
  if (!fix) return null;
  const success = t.find((e) => e.success && stamp(e.time) > stamp(fix.time)) ?? null;
  return { fix, success, lastError };
}

/** Whether `later` is known and strictly after `earlier`. */
export const after = (later: string | null | undefined, earlier: string | null | undefined): boolean => stamp(later) > stamp(earlier);
