// What the evidence says about the pod-identity-webhook for one pod: is its MutatingWebhookConfiguration
// there, does it apply to the pod (selectors, rules, the skip label), and do events show calls to it
// failing. Shared by webhook.not_injecting and irsa_annotation.pod_predates_annotation, which must read the
// webhook the same way to tell "the webhook is broken" from "the pod is older than the annotation".

import type { K8sEvent, MutatingWebhook, MutatingWebhookConfiguration, Pod, Snapshot } from "../../snapshot/types.js";
import { valueOf } from "../../snapshot/evidence.js";
import { matchSelector } from "./label-selector.js";
import { isPodIdentityWebhook, WEBHOOK_NAMES } from "../../snapshot/webhook-backend.js";
import { compareText } from "../../util/compare.js";

export { WEBHOOK_CONFIG_NAME, WEBHOOK_NAMES } from "../../snapshot/webhook-backend.js";
export const SKIP_LABEL = "eks.amazonaws.com/skip-pod-identity-webhook";
/** Pod annotation: a comma-separated list of containers the webhook must not mutate. */
const SKIP_CONTAINERS_ANNOTATION = "eks.amazonaws.com/skip-containers";

export interface WebhookState {
  /** present: configured; missing: the configurations were read and it is not among them; unknown: not read. */
  status: "present" | "missing" | "unknown";
  configName: string | null;
  webhookName: string | null;
  /** The in-cluster Service a self-managed webhook is called through; null on EKS (the control plane runs it). */
  service: { name: string; namespace: string } | null;
  /** The file or call the configurations came from. */
  source: string | undefined;
  /** Names of the configurations that were found, for a "missing" verdict. */
  otherConfigs: string[];
  /** Why the webhook does not mutate this pod, or null when it applies (or cannot be told). */
  exclusion: string | null;
  /** Events showing the apiserver failing to call the webhook. */
  failingEvents: K8sEvent[];
}

function find(configs: MutatingWebhookConfiguration[]): { config: MutatingWebhookConfiguration; webhook: MutatingWebhook } | null {
  for (const config of [...configs].sort((a, b) => compareText(a.metadata.name, b.metadata.name))) {
    const webhook = (config.webhooks ?? []).find((w) => isPodIdentityWebhook(config, w));
    if (webhook) return { config, webhook };
  }
  return null;
}

function coversPodCreate(w: MutatingWebhook): boolean {
  if (!w.rules || w.rules.length === 0) return false;
  return w.rules.some((r) => {
    const ops = r.operations ?? [];
    const resources = r.resources ?? [];
    const groups = r.apiGroups ?? [];
    return (
      (ops.includes("CREATE") || ops.includes("*")) &&
      (resources.includes("pods") || resources.includes("*")) &&
      (groups.includes("") || groups.includes("*"))
    );
  });
}

/** The reason the webhook skips the pod, read from its configuration and the pod's and namespace's labels. */
function exclusionFor(s: Snapshot, pod: Pod, w: MutatingWebhook, configName: string): string | null {
  const podLabels = pod.metadata.labels ?? {};
  if (SKIP_LABEL in podLabels) {
    return `pod ${pod.metadata.name} carries the label ${SKIP_LABEL}=${podLabels[SKIP_LABEL]}`;
  }
  const skipped = (pod.metadata.annotations?.[SKIP_CONTAINERS_ANNOTATION] ?? "").split(",").map((n) => n.trim());
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name);
  if (containers.length > 0 && containers.every((c) => skipped.includes(c))) {
    return `pod ${pod.metadata.name} has the annotation ${SKIP_CONTAINERS_ANNOTATION}=${pod.metadata.annotations?.[SKIP_CONTAINERS_ANNOTATION]}, which names every container`;
  }
  const objectVerdict = matchSelector(w.objectSelector, podLabels);
  if (objectVerdict && !objectVerdict.matches) {
    return `the objectSelector of webhook ${w.name} (${configName}) does not select pod ${pod.metadata.name}: its labels fail "${objectVerdict.failed}"`;
  }
  const ns = valueOf(s.k8s.namespace);
  if (ns) {
    // The apiserver sets this label on every namespace; older outputs may not show it.
    const nsLabels = { "kubernetes.io/metadata.name": ns.metadata.name, ...(ns.metadata.labels ?? {}) };
    const nsVerdict = matchSelector(w.namespaceSelector, nsLabels);
    if (nsVerdict && !nsVerdict.matches) {
      return `the namespaceSelector of webhook ${w.name} (${configName}) does not select namespace ${ns.metadata.name}: its labels fail "${nsVerdict.failed}"`;
    }
  }
  if (!coversPodCreate(w)) return `the rules of webhook ${w.name} (${configName}) do not cover CREATE of pods`;
  return null;
}

export const FAILED_CALL = /failed calling webhook \\?"?([^"\\\s:]+)\\?"?/i;

function failingEvents(s: Snapshot, names: string[]): K8sEvent[] {
  return (valueOf(s.k8s.events) ?? []).filter((e) => {
    const m = FAILED_CALL.exec(e.message ?? "");
    return m !== null && (names.includes(m[1] ?? "") || (m[1] ?? "").includes("pod-identity"));
  });
}

export function webhookState(s: Snapshot, pod: Pod | undefined): WebhookState {
  const e = s.k8s.mutatingWebhooks;
  const configs = valueOf(e);
  const hit = configs ? find(configs) : null;
  const names = hit ? [...new Set([...WEBHOOK_NAMES, hit.webhook.name])] : WEBHOOK_NAMES;
  const base = {
    source: e.source,
    failingEvents: failingEvents(s, names),
  };
  if (!configs) {
    return { ...base, status: "unknown", configName: null, webhookName: null, service: null, otherConfigs: [], exclusion: null };
  }
  if (!hit) {
    const others = configs.map((c) => c.metadata.name).sort();
    return { ...base, status: "missing", configName: null, webhookName: null, service: null, otherConfigs: others, exclusion: null };
  }
  return {
    ...base,
    status: "present",
    configName: hit.config.metadata.name,
    webhookName: hit.webhook.name,
    service: hit.webhook.clientConfig?.service
      ? { name: hit.webhook.clientConfig.service.name, namespace: hit.webhook.clientConfig.service.namespace }
      : null,
    otherConfigs: [],
    exclusion: pod ? exclusionFor(s, pod, hit.webhook, hit.config.metadata.name) : null,
  };
}

/** "failed calling webhook ..." quoted from the newest such event. */
export function describeEvent(e: K8sEvent): string {
  const on = `${e.involvedObject.kind ?? "object"} ${e.involvedObject.name ?? ""}`.trim();
  const times = e.count && e.count > 1 ? ` (x${e.count})` : "";
  return `${e.type ?? "Event"} ${e.reason ?? ""} on ${on}${times}: ${e.message ?? ""}`.replace(/\s+/g, " ").trim();
}
