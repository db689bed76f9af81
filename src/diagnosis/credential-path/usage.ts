// Which identity a container really used, from what AWS recorded rather than from the chain table: when a
// container carries two credential sources whose order depends on its SDK (or on a profile its code names),
// CloudTrail and the role's RoleLastUsed tell them apart. A role asked for through web identity after the
// pod started was used; a role never asked for while the pod's AWS calls were failing was not, and the other
// source was.

import { roleFacts } from "../facts/aws.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../snapshot/types.js";
import { getLogPattern } from "../../logs/index.js";
import type { SdkFamily } from "./chains.js";

export interface Proof {
  /** The report evidence type it becomes: cloudtrail, iam_role, credential_finding, event. */
  type: string;
  what: string;
  source?: string;
  time?: string;
}

export type WebIdentityUsage = { used: true; proof: Proof } | { used: false; proof: Proof; failure: Proof } | null;

const stamp = (t: string | null | undefined): number => (t ? Date.parse(t) : Number.NaN);

/** AWS error codes a call made with some credentials gets back: the call left the pod signed. */
const AWS_CALL_FAILED =
  /\b(AccessDenied(Exception)?|StatusCode: 403|Status Code: 403|InvalidAccessKeyId|InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException|ExpiredToken)\b/;

/** A sign that the container made AWS calls that failed: its own credential errors, or a Warning event quoting an AWS refusal. */
export function failedCalls(s: Snapshot, lines: readonly LogMatch[], namespace: string): Proof | null {
  const own = lines.find((l) => getLogPattern(l.patternId)?.severity === "high");
  if (own)
    return { type: "credential_finding", what: own.text, source: `${own.file}:${own.line}`, ...(own.time ? { time: own.time } : {}) };
  const events = s.k8s.events;
  const warning = (valueOf(events) ?? []).find(
    (e) =>
      e.type === "Warning" &&
      (e.involvedObject.namespace ?? e.metadata.namespace ?? namespace) === namespace &&
      AWS_CALL_FAILED.test(e.message ?? ""),
  );
  if (!warning) return null;
  const time = warning.lastTimestamp ?? warning.eventTime ?? warning.firstTimestamp ?? undefined;
  return {
    type: "event",
    what: `Warning ${warning.reason ?? ""} ${warning.involvedObject.kind ?? ""}/${warning.involvedObject.name ?? ""}: ${(warning.message ?? "").slice(0, 200)}`.replace(
      /\s+/g,
      " ",
    ),
    ...(events.status === "found" ? { source: events.source } : {}),
    ...(time ? { time } : {}),
  };
}

/**
 * Whether the role was obtained through web identity since `since` (the pod's creation): a successful
 * AssumeRoleWithWebIdentity for it in CloudTrail, or RoleLastUsed after it. "Not used" needs CloudTrail's
 * lookup to be in the evidence with no such call, RoleLastUsed to say nothing later, and failing calls.
 */
export function webIdentityUsage(
  s: Snapshot,
  roleArn: string,
  since: string | null,
  failure: Proof | null,
  shared = false,
): WebIdentityUsage {
  const roleName = roleArn.split("/").pop() ?? roleArn;
  const trail = s.aws.cloudTrail;
  const calls = (valueOf(trail) ?? []).filter(
    (e) => e.EventName === "AssumeRoleWithWebIdentity" && JSON.stringify(e.CloudTrailEvent["requestParameters"] ?? {}).includes(roleArn),
  );
  const ok = calls.find((e) => typeof e.CloudTrailEvent["errorCode"] !== "string" && !(stamp(e.EventTime) < stamp(since)));
  const src = trail.status === "found" ? { source: trail.source } : {};
  // A role other pods also use: its use is theirs as much as this pod's, so it proves nothing about this one.
  if (ok && !shared)
    return {
      used: true,
      proof: {
        type: "cloudtrail",
        what: `CloudTrail AssumeRoleWithWebIdentity for ${roleArn} succeeded at ${ok.EventTime}`,
        time: ok.EventTime,
        ...src,
      },
    };
  // A role of the same name in another account has its own RoleLastUsed: it says nothing of this one.
  const roleEv = roleFacts(s, roleArn, roleName).evidence;
  const role = valueOf(roleEv) as { RoleLastUsed?: { LastUsedDate?: string } } | undefined;
  const lastUsed = role?.RoleLastUsed?.LastUsedDate;
  const roleSrc = roleEv.status === "found" ? { source: roleEv.source } : {};
  if (lastUsed && !shared && !(stamp(lastUsed) < stamp(since))) {
    return {
      used: true,
      proof: {
        type: "iam_role",
        what: `role ${roleName} was last used at ${lastUsed} (RoleLastUsed), after the pod was created`,
        time: lastUsed,
        ...roleSrc,
      },
    };
  }
  if (trail.status !== "found" || calls.length > 0 || !failure || (lastUsed && !(stamp(lastUsed) < stamp(since)))) return null;
  const never = role
    ? `, and its RoleLastUsed ${lastUsed ? `(${lastUsed}) predates the pod` : "is empty"} (${roleSrc.source ?? "get-role"})`
    : "";
  return {
    used: false,
    proof: {
      type: "cloudtrail",
      what: `CloudTrail holds no AssumeRoleWithWebIdentity call for ${roleArn}${never}, while the container's AWS calls fail`,
      ...src,
    },
    failure,
  };
}

/** How each SDK family names itself in the User-Agent CloudTrail records. */
const AGENT: Partial<Record<SdkFamily, RegExp>> = {
  "go-v1": /\baws-sdk-go\/([\d.]+)/,
  "go-v2": /\baws-sdk-go-v2\/([\d.]+)/,
  python: /\b(?:Boto3|botocore)\/([\d.]+)/,
  "js-v2": /\baws-sdk-nodejs\/([\d.]+)/,
  "js-v3": /\baws-sdk-js\/([\d.]+)/,
  "java-v1": /\baws-sdk-java\/(1\.[\d.]+)/,
  "java-v2": /\baws-sdk-java\/(2\.[\d.]+)/,
  ruby: /\baws-sdk-ruby3\/([\d.]+)/,
  php: /\baws-sdk-php\/([\d.]+)/,
  rust: /\baws-sdk-rust\/([\d.]+)/,
};

/**
 * Calls CloudTrail recorded as an IAM user, since the pod started, by the very SDK and version the container
 * runs (its User-Agent): the container's requests signed with static keys. Needs the SDK version from the
 * container's own log, so another workload on another SDK is not mistaken for it.
 */
export function iamUserCallsBy(s: Snapshot, sdk: { family: SdkFamily; version: string | null }, since: string | null): Proof | null {
  const agent = AGENT[sdk.family];
  if (!agent || !sdk.version) return null;
  const trail = s.aws.cloudTrail;
  for (const e of valueOf(trail) ?? []) {
    const who = e.CloudTrailEvent["userIdentity"] as { type?: string; arn?: string } | undefined;
    const ua = String(e.CloudTrailEvent["userAgent"] ?? "");
    if (who?.type !== "IAMUser" || stamp(e.EventTime) < stamp(since) || agent.exec(ua)?.[1] !== sdk.version) continue;
    return {
      type: "cloudtrail",
      what: `CloudTrail ${e.EventName} at ${e.EventTime} was signed by IAM user ${who.arn ?? e.Username ?? "?"} with ${ua.split(" ")[0]}, the SDK and version this container runs`,
      time: e.EventTime,
      ...(trail.status === "found" ? { source: trail.source } : {}),
    };
  }
  return null;
}
