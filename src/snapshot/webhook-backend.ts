// A self-hosted pod-identity-webhook (kOps, kubeadm, RKE2) is an ordinary Deployment behind the Service its
// MutatingWebhookConfiguration names: when the apiserver cannot call it, the reason is on those pods (Pending
// on a certificate Secret that never came, CrashLoopBackOff), in their namespace's events, not on the target's.
// On EKS the webhook runs on the control plane (no Service), and there is nothing of it to read.

import type { K8sEvent, K8sObject, MutatingWebhook, MutatingWebhookConfiguration, Pod, WebhookBackend } from "./types.js";
import { compareText } from "../util/compare.js";

export const WEBHOOK_CONFIG_NAME = "pod-identity-webhook";
/** The webhook's name in EKS's configuration; self-hosted installs use pod-identity-webhook.amazonaws.com. */
export const WEBHOOK_NAMES = ["iam-for-pods.amazonaws.com", "pod-identity-webhook.amazonaws.com"];

export function isPodIdentityWebhook(config: MutatingWebhookConfiguration, w: MutatingWebhook): boolean {
  return (
    WEBHOOK_NAMES.includes(w.name) ||
    w.clientConfig?.service?.name === WEBHOOK_CONFIG_NAME ||
    (config.metadata.name === WEBHOOK_CONFIG_NAME && (config.webhooks ?? []).length === 1)
  );
}

/** The Services the pod-identity webhooks of these configurations are called through. */
export function webhookServices(configs: readonly MutatingWebhookConfiguration[]): { name: string; namespace: string }[] {
  const out = new Map<string, { name: string; namespace: string }>();
  for (const c of configs)
    for (const w of c.webhooks ?? []) {
      const svc = w.clientConfig?.service;
      if (svc && isPodIdentityWebhook(c, w)) out.set(`${svc.namespace}/${svc.name}`, { name: svc.name, namespace: svc.namespace });
    }
  return [...out.values()];
}

/** A Service's spec.selector (equality on every label), or null when it has none: then its endpoints are set by hand. */
export function serviceSelector(service: K8sObject | undefined): Record<string, string> | null {
  const sel = (service?.["spec"] as { selector?: Record<string, unknown> } | undefined)?.selector;
  const entries = Object.entries(sel ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
  return entries.length > 0 ? Object.fromEntries(entries.sort(([a], [b]) => compareText(a, b))) : null;
}

/** The selector as the `labelSelector` query parameter. */
export function labelSelectorOf(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/** Whether the pod carries every label of the selector, in the Service's namespace: what the endpoints controller does. */
function selectedBy(pod: K8sObject, service: { namespace: string }, selector: Record<string, string>): boolean {
  const labels = pod.metadata.labels ?? {};
  return pod.metadata.namespace === service.namespace && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * Whether a pod serves a Service whose selector was not read (an older bundle without the Service, a refused
 * read, a Service without a selector): the labels charts and kOps give the webhook (app,
 * app.kubernetes.io/name), or a Deployment's pod name (<service>-<hash>-<id>). A guess, used only then.
 */
export function servesService(pod: K8sObject, service: { name: string; namespace: string }): boolean {
  if (pod.metadata.namespace !== service.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  return (
    labels["app"] === service.name || labels["app.kubernetes.io/name"] === service.name || deploymentPodOf(pod.metadata.name, service.name)
  );
}

/** "<deployment>-<pod-template-hash>-<suffix>": the name a Deployment's pod gets. */
function deploymentPodOf(podName: string, deployment: string): boolean {
  const rest = podName.startsWith(`${deployment}-`) ? podName.slice(deployment.length + 1) : null;
  return rest !== null && /^[a-z0-9]{6,10}-[a-z0-9]{5}$/.test(rest);
}

const eventTime = (e: K8sEvent): string => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "";

/**
 * The backend of each service-backed pod-identity webhook, from the Services, pods and events at hand: the pods
 * the Service's selector picks, or, when the Service is not among them, the pods that look like the webhook's.
 */
export function webhookBackends(
  configs: readonly MutatingWebhookConfiguration[],
  pods: readonly Pod[],
  events: readonly K8sEvent[],
  services: readonly K8sObject[] = [],
): WebhookBackend[] {
  return webhookServices(configs).map((service) => {
    const svc = services.find((x) => x.metadata.name === service.name && x.metadata.namespace === service.namespace);
    const selector = serviceSelector(svc);
    const mine = pods.filter((p) => (selector ? selectedBy(p, service, selector) : servesService(p, service)));
    const names = new Set(mine.map((p) => p.metadata.name));
    return {
      service,
      selector,
      pods: mine,
      events: [...events]
        .sort((a, b) => compareText(eventTime(a), eventTime(b)))
        .filter(
          (e) =>
            (e.metadata.namespace ?? e.involvedObject.namespace) === service.namespace &&
            e.involvedObject.kind === "Pod" &&
            (names.has(e.involvedObject.name ?? "") || deploymentPodOf(e.involvedObject.name ?? "", service.name)),
        ),
    };
  });
}
