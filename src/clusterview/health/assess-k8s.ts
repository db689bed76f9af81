// The Kubernetes half of cluster_health: the pod-identity-webhook's MutatingWebhookConfiguration (what
// injects IRSA's environment and token volume) and the eks-pod-identity-agent DaemonSet's readiness,
// naming the agent pods that do not serve and the nodes they are on.

import { WEBHOOK_CONFIG_NAME, WEBHOOK_NAMES } from "../../checks/webhook/webhook-state.js";
import type { MutatingWebhook, MutatingWebhookConfiguration, Pod } from "../../snapshot/types.js";
import { podReason } from "../summaries/pod.js";
import { AGENT_NAME, AGENT_NAMESPACE } from "./gather.js";
import { item, unknownItem } from "./items.js";
import type { HealthInputs, HealthItem } from "./types.js";
import { compareText } from "../../util/compare.js";

function findWebhook(configs: MutatingWebhookConfiguration[]): { config: MutatingWebhookConfiguration; webhook: MutatingWebhook } | null {
  for (const config of [...configs].sort((a, b) => compareText(a.metadata.name, b.metadata.name))) {
    const hooks = config.webhooks ?? [];
    const webhook = hooks.find(
      (w) =>
        WEBHOOK_NAMES.includes(w.name) ||
        w.clientConfig?.service?.name === WEBHOOK_CONFIG_NAME ||
        (config.metadata.name === WEBHOOK_CONFIG_NAME && hooks.length === 1),
    );
    if (webhook) return { config, webhook };
  }
  return null;
}

const mutatesPodCreate = (w: MutatingWebhook) =>
  (w.rules ?? []).some(
    (r) =>
      ((r.operations ?? []).includes("CREATE") || (r.operations ?? []).includes("*")) &&
      ((r.resources ?? []).includes("pods") || (r.resources ?? []).includes("*")) &&
      ((r.apiGroups ?? []).includes("") || (r.apiGroups ?? []).includes("*")),
  );

export function assessWebhook(inputs: HealthInputs): HealthItem {
  const w = inputs.webhooks;
  if (!w.ok) return unknownItem("pod_identity_webhook", "irsa", w.failure);
  const hit = findWebhook(w.value);
  if (!hit) {
    const names = w.value.map((c) => c.metadata.name).sort();
    return item(
      "pod_identity_webhook",
      "irsa",
      "problem",
      `No MutatingWebhookConfiguration holds the pod-identity-webhook (configurations: ${names.join(", ") || "none"}): new pods get neither AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE nor the projected token volume. ` +
        `On EKS the control plane manages ${WEBHOOK_CONFIG_NAME}; operator action: restore it (contact AWS support if it was deleted), then recreate the pods.`,
      { configurations: names },
    );
  }
  const details = {
    configuration: hit.config.metadata.name,
    webhook: hit.webhook.name,
    failure_policy: hit.webhook.failurePolicy ?? "Fail",
    target: hit.webhook.clientConfig?.service
      ? `service ${hit.webhook.clientConfig.service.namespace}/${hit.webhook.clientConfig.service.name}`
      : (hit.webhook.clientConfig?.url ?? null),
  };
  if (!mutatesPodCreate(hit.webhook)) {
    return item(
      "pod_identity_webhook",
      "irsa",
      "problem",
      `Webhook ${hit.webhook.name} in ${hit.config.metadata.name} has no rule for CREATE on pods: it never mutates new pods.`,
      details,
    );
  }
  return item(
    "pod_identity_webhook",
    "irsa",
    "ok",
    `Webhook ${hit.webhook.name} (${hit.config.metadata.name}) mutates pod creation; failurePolicy ${details.failure_policy}.`,
    details,
  );
}

function notServing(pods: Pod[]): string[] {
  return pods
    .filter((p) => {
      const statuses = p.status?.containerStatuses ?? [];
      return p.status?.phase !== "Running" || statuses.length === 0 || statuses.some((c) => !c.ready);
    })
    .map((p) => {
      const restarts = (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
      return `${p.metadata.name} on node ${p.spec?.nodeName ?? "(unscheduled)"} (${podReason(p) ?? p.status?.phase ?? "not ready"}, ${restarts} restarts)`;
    })
    .sort();
}

export function assessAgent(inputs: HealthInputs): HealthItem {
  const a = inputs.agent;
  const where = `DaemonSet ${AGENT_NAMESPACE}/${AGENT_NAME}`;
  if (!a.ok) {
    if (a.failure.kind === "not_found") {
      return item(
        "pod_identity_agent_daemonset",
        "pod_identity",
        "problem",
        `There is no ${where}: pods that rely on Pod Identity get connection refused from 169.254.170.23 (IRSA pods are unaffected).`,
      );
    }
    return unknownItem("pod_identity_agent_daemonset", "pod_identity", a.failure);
  }
  const s = a.value.status ?? {};
  const desired = s.desiredNumberScheduled ?? 0;
  const ready = s.numberReady ?? 0;
  const unavailable = s.numberUnavailable ?? Math.max(0, desired - (s.numberAvailable ?? ready));
  const pods = inputs.agentPods;
  const bad = pods?.ok ? notServing(pods.value) : [];
  const details = { desired, ready, unavailable, not_serving: bad, pods_read: pods?.ok ?? false };
  if (desired === 0) {
    return item(
      "pod_identity_agent_daemonset",
      "pod_identity",
      "problem",
      `${where} is scheduled on no node (Fargate-only cluster, or node selectors that match nothing): Pod Identity does not work without it.`,
      details,
    );
  }
  if (ready < desired || unavailable > 0) {
    const which =
      bad.length > 0
        ? ` Not serving: ${bad.join("; ")}.`
        : pods && !pods.ok
          ? ` Its pods could not be listed: ${pods.failure.message}`
          : "";
    return item(
      "pod_identity_agent_daemonset",
      "pod_identity",
      "problem",
      `${where}: ${ready}/${desired} ready, ${unavailable} unavailable: pods on those nodes get no Pod Identity credentials.${which}`,
      details,
    );
  }
  return item("pod_identity_agent_daemonset", "pod_identity", "ok", `${where}: ${ready}/${desired} ready.`, details);
}
