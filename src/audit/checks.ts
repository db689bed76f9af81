// Which checks the audit runs: the diagnosis's own registry, less those whose only evidence is per-pod
// logs or CloudTrail. Reading every pod's logs (or a CloudTrail window per pod) does not scale to a
// fleet, and without that evidence these checks cannot fire; the audit says so instead of guessing.

import { CHECKS } from "../checks/registry.js";
import type { Check } from "../checks/types.js";
import type { NotChecked } from "./types.js";

const LOGS =
  "needs the pod's application logs, which the audit does not read for every pod: run `irsa-doctor diagnose` on a pod that fails";

export const LEFT_OUT: readonly NotChecked[] = [
  { cause_id: "network.sts_unreachable", why: LOGS },
  { cause_id: "pod_identity.agent_unreachable", why: `${LOGS} (and the agent's logs)` },
  { cause_id: "token.expired", why: LOGS },
  { cause_id: "sdk.too_old", why: LOGS },
  { cause_id: "sdk.falls_back_to_node_role", why: LOGS },
  { cause_id: "oidc_provider.thumbprint_mismatch", why: `${LOGS}; only STS's message shows the certificate mismatch` },
  { cause_id: "permissions.role_lacks_permission", why: `${LOGS}; the denied action and resource are only in the AccessDenied message` },
  {
    cause_id: "credential_chain.assumes_own_role",
    why: `${LOGS}, or CloudTrail; the refused chained sts:AssumeRole is only in the application's AccessDenied or a CloudTrail event`,
  },
];

/** Evidence every kept check may use but the audit does not read, so a check may conclude less. */
export const NOT_READ: readonly NotChecked[] = [
  {
    cause_id: "*",
    why: "CloudTrail is not read (a recorded DeletePodIdentityAssociation would make pod_identity.association_missing surer)",
  },
  {
    cause_id: "pod_identity.agent_proxy",
    why: "checked from the pods' proxy settings only: a proxy in front of the agent itself shows in the agent's logs, which are not read",
  },
  {
    cause_id: "credential_chain.static_keys",
    why: "checked from the pods' env, envFrom, credential files and the key names of Secrets a bundle holds: whether the SDK takes a Secret's unknown keys or a credentials file before web identity shows only in the pod's logs or CloudTrail",
  },
  {
    cause_id: "trust_policy.wrong_operator_or_action",
    why: "checked for the role the pods are given: a container that then assumes a role itself (a sidecar's role_arn, an assume-role profile) shows only in its logs",
  },
  {
    cause_id: "webhook.not_injecting",
    why: "checked from the webhook's configuration and the pods: a webhook that fails open (an x509 error under failurePolicy Ignore) shows only in the API server's log or events; a pod it skipped then reads as irsa_annotation.pod_predates_annotation when the annotation's age is unknown",
  },
  {
    cause_id: "inconclusive",
    why: "a healthy verdict is judged from configuration: an AWS error in a pod's own logs that no check explains, which keeps the per-pod diagnosis from saying healthy, is not seen",
  },
  {
    cause_id: "token.not_mounted_or_unreadable",
    why: "checked from the pods' mounts: a Windows pod told a POSIX token path is named only when its own log shows the SDK refusing it",
  },
  {
    cause_id: "irsa_annotation.role_not_found",
    why: "checked where IAM answers for the role: a role ARN of another account shows only in STS's AccessDenied in the logs",
  },
  {
    cause_id: "*",
    why: "events are not read cluster-wide (a FailedCreate from the webhook); ReplicaSets and Deployments only for pods whose AWS_ROLE_ARN differs from their service account's annotation",
  },
];

const leftOut = new Set(LEFT_OUT.map((l) => l.cause_id));

export const AUDIT_CHECKS: readonly Check[] = CHECKS.filter((c) => !leftOut.has(c.id));
