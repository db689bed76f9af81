// irsa_annotation.pod_predates_annotation: the pod-identity-webhook sets AWS_ROLE_ARN and mounts the token
// only when a pod is created, so a pod created before the service account was annotated (or re-annotated)
// runs with no role or with the old one until it is re-created. A restart is the whole fix.

import type { Check, Confidence, Finding, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import { validateRoleArn } from "../../iam/index.js";
import { restartPods, restartTarget } from "../actions.js";
import { logEvidence, saConfigEvidence } from "../evidence.js";
import {
  injectionFacts,
  later,
  newerInjected,
  newerUninjected,
  podLine,
  uninjectedAfterAnnotation,
  type InjectionFacts,
} from "../webhook/injection.js";
import { causeMeta } from "../../causes.js";

function webhookLine(i: InjectionFacts): ReportEvidence | null {
  const w = i.webhook;
  if (w.status !== "present") return null;
  return {
    type: "cluster",
    content: `MutatingWebhookConfiguration ${w.configName} (webhook ${w.webhookName}) is present and applies to pod ${i.target.name}`,
    ...(w.source ? { source: w.source } : {}),
  };
}

function annotationLine(i: InjectionFacts, sa: string): ReportEvidence | null {
  if (!i.annotationSetAt) return null;
  return {
    type: "sa_config",
    content: `ServiceAccount ${sa}: eks.amazonaws.com/role-arn last written ${i.annotationSetAt}${i.annotationManager ? ` by ${i.annotationManager}` : ""} (metadata.managedFields)`,
  };
}

export const check: Check = {
  ...causeMeta("irsa_annotation.pod_predates_annotation"),
  run(s: Snapshot, f: Facts): Finding | null {
    const i = injectionFacts(s, f);
    if (!i || !validateRoleArn(i.expectedArn).ok) return null;
    const t = i.target;
    if (t.roleArn === i.expectedArn) return null;
    const w = i.webhook;
    const sa = `${f.workload.namespace}/${f.workload.serviceAccountName}`;
    const newer = newerInjected(i);
    const annotatedAfterPod = later(i.annotationSetAt, t.createdAt);
    const toConfirm: string[] = [];
    let confidence: Confidence;
    let detail: string;

    if (t.roleArn) {
      // A stale role: the webhook did run for this pod, with the annotation as it was then.
      if (i.hardCodedArn && i.hardCodedArn.value === t.roleArn) return null;
      confidence = "high";
      if (w.status === "missing") {
        confidence = "medium";
        toConfirm.push(
          "the pod-identity-webhook MutatingWebhookConfiguration is missing now, so re-created pods may get no AWS_ROLE_ARN at all",
        );
      } else if (later(t.createdAt, i.annotationSetAt) && newer.length === 0) {
        confidence = "medium";
        toConfirm.push(
          `managedFields says the annotation was last written at ${i.annotationSetAt}, before the pod was created: check that the pod template does not set AWS_ROLE_ARN itself`,
        );
      }
      detail = `Pod ${t.name} was created${t.createdAt ? ` at ${t.createdAt}` : ""} with AWS_ROLE_ARN=${t.roleArn}, but ServiceAccount ${sa} now names ${i.expectedArn}; the webhook sets AWS_ROLE_ARN only at pod creation, so the pod still assumes the old role`;
    } else {
      // No role at all: only this check's if nothing says the webhook itself fails (webhook.not_injecting's).
      if (w.status === "missing" || w.exclusion || w.failingEvents.length > 0) return null;
      if (uninjectedAfterAnnotation(i).length > 0) return null;
      // The annotation was already written when the pod was created (the same second counts): the pod does not
      // predate it, so the webhook missed a pod it should have mutated (webhook.not_injecting's).
      if (i.annotationSetAt && t.createdAt && !later(i.annotationSetAt, t.createdAt)) return null;
      if (annotatedAfterPod || newer.length > 0) confidence = "high";
      else if (newerUninjected(i).length > 0) confidence = "low";
      else confidence = w.status === "present" ? "medium" : "low";
      if (confidence !== "high") {
        toConfirm.push(
          `when the annotation was set compared with the pod's creation (${t.createdAt ?? "unknown"}): kubectl get serviceaccount ${f.workload.serviceAccountName} -n ${f.workload.namespace} -o yaml --show-managed-fields`,
          `after a restart, a new pod must have AWS_ROLE_ARN=${i.expectedArn}; if it does not, the webhook is not injecting (webhook.not_injecting)`,
        );
      }
      if (w.status === "unknown")
        toConfirm.push("kubectl get mutatingwebhookconfigurations pod-identity-webhook -o yaml, to see that the webhook is in place");
      detail = `Pod ${t.name} was created${t.createdAt ? ` at ${t.createdAt}` : ""} without AWS_ROLE_ARN${annotatedAfterPod ? `, before ServiceAccount ${sa} was annotated with ${i.expectedArn} at ${i.annotationSetAt}` : `, although ServiceAccount ${sa} names ${i.expectedArn}`}; the webhook injects credentials only into pods created after the annotation`;
    }

    const roleLogs = t.roleArn
      ? f.logMatches
          .filter((m) => m.text.includes(t.roleArn ?? "\u0000"))
          .slice(0, 2)
          .map((m): ReportEvidence => ({ type: "credential_finding", content: m.text, source: `${m.file}:${m.line}` }))
      : [];
    const evidence: ReportEvidence[] = [
      ...(roleLogs.length > 0
        ? roleLogs
        : logEvidence(f, ["irsa_annotation.pod_predates_annotation", "irsa_annotation.missing", "sdk.falls_back_to_node_role"])),
      ...saConfigEvidence(s, f),
      ...[annotationLine(i, sa)].filter((e): e is ReportEvidence => e !== null),
      { type: "pod_spec", content: podLine(i.target), ...(s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {}) },
      ...newer.map((p): ReportEvidence => ({ type: "pod_spec", content: `Newer ${podLine(p)}` })),
      ...[webhookLine(i)].filter((e): e is ReportEvidence => e !== null),
    ];
    const target = restartTarget(s, f);
    return {
      causeId: "irsa_annotation.pod_predates_annotation",
      confidence,
      detail,
      evidence,
      immediate: `Operator: re-create the pods of ${target} in namespace ${f.workload.namespace} so the webhook injects AWS_ROLE_ARN=${i.expectedArn}; the ServiceAccount and the role need no change.`,
      actions: [restartPods(s, f, `pod ${t.name} predates the eks.amazonaws.com/role-arn annotation it should run with`)],
      toConfirm,
    };
  },
};
