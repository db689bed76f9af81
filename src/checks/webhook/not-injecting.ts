// webhook.not_injecting: the service account is annotated but the pod-identity-webhook did not mutate the
// pod: its MutatingWebhookConfiguration is gone, it excludes the pod (selectors, the skip label), or calls
// to it fail. Restarting the pods alone does not help, which is what separates it from a pod that merely
// predates the annotation.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import type { Snapshot } from "../../snapshot/types.js";
import { valueOf } from "../../snapshot/evidence.js";
import { restartPods, restartTarget } from "../actions.js";
import { logEvidence, saConfigEvidence } from "../evidence.js";
import { describeEvent, FAILED_CALL, SKIP_LABEL, WEBHOOK_CONFIG_NAME } from "./webhook-state.js";
import { injectionFacts, later, newerUninjected, podLine, uninjectedAfterAnnotation, type InjectionFacts } from "./injection.js";
import { causeMeta } from "../../causes.js";
import { refusedCreation, type RefusedCreation } from "./refused-creation.js";
import { backendState } from "./backend.js";
import { podIdentityUninjected } from "./pod-identity-uninjected.js";

interface Verdict {
  confidence: Confidence;
  /** The clause of the detail sentence saying why the webhook did not inject. */
  why: string;
  evidence: ReportEvidence[];
  toConfirm: string[];
}

function verdict(s: Snapshot, i: InjectionFacts, logSignal: boolean): Verdict | null {
  const w = i.webhook;
  const src = w.source ? { source: w.source } : {};
  if (w.status === "missing") {
    const others = w.otherConfigs.length ? `only ${w.otherConfigs.join(", ")}` : "none at all";
    return {
      confidence: "high",
      why: `no MutatingWebhookConfiguration for the pod-identity-webhook exists (the cluster has ${others})`,
      evidence: [
        {
          type: "cluster",
          content: `MutatingWebhookConfigurations: ${others}; no ${WEBHOOK_CONFIG_NAME} (webhook iam-for-pods.amazonaws.com)`,
          ...src,
        },
      ],
      toConfirm: [],
    };
  }
  if (w.exclusion) {
    return {
      confidence: "high",
      why: `it is excluded (${w.exclusion})`,
      evidence: [{ type: "cluster", content: `MutatingWebhookConfiguration ${w.configName}: ${w.exclusion}`, ...src }],
      toConfirm: [],
    };
  }
  if (w.failingEvents.length > 0) {
    const backend = backendState(s, w.service);
    // Calls that all failed before the pod was created are an earlier outage: the pod was admitted after it.
    const stale = w.failingEvents.every((e) => later(i.target.createdAt, e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp));
    return {
      confidence: stale ? "medium" : "high",
      why: `the apiserver ${stale ? "failed" : "fails"} to call webhook ${w.webhookName ?? "iam-for-pods.amazonaws.com"}${backend?.clause ? ` (${backend.clause})` : ""}${stale ? `, though only before pod ${i.target.name} was created (${i.target.createdAt})` : ""}`,
      evidence: [...w.failingEvents.slice(-2).map((e) => ({ type: "event", content: describeEvent(e) })), ...(backend?.evidence ?? [])],
      toConfirm: stale
        ? [
            `whether the webhook was failing when pod ${i.target.name} was created: the apiserver's log at ${i.target.createdAt}, or a pod created now (does it get AWS_ROLE_ARN?)`,
          ]
        : [],
    };
  }
  const after = uninjectedAfterAnnotation(i);
  if (after.length > 0) {
    return {
      confidence: "medium",
      why: `pod ${after[after.length - 1]!.name} was created after the annotation was written (${i.annotationSetAt}) and still got nothing`,
      evidence: after.map((p) => ({ type: "pod_spec", content: podLine(p) })),
      toConfirm: [
        "why the webhook does not answer: kubectl get mutatingwebhookconfigurations pod-identity-webhook -o yaml, and the apiserver audit or webhook logs around the pod's creation",
      ],
    };
  }
  const newer = newerUninjected(i);
  if (newer.length > 0) {
    return {
      confidence: w.status === "present" ? "medium" : "low",
      why: `pod ${newer[newer.length - 1]!.name}, created after it, lacks AWS_ROLE_ARN too`,
      evidence: newer.map((p) => ({ type: "pod_spec", content: `Newer ${podLine(p)}` })),
      toConfirm: [
        "when the eks.amazonaws.com/role-arn annotation was set (kubectl get serviceaccount -o yaml --show-managed-fields): if after the newest pod, a restart is enough (irsa_annotation.pod_predates_annotation)",
      ],
    };
  }
  if (logSignal) {
    return {
      confidence: "medium",
      why: "the logs show calls to the webhook failing",
      evidence: [],
      toConfirm: ["kubectl get mutatingwebhookconfigurations pod-identity-webhook -o yaml"],
    };
  }
  if (w.status === "unknown") {
    return {
      confidence: "low",
      why: "the webhook configuration was not collected, so a missing or failing webhook cannot be ruled out",
      evidence: [],
      toConfirm: ["kubectl get mutatingwebhookconfigurations -o yaml: is pod-identity-webhook there and does it select the pod?"],
    };
  }
  return null;
}

function inspectWebhook(i: InjectionFacts): OperatorAction {
  if (i.webhook.status === "missing") {
    return {
      description: `List the mutating webhook configurations: ${WEBHOOK_CONFIG_NAME} (webhook iam-for-pods.amazonaws.com) must be among them.`,
      command: "kubectl get mutatingwebhookconfigurations",
      safety: "Inspect webhook configuration (read-only)",
    };
  }
  return {
    description:
      "Inspect the pod-identity-webhook configuration: it must call iam-for-pods.amazonaws.com for pod CREATE and select the pod's labels and namespace.",
    command: `kubectl get mutatingwebhookconfigurations ${i.webhook.configName ?? WEBHOOK_CONFIG_NAME} -o yaml`,
    safety: "Inspect webhook configuration (read-only)",
  };
}

/** The skip label lives in the pod template: removing it there re-creates the pods, mutated this time. */
function removeSkipLabel(s: Snapshot, f: Facts, i: InjectionFacts): OperatorAction[] {
  const labels = f.pod?.metadata.labels ?? {};
  const target = restartTarget(s, f);
  if (!i.webhook.exclusion || !(SKIP_LABEL in labels) || target.startsWith("pod/")) return [];
  const pointer = `/spec/template/metadata/labels/${SKIP_LABEL.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  return [
    {
      description: `Remove the label ${SKIP_LABEL} from the pod template of ${target}; the rollout this starts creates pods the webhook mutates.`,
      command: `kubectl patch ${target} -n ${f.workload.namespace} --type json -p '[{"op":"remove","path":"${pointer}"}]'`,
      safety: "Modify workload spec",
    },
  ];
}

/** Only a self-managed webhook runs as a Deployment behind a Service; EKS runs its own on the control plane. */
function restartWebhook(i: InjectionFacts): OperatorAction[] {
  const svc = i.webhook.service;
  return svc && !i.webhook.exclusion ? restartWebhookService(svc) : [];
}

function restartWebhookService(svc: { name: string; namespace: string }): OperatorAction[] {
  return [
    {
      description: `Restart the self-managed webhook behind Service ${svc.namespace}/${svc.name} so it answers the apiserver again.`,
      command: `kubectl rollout restart deployment/${svc.name} -n ${svc.namespace}`,
      safety: "Restart pods",
    },
  ];
}

/** The other mutating webhooks that change pods: one of them may put in what the pod-identity webhook adds too. */
function otherPodMutators(s: Snapshot, r: RefusedCreation): string[] {
  return (valueOf(s.k8s.mutatingWebhooks) ?? [])
    .filter((c) => c.metadata.name !== r.webhook.configName)
    .filter((c) =>
      (c.webhooks ?? []).some((w) => (w.rules ?? []).some((x) => (x.resources ?? []).some((res) => res === "pods" || res === "*"))),
    )
    .map((c) => c.metadata.name)
    .sort();
}

/**
 * The apiserver called the webhook and rejected the pod its mutation left, over an item the webhook injects (a
 * token mount twice, with another mutating webhook or the template): the pods are never created. Medium: which
 * mutation put the item twice is not in the evidence.
 */
function invalidFinding(s: Snapshot, f: Facts, r: RefusedCreation): Finding {
  const sa = `${f.workload.namespace}/${f.workload.serviceAccountName ?? s.target.serviceAccount ?? "<service-account>"}`;
  const name = r.webhook.webhookName ?? "pod-identity-webhook";
  const eventsSource = s.k8s.events.status === "found" ? { source: s.k8s.events.source } : {};
  const others = otherPodMutators(s, r);
  const last = r.events[r.events.length - 1];
  const refusedBy = [...new Set(r.events.map((e) => `${e.involvedObject.kind ?? "?"} ${e.involvedObject.name ?? "?"}`))];
  const who = `${r.owners.length > 0 ? r.owners.join(", ") : refusedBy.join(", ")} (ServiceAccount ${sa})`;
  const deployment = (valueOf(s.k8s.owners) ?? []).find((o) => o.kind === "Deployment")?.metadata.name;
  return {
    causeId: "webhook.not_injecting",
    confidence: "medium",
    detail: `The apiserver rejects the pods ${who} creates as invalid over what webhook ${name} injects (${last?.message ?? "FailedCreate"})${others.length ? `, with ${others.join(", ")} also mutating pods` : ""}: the new pods are never created, so they never get credentials${r.olderPod ? `; pod ${r.olderPod}, which was read, is an older revision's and says nothing of them` : ""}`,
    evidence: [
      ...saConfigEvidence(s, f),
      ...r.events.slice(-2).map((e) => ({ type: "event" as const, content: describeEvent(e), ...eventsSource })),
      {
        type: "webhook" as const,
        content: `MutatingWebhookConfiguration ${r.webhook.configName ?? "?"}: webhook ${name}${others.length ? `; other mutating webhooks on pods: ${others.join(", ")}` : ""}`,
        ...(r.webhook.source ? { source: r.webhook.source } : {}),
      },
    ],
    immediate: `Operator: find which mutation puts the injected item in twice (${others.length ? `${others.join(", ")} or ` : ""}the pod template against what ${name} adds), and roll the workload back to its last working revision until it is fixed.`,
    actions: [
      {
        description: `Compare the mutating webhooks on pods: their order, reinvocationPolicy and what each adds (${name} adds the token volume, its mount and the AWS_* variables).`,
        command: "kubectl get mutatingwebhookconfigurations -o yaml",
        safety: "Inspect webhook configuration (read-only)",
      },
      ...(deployment
        ? [
            {
              description: `See which revision of ${deployment} introduced the change the refused pods carry.`,
              command: `kubectl rollout history deployment/${deployment} -n ${f.workload.namespace}`,
              safety: "Inspect pod spec (read-only)",
            },
          ]
        : []),
    ],
    toConfirm: [
      `which mutation duplicates the item the apiserver names: ${others.length ? `webhook ${others.join(", ")}, ` : ""}the pod template, or ${name} itself`,
    ],
    clusterWide: false,
  };
}

/** No pod to read because the apiserver refused to create it: the webhook failed and its failurePolicy is Fail. */
function refusedFinding(s: Snapshot, f: Facts, r: RefusedCreation): Finding {
  if (r.how === "invalid") return invalidFinding(s, f, r);
  const sa = `${f.workload.namespace}/${f.workload.serviceAccountName ?? s.target.serviceAccount ?? "<service-account>"}`;
  const name = r.webhook.webhookName ?? "pod-identity-webhook";
  const src = r.webhook.source ? { source: r.webhook.source } : {};
  const eventsSource = s.k8s.events.status === "found" ? { source: s.k8s.events.source } : {};
  // Proven when the refused creations are this service account's own workload and the policy says refuse.
  const tied = r.owners.length > 0;
  const confidence: Confidence = tied && r.failurePolicy === "Fail" ? "high" : "medium";
  const toConfirm = [
    ...(tied
      ? []
      : [
          `which workload runs as ServiceAccount ${sa}: its Deployment/ReplicaSet (kubectl get deploy,rs -n ${f.workload.namespace} -o yaml) and its FailedCreate events`,
        ]),
    ...(r.failurePolicy === "Fail"
      ? []
      : [
          `the failurePolicy of webhook ${name} (kubectl get mutatingwebhookconfigurations -o yaml): with Ignore, pods are created un-mutated instead`,
        ]),
  ];
  const svc = r.webhook.service;
  const backend = backendState(s, svc);
  return {
    causeId: "webhook.not_injecting",
    confidence,
    clusterWide: true,
    detail: `${r.olderPod ? `New pods of ServiceAccount ${sa} cannot be created (pod ${r.olderPod}, which was read, is an older revision's)` : `No pod of ServiceAccount ${sa} exists`}: the apiserver cannot call webhook ${name}${backend?.clause ? ` (${backend.clause})` : ""}${r.failurePolicy ? ` and its failurePolicy is ${r.failurePolicy}` : ""}, so it refuses to create the pods${tied ? ` of ${r.owners.join(", ")}` : ""}; the token, OIDC provider and trust policy are never reached`,
    evidence: [
      ...saConfigEvidence(s, f),
      ...r.events.slice(-2).map((e) => ({ type: "event" as const, content: describeEvent(e), ...eventsSource })),
      {
        type: "webhook" as const,
        content: `MutatingWebhookConfiguration ${r.webhook.configName ?? "?"}: webhook ${name}${svc ? ` served by Service ${svc.namespace}/${svc.name}` : ""}, failurePolicy ${r.failurePolicy ?? "not set (Fail since admissionregistration/v1)"}`,
        ...src,
      },
      ...(backend?.evidence ?? []),
    ],
    immediate: `Operator: make webhook ${name} answer${svc ? ` (its pods behind Service ${svc.namespace}/${svc.name}: ${backend?.clause ? `${backend.clause}` : "their events and logs say why they do not"})` : ""}; the controllers retry the refused pod creations on their own once it does.`,
    actions: [
      {
        description: `Inspect the webhook's Service endpoints and pods${svc ? ` in ${svc.namespace}` : ""}: the apiserver's calls to ${name} fail.`,
        command: svc
          ? `kubectl get endpoints,pods -n ${svc.namespace} -l app=${svc.name} -o wide`
          : "kubectl get mutatingwebhookconfigurations -o yaml",
        safety: "Inspect webhook configuration (read-only)",
      },
      ...(svc ? restartWebhookService(svc) : []),
    ],
    toConfirm,
  };
}

export const check: Check = {
  ...causeMeta("webhook.not_injecting"),
  run(s: Snapshot, f: Facts): Finding | null {
    const refused = refusedCreation(s, f);
    if (refused) return refusedFinding(s, f, refused);
    const i = injectionFacts(s, f);
    if (!i) return podIdentityUninjected(s, f);
    if (i.target.roleArn || i.target.tokenFile) return null;
    // A Pod Identity mutation shows the webhook did run for this pod.
    if (f.workload.containers.some((c) => c.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"])) return null;
    // Only a message about the webhook itself: "no credentials" lines point here and to every other injection cause.
    const webhookFailing = (f.logSignals.get("webhook.not_injecting") ?? []).some((m) => FAILED_CALL.test(m.text));
    const v = verdict(s, i, webhookFailing);
    if (!v) return null;
    const sa = `${f.workload.namespace}/${f.workload.serviceAccountName}`;
    const skipLabelFix = removeSkipLabel(s, f, i);
    const fixWhat = skipLabelFix.length
      ? `remove the label ${SKIP_LABEL} from the pod template of ${restartTarget(s, f)}`
      : i.webhook.status === "missing"
        ? "restore the pod-identity-webhook MutatingWebhookConfiguration (EKS manages it on the control plane: if it stays missing, contact AWS support; on a self-managed cluster, reinstall the webhook)"
        : i.webhook.exclusion
          ? "remove what excludes the pod from the webhook (the label or the selector named above)"
          : "make the webhook answer (check its configuration and endpoint; on a self-managed webhook, restart its Deployment)";
    return {
      causeId: "webhook.not_injecting",
      confidence: v.confidence,
      // A missing webhook configuration leaves every annotated workload without credentials; a label or selector only this one.
      clusterWide: i.webhook.status === "missing",
      detail: `ServiceAccount ${sa} is annotated with ${i.expectedArn} but pod ${i.target.name} has no AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE because the pod-identity-webhook did not mutate it: ${v.why}`,
      evidence: [
        ...logEvidence(f, ["webhook.not_injecting", "irsa_annotation.missing", "sdk.falls_back_to_node_role"]),
        ...saConfigEvidence(s, f),
        { type: "pod_spec", content: podLine(i.target), ...(s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {}) },
        ...v.evidence,
      ],
      immediate: skipLabelFix.length
        ? `Operator: ${fixWhat}; the rollout it starts re-creates the pods, which the webhook then mutates.`
        : `Operator: ${fixWhat}, then re-create the pods of ServiceAccount ${sa} so they are mutated.`,
      actions: skipLabelFix.length
        ? [inspectWebhook(i), ...skipLabelFix]
        : [
            inspectWebhook(i),
            ...restartWebhook(i),
            restartPods(s, f, "pods are mutated only when they are created, once the webhook applies to them"),
          ],
      toConfirm: v.toConfirm,
    };
  },
};
