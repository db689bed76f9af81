// Which identity a pod's containers really sign their AWS calls with, when it may not be the pod's role:
// CloudTrail records the signer of every call. Looked up by what names it (an IAM user in an AccessDenied
// line of the pod's logs, an access key id in its logs or its env: Username / AccessKeyId lookups); and,
// when nothing names it but a container may carry static keys (keys in its env, an envFrom Secret, whose
// keys live collection never reads, a credentials file), by the services the pod's role grants
// (EventSource): the calls the workload makes, whoever signs them. The diagnosis then matches a call to the
// container by its SDK's User-Agent (src/diagnosis/credential-path/usage.ts). Bounded: three lookups of one
// page each, in the window around the incident.

import { parsePolicyDocument } from "../../iam/index.js";
import { redactText } from "../../redact/index.js";
import type { Pod } from "../../snapshot/types.js";
import type { Dep } from "../kubernetes/collect.js";
import type { AwsReads } from "./reads.js";

type Obj = Record<string, unknown>;

/** CloudTrail answers 50 events a page; one page of each lookup keeps the read bounded. */
const TRAIL_PAGE = 50;
const HOUR = 3600_000;
/** At most this many signer lookups per collection. */
const MAX_LOOKUPS = 3;

/** The window CloudTrail is searched in: `spanMs` up to an hour after the incident (or now), never in the future. */
export function trailWindow(ctx: { incidentTime: string | null; now: Date }, spanMs: number): { start: Date; end: Date } {
  const end = ctx.incidentTime ? new Date(Math.min(Date.parse(ctx.incidentTime) + HOUR, ctx.now.getTime())) : ctx.now;
  return { start: new Date(end.getTime() - spanMs), end };
}

/**
 * One page of CloudTrail events with `key` = `value` in `window`. `shown` is the value as the command and the
 * record print it (a key id redacted); the API gets the value itself.
 */
export function trailLookup(
  aws: AwsReads,
  key: string,
  value: string,
  { start, end }: { start: Date; end: Date },
  named: { subject: string; what: string; fileSubject: string },
  after: number,
  shown = value,
) {
  return aws.call(
    {
      service: "cloudtrail",
      operation: "LookupEvents",
      input: { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }], StartTime: start, EndTime: end, MaxResults: TRAIL_PAGE },
      cli: "lookup-events",
      args: `--lookup-attributes AttributeKey=${key},AttributeValue=${shown} --start-time ${start.toISOString()} --end-time ${end.toISOString()} --max-results ${TRAIL_PAGE}`,
      ...named,
    },
    after,
  );
}

const IAM_USER_ARN = /\barn:aws[a-z-]*:iam::\d{12}:user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)/g;
const ACCESS_KEY_ID = /\bAKIA[A-Z0-9]{16}\b/g;

const containersOf = (pod: Pod) => [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];

/** IAM users and long-term access key ids the pod's logs and env name as the identity its calls carry. */
export function principalsNamed(pod: Pod | null, logs: readonly string[]): { key: "Username" | "AccessKeyId"; value: string }[] {
  const users = new Set<string>();
  const keys = new Set<string>();
  for (const text of logs) {
    for (const m of text.matchAll(IAM_USER_ARN)) users.add(m[1]!);
    for (const m of text.matchAll(ACCESS_KEY_ID)) keys.add(m[0]);
  }
  for (const c of pod ? containersOf(pod) : []) {
    const id = c.env?.find((e) => e.name === "AWS_ACCESS_KEY_ID")?.value;
    if (id && /^AKIA[A-Z0-9]{16}$/.test(id)) keys.add(id);
  }
  return [
    ...[...users].sort().map((value) => ({ key: "Username" as const, value })),
    ...[...keys].sort().map((value) => ({ key: "AccessKeyId" as const, value })),
  ];
}

/** Whether a container may sign with static keys ahead of its role: keys in env, an envFrom Secret, a credentials file. */
export function mayCarryStaticKeys(pod: Pod): boolean {
  return containersOf(pod).some((c) => {
    const env = c.env ?? [];
    const envFrom = (c.envFrom ?? []) as { secretRef?: unknown }[];
    return (
      env.some((e) => ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SHARED_CREDENTIALS_FILE"].includes(e.name)) ||
      envFrom.some((f) => f.secretRef !== undefined) ||
      (c.volumeMounts ?? []).some((m) => /(^|\/)\.aws(\/|$)/.test(m.mountPath))
    );
  });
}

/** The services the policy documents grant actions of, in the order they appear ("sqs", "secretsmanager"). */
export function grantedServices(documents: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const doc of documents) {
    let statements;
    try {
      statements = parsePolicyDocument(doc as string | object).Statement;
    } catch {
      continue;
    }
    for (const s of statements) {
      if (s.Effect !== "Allow") continue;
      for (const action of s.Action ?? []) {
        const service = /^([a-z0-9-]+):/.exec(action)?.[1];
        if (service) out.add(service);
      }
    }
  }
  return [...out];
}

/** The policy documents read for these roles: inline ones and the default versions of attached ones. */
function roleDocuments(aws: AwsReads, roles: readonly string[]): { documents: unknown[]; round: number } {
  const documents: unknown[] = [];
  let round = 0;
  const ok = aws.reads.filter((r) => r.outcome.ok);
  const value = (r: (typeof ok)[number]) => (r.outcome.ok ? (r.outcome.value as Obj) : {});
  for (const name of roles) {
    const attached = ok.find((r) => r.spec.operation === "ListAttachedRolePolicies" && r.spec.subject === name);
    const arns = ((attached ? value(attached)["AttachedPolicies"] : undefined) as { PolicyArn?: string }[] | undefined) ?? [];
    for (const r of ok) {
      const inline = r.spec.operation === "GetRolePolicy" && r.spec.subject.startsWith(`${name}/`);
      const managed =
        r.spec.operation === "GetPolicyVersion" && arns.some((p) => p.PolicyArn && r.spec.subject.startsWith(`${p.PolicyArn}:`));
      if (!inline && !managed) continue;
      documents.push(inline ? value(r)["PolicyDocument"] : (value(r)["PolicyVersion"] as Obj | undefined)?.["Document"]);
      round = Math.max(round, r.outcome.round);
    }
  }
  return { documents, round };
}

/**
 * Looks CloudTrail up for the signer of the pod's calls. `rolesRead` resolves once the roles the pod names
 * are read with their policies, and gives their names.
 */
export async function lookUpSigners(
  aws: AwsReads,
  ctx: { incidentTime: string | null; now: Date },
  pod: Promise<Dep<Pod | null>>,
  podLogs: Promise<Dep<string[]>>,
  rolesRead: (pod: Pod) => Promise<string[]>,
): Promise<void> {
  const [p, logs] = await Promise.all([pod, podLogs]);
  const window = trailWindow(ctx, 2 * HOUR);
  const lookup = (key: string, value: string, shown: string, fileSubject: string, what: string, after: number) =>
    trailLookup(aws, key, value, window, { subject: `${key} ${shown}`, what: `CloudTrail events of ${what}`, fileSubject }, after, shown);
  const named = principalsNamed(p.value, logs.value).slice(0, MAX_LOOKUPS);
  if (named.length > 0) {
    const after = Math.max(p.round, logs.round);
    await Promise.all(
      named.map(({ key, value }, i) =>
        key === "Username"
          ? lookup(key, value, value, `username-${value}`, `IAM user ${value}`, after)
          : // The key id is a credential: the command, the record and the file name carry it redacted.
            lookup(key, value, redactText(value), `accesskey-${i + 1}`, `access key ${redactText(value)}`, after),
      ),
    );
    return;
  }
  if (!p.value || !mayCarryStaticKeys(p.value)) return;
  const roles = await rolesRead(p.value);
  const { documents, round } = roleDocuments(aws, roles);
  await Promise.all(
    grantedServices(documents)
      .slice(0, MAX_LOOKUPS)
      .map((service) => {
        const source = `${service}.amazonaws.com`;
        return lookup("EventSource", source, source, `eventsource-${source}`, `${source} (the services the pod's role grants)`, round);
      }),
  );
}
