// irsa_annotation.missing: the pod's service account names no IAM role and no Pod Identity association
// covers it, so the SDK falls through to the node's credentials or finds none.

import type { Check, Finding } from "../types.js";
import { annotateServiceAccount, restartPods, roleArnHint } from "../actions.js";
import { logEvidence, podIdentityEnvEvidence, saConfigEvidence } from "../evidence.js";
import { trustedRoleFor } from "../trusted-role.js";
import { causeMeta } from "../../causes.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Snapshot } from "../../snapshot/types.js";

const ROLE_ARN = /^\s*arn:aws[a-z-]*:iam::\d{12}:role\/\S+\s*$/;

/**
 * An annotation of the service account that holds a role ARN under another key (eks.amazon.com/role-arn,
 * eks.amazonaws.com/role_arn, a chart's own key): the webhook reads that one exact key only, so the role meant
 * is there and ignored. The engineer's fix is the key, not a new role.
 */
function roleArnUnderAnotherKey(s: Snapshot): { key: string; arn: string } | null {
  const annotations = valueOf(s.k8s.serviceAccount)?.metadata.annotations ?? {};
  const hit = Object.entries(annotations).find(([k, v]) => k !== "eks.amazonaws.com/role-arn" && ROLE_ARN.test(v));
  return hit ? { key: hit[0], arn: hit[1].trim() } : null;
}

export const check: Check = {
  ...causeMeta("irsa_annotation.missing"),
  run(s, f): Finding | null {
    if (f.workload.roleArnAnnotation !== null || f.workload.injectedRoleArn) return null;
    if (f.mode === "pod_identity" || f.mode === "both") return null;
    const associationsRead = f.aws.associations !== undefined;
    // A cluster already using Pod Identity next door makes a missing association as likely as a missing annotation.
    const podIdentityInUse = f.aws.nearMissAssociations.length > 0;
    // Evidence that Pod Identity was meant (its role, its association in another cluster) makes the annotation the wrong fix.
    const meantPodIdentity = f.podIdentityIntent.reasons.length > 0;
    const confidence = meantPodIdentity ? "low" : associationsRead && !podIdentityInUse ? "high" : "medium";
    const sa = `${f.workload.namespace}/${f.workload.serviceAccountName}`;
    const misplaced = roleArnUnderAnotherKey(s);
    const trusted = trustedRoleFor(s, f);
    const suggested = trusted ?? misplaced?.arn ?? null;
    const evidence = [
      ...logEvidence(f, ["irsa_annotation.missing", "sdk.falls_back_to_node_role"]),
      ...saConfigEvidence(s, f),
      ...podIdentityEnvEvidence(s, f),
      {
        type: "pod_identity",
        content: associationsRead
          ? `No Pod Identity association for ${sa} in cluster ${f.aws.cluster?.name ?? s.target.cluster ?? "(unknown)"}`
          : "Pod Identity associations were not available, so a Pod Identity setup cannot be ruled out",
      },
    ];
    if (misplaced)
      evidence.push({
        type: "sa_config",
        content: `ServiceAccount ${sa} names role ${misplaced.arn} under annotation ${misplaced.key}: the webhook reads only eks.amazonaws.com/role-arn`,
      });
    if (trusted) evidence.push({ type: "trust_policy", content: `Role ${trusted} already trusts ${f.workload.subject}` });
    const keyNote = misplaced ? ` (it carries ${misplaced.key}=${misplaced.arn} instead, a key the webhook does not read)` : "";
    return {
      causeId: "irsa_annotation.missing",
      confidence,
      detail: `ServiceAccount ${sa} has no eks.amazonaws.com/role-arn annotation${keyNote}${associationsRead ? " and no Pod Identity association" : ""}, so the pod gets no IAM role`,
      evidence,
      immediate: `Operator: annotate ServiceAccount ${sa} with eks.amazonaws.com/role-arn=${suggested ?? roleArnHint(f)}, then restart the pods so the webhook injects the credentials.`,
      actions: [
        annotateServiceAccount(f, suggested ?? roleArnHint(f)),
        restartPods(s, f, "the webhook only mutates pods when they are created"),
      ],
      toConfirm: associationsRead ? [] : ["aws eks list-pod-identity-associations for the cluster, to rule out Pod Identity"],
    };
  },
};
