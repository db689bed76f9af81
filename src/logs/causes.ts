// The cause ids a log pattern may point to. They are the diagnosis's cause ids (src/checks/types.ts),
// listed here as literals so a typo in a pattern's `suggests` fails the type check, not a diagnosis.

import type { CauseId } from "../checks/types.js";

export const LOG_CAUSE_IDS = [
  "irsa_annotation.malformed_arn",
  "irsa_annotation.missing",
  "irsa_annotation.pod_predates_annotation",
  "irsa_annotation.role_not_found",
  "network.sts_unreachable",
  "oidc_provider.audience_mismatch",
  "oidc_provider.missing",
  "oidc_provider.thumbprint_mismatch",
  "permissions.role_lacks_permission",
  "pod_identity.agent_not_running",
  "pod_identity.agent_proxy",
  "pod_identity.agent_unreachable",
  "pod_identity.association_missing",
  "pod_identity.trust_policy",
  "sdk.falls_back_to_node_role",
  "sdk.too_old",
  "token.audience_mismatch",
  "token.expired",
  "token.not_mounted_or_unreadable",
  "trust_policy.audience_condition_mismatch",
  "trust_policy.issuer_mismatch",
  "trust_policy.subject_mismatch",
  "trust_policy.wrong_operator_or_action",
  "webhook.not_injecting",
] as const satisfies readonly CauseId[];

export type LogCauseId = (typeof LOG_CAUSE_IDS)[number];

const KNOWN = new Set<string>(LOG_CAUSE_IDS);
export const isLogCauseId = (id: string): id is LogCauseId => KNOWN.has(id);
