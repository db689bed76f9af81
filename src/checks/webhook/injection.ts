// The injection timeline of an annotated service account: the role the annotation names, when it was set
// (from the service account's managedFields), what each of its pods got injected and when each was
// created. The webhook mutates pods only at creation, so these times tell "the pod is older than the
// annotation" (restart it) from "the webhook did not inject a pod created after it" (fix the webhook).

import type { K8sObject, Pod, Snapshot } from "../../snapshot/types.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import { ROLE_ARN_ANNOTATION } from "../../diagnosis/facts/index.js";
import { webhookState, type WebhookState } from "./webhook-state.js";
import { compareText } from "../../util/compare.js";

export interface PodInjection {
  name: string;
  createdAt: string | null;
  /** AWS_ROLE_ARN of the first container (init containers included) that has it. */
  roleArn: string | null;
  tokenFile: string | null;
}

export interface InjectionFacts {
  /** The annotation's value, trimmed. */
  expectedArn: string;
  target: PodInjection;
  /** The service account's other pods, oldest first. */
  siblings: PodInjection[];
  /** When the role-arn annotation was last written, as managedFields records it; null when not recorded. */
  annotationSetAt: string | null;
  annotationManager: string | null;
  /** AWS_ROLE_ARN written into the owning workload's pod template: the webhook never overrides it. */
  hardCodedArn: { owner: string; value: string } | null;
  webhook: WebhookState;
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string;
  fieldsV1?: { "f:metadata"?: { "f:annotations"?: Record<string, unknown> } };
}

const time = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);
/** True only when both times are known and a is strictly later than b. */
export const later = (a: string | null | undefined, b: string | null | undefined): boolean => time(a) > time(b);

function podInjection(pod: Pod): PodInjection {
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const env = (name: string) =>
    containers.flatMap((c) => c.env ?? []).find((e) => e.name === name && typeof e.value === "string")?.value ?? null;
  return {
    name: pod.metadata.name,
    createdAt: pod.metadata.creationTimestamp ?? null,
    roleArn: env("AWS_ROLE_ARN"),
    tokenFile: env("AWS_WEB_IDENTITY_TOKEN_FILE"),
  };
}

function annotationWrite(sa: K8sObject | undefined): { at: string; manager: string | null } | null {
  const entries = (sa?.metadata["managedFields"] as ManagedFieldsEntry[] | undefined) ?? [];
  let best: { at: string; manager: string | null } | null = null;
  for (const e of Array.isArray(entries) ? entries : []) {
    const annotations = e.fieldsV1?.["f:metadata"]?.["f:annotations"];
    if (!annotations || !(`f:${ROLE_ARN_ANNOTATION}` in annotations) || !e.time) continue;
    if (!best || later(e.time, best.at)) best = { at: e.time, manager: e.manager ?? null };
  }
  return best;
}

function hardCoded(s: Snapshot): InjectionFacts["hardCodedArn"] {
  for (const owner of valueOf(s.k8s.owners) ?? []) {
    const template = (owner["spec"] as { template?: { spec?: Pod["spec"] } } | undefined)?.template?.spec;
    const containers = [...(template?.initContainers ?? []), ...(template?.containers ?? [])];
    const value = containers.flatMap((c) => c.env ?? []).find((e) => e.name === "AWS_ROLE_ARN")?.value;
    if (value) return { owner: `${owner.kind} ${owner.metadata.name}`, value };
  }
  return null;
}

/** null when there is nothing to compare: no annotation, or no pod. */
export function injectionFacts(s: Snapshot, f: Facts): InjectionFacts | null {
  const annotation = f.workload.roleArnAnnotation;
  if (typeof annotation !== "string" || annotation.trim() === "" || !f.pod) return null;
  const pod = f.pod;
  const sa = f.workload.serviceAccountName;
  const siblings = (valueOf(s.k8s.pods) ?? [])
    .filter((p) => p.metadata.name !== pod.metadata.name && (p.spec.serviceAccountName ?? "default") === sa)
    .map(podInjection)
    .sort((a, b) => compareText(a.createdAt ?? "", b.createdAt ?? "") || compareText(a.name, b.name));
  const write = annotationWrite(valueOf(s.k8s.serviceAccount));
  return {
    expectedArn: annotation.trim(),
    target: podInjection(pod),
    siblings,
    annotationSetAt: write?.at ?? null,
    annotationManager: write?.manager ?? null,
    hardCodedArn: hardCoded(s),
    webhook: webhookState(s, pod),
  };
}

/** Pods (the target included) created after the annotation was written that still lack AWS_ROLE_ARN. */
export function uninjectedAfterAnnotation(i: InjectionFacts): PodInjection[] {
  if (!i.annotationSetAt) return [];
  return [i.target, ...i.siblings].filter((p) => !p.roleArn && later(p.createdAt, i.annotationSetAt));
}

/** Pods of the service account created after the target that got the annotation's role. */
export function newerInjected(i: InjectionFacts): PodInjection[] {
  return i.siblings.filter((p) => p.roleArn === i.expectedArn && later(p.createdAt, i.target.createdAt));
}

/** Pods of the service account created after the target that lack AWS_ROLE_ARN too. */
export function newerUninjected(i: InjectionFacts): PodInjection[] {
  return i.siblings.filter((p) => !p.roleArn && later(p.createdAt, i.target.createdAt));
}

export const podLine = (p: PodInjection): string =>
  `Pod ${p.name} (created ${p.createdAt ?? "at an unknown time"}): ${p.roleArn ? `AWS_ROLE_ARN=${p.roleArn}` : "no AWS_ROLE_ARN"}`;
