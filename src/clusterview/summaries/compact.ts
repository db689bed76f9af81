// One line per object for kinds other than Pod: name, namespace, age, and the few status fields that
// matter to a credentials diagnosis (readiness of workloads and nodes, the webhooks a configuration
// holds, an event's reason). ServiceAccounts carry their annotations: the IRSA role lives there.

import type { DaemonSet, K8sEvent, K8sObject, MutatingWebhookConfiguration, Node } from "../../snapshot/types.js";
import { ageOf } from "./time.js";
import { compareText } from "../../util/compare.js";

type StatusValue = string | number | boolean | null;

export interface CompactItem {
  name: string;
  namespace: string | null;
  creationTimestamp: string | null;
  age: string | null;
  status: Record<string, StatusValue>;
  annotations?: Record<string, string>;
}

type Loose = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const loose = (v: unknown): Loose => (typeof v === "object" && v !== null ? (v as Loose) : {});

function workload(o: K8sObject): Record<string, StatusValue> {
  const spec = loose(o["spec"]);
  const status = loose(o["status"]);
  const template = loose(loose(spec["template"])["spec"]);
  return {
    ready: `${num(status["readyReplicas"])}/${num(spec["replicas"] ?? status["replicas"])}`,
    available: num(status["availableReplicas"]),
    updated: num(status["updatedReplicas"]),
    serviceAccountName: str(template["serviceAccountName"]),
  };
}

function daemonSet(o: DaemonSet): Record<string, StatusValue> {
  const s = o.status ?? {};
  return {
    desired: num(s.desiredNumberScheduled),
    ready: num(s.numberReady),
    available: num(s.numberAvailable),
    unavailable: num(s.numberUnavailable),
  };
}

function node(o: Node): Record<string, StatusValue> {
  const ready = o.status?.conditions?.find((c) => c.type === "Ready");
  return {
    ready: ready ? ready.status === "True" : null,
    kubeletVersion: o.status?.nodeInfo?.kubeletVersion ?? null,
    internalIP: o.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? null,
    providerID: o.spec?.providerID ?? null,
    unschedulable: loose(o.spec)["unschedulable"] === true,
  };
}

function event(o: K8sEvent): Record<string, StatusValue> {
  const involved = o.involvedObject ?? {};
  return {
    type: o.type ?? null,
    reason: o.reason ?? null,
    message: o.message ?? null,
    count: o.count ?? 1,
    involvedObject: `${involved.kind ?? "?"}/${involved.name ?? "?"}`,
    lastTimestamp: o.lastTimestamp ?? o.eventTime ?? o.firstTimestamp ?? null,
  };
}

function webhooks(o: MutatingWebhookConfiguration): Record<string, StatusValue> {
  const list = o.webhooks ?? [];
  return {
    webhooks: list.map((w) => w.name).join(", "),
    failurePolicies: [...new Set(list.map((w) => w.failurePolicy ?? "Fail"))].join(", "),
    targets: list
      .map((w) =>
        w.clientConfig?.service
          ? `service ${w.clientConfig.service.namespace}/${w.clientConfig.service.name}`
          : w.clientConfig?.url
            ? "url"
            : "?",
      )
      .join(", "),
  };
}

function statusOf(o: K8sObject): Record<string, StatusValue> {
  switch (o.kind) {
    case "Deployment":
    case "ReplicaSet":
      return workload(o);
    case "DaemonSet":
      return daemonSet(o as DaemonSet);
    case "Node":
      return node(o as Node);
    case "Event":
      return event(o as K8sEvent);
    case "MutatingWebhookConfiguration":
      return webhooks(o as MutatingWebhookConfiguration);
    case "Namespace":
      return { phase: str(loose(o["status"])["phase"]) };
    case "ServiceAccount":
      return {
        automountServiceAccountToken:
          typeof o["automountServiceAccountToken"] === "boolean" ? (o["automountServiceAccountToken"] as boolean) : null,
      };
    default:
      return {};
  }
}

export function compactItem(o: K8sObject, now: Date): CompactItem {
  const item: CompactItem = {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? null,
    creationTimestamp: o.metadata.creationTimestamp ?? null,
    age: ageOf(o.metadata.creationTimestamp, now),
    status: statusOf(o),
  };
  if (o.kind === "ServiceAccount") item.annotations = sortedRecord(o.metadata.annotations ?? {});
  return item;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

const SA_ANNOTATIONS = {
  role_arn: "eks.amazonaws.com/role-arn",
  audience: "eks.amazonaws.com/audience",
  token_expiration: "eks.amazonaws.com/token-expiration",
  sts_regional_endpoints: "eks.amazonaws.com/sts-regional-endpoints",
} as const;

export interface ServiceAccountSummary {
  role_arn: string | null;
  audience: string | null;
  token_expiration: string | null;
  sts_regional_endpoints: string | null;
  automountServiceAccountToken: boolean | null;
}

/** The IRSA annotations the pod-identity-webhook reads from a ServiceAccount. */
export function serviceAccountSummary(o: K8sObject): ServiceAccountSummary {
  const a = o.metadata.annotations ?? {};
  return {
    role_arn: a[SA_ANNOTATIONS.role_arn] ?? null,
    audience: a[SA_ANNOTATIONS.audience] ?? null,
    token_expiration: a[SA_ANNOTATIONS.token_expiration] ?? null,
    sts_regional_endpoints: a[SA_ANNOTATIONS.sts_regional_endpoints] ?? null,
    automountServiceAccountToken:
      typeof o["automountServiceAccountToken"] === "boolean" ? (o["automountServiceAccountToken"] as boolean) : null,
  };
}
