// The explicit registry of checks. Order matters: it follows the credential chain from the service account
// to the AWS call, so when two checks are equally sure the earlier, more fundamental break is named first.
// A test fails when a check is missing here, has no unit test or has no scenario.

import type { Check } from "./types.js";
import { check as staticKeys } from "./credential-chain/static-keys.js";
import { check as roleArnOverride } from "./credential-chain/role-arn-override.js";
import { check as irsaOverPodIdentity } from "./credential-chain/irsa-over-pod-identity.js";
import { check as assumesOwnRole } from "./credential-chain/assumes-own-role.js";
import { check as malformedArn } from "./irsa-annotation/malformed-arn.js";
import { check as annotationMissing } from "./irsa-annotation/missing.js";
import { check as associationMissing } from "./pod-identity/association-missing.js";
import { check as roleNotFound } from "./irsa-annotation/role-not-found.js";
import { check as webhookNotInjecting } from "./webhook/not-injecting.js";
import { check as podPredatesAnnotation } from "./irsa-annotation/pod-predates-annotation.js";
import { check as tokenNotMounted } from "./token/not-mounted-or-unreadable.js";
import { check as tokenAudienceMismatch } from "./token/audience-mismatch.js";
import { check as oidcProviderMissing } from "./oidc-provider/missing.js";
import { check as oidcAudienceMismatch } from "./oidc-provider/audience-mismatch.js";
import { check as oidcThumbprintMismatch } from "./oidc-provider/thumbprint-mismatch.js";
import { check as trustIssuerMismatch } from "./trust-policy/issuer-mismatch.js";
import { check as trustSubjectMismatch } from "./trust-policy/subject-mismatch.js";
import { check as trustAudienceMismatch } from "./trust-policy/audience-condition-mismatch.js";
import { check as trustWrongOperator } from "./trust-policy/wrong-operator-or-action.js";
import { check as tokenExpired } from "./token/expired.js";
import { check as agentNotRunning } from "./pod-identity/agent-not-running.js";
import { check as agentProxy } from "./pod-identity/agent-proxy.js";
import { check as agentUnreachable } from "./pod-identity/agent-unreachable.js";
import { check as podIdentityTrust } from "./pod-identity/trust-policy.js";
import { check as stsUnreachable } from "./network/sts-unreachable.js";
import { check as sdkTooOld } from "./sdk/too-old.js";
import { check as fallsBackToNodeRole } from "./sdk/falls-back-to-node-role.js";
import { check as roleLacksPermission } from "./permissions/role-lacks-permission.js";

export const CHECKS: readonly Check[] = [
  // What the containers really use comes first: a chain that never reaches the configured role makes every
  // later link irrelevant to this pod.
  staticKeys,
  roleArnOverride,
  irsaOverPodIdentity,
  assumesOwnRole,
  malformedArn,
  annotationMissing,
  associationMissing,
  roleNotFound,
  webhookNotInjecting,
  podPredatesAnnotation,
  tokenNotMounted,
  tokenAudienceMismatch,
  oidcProviderMissing,
  oidcAudienceMismatch,
  oidcThumbprintMismatch,
  trustIssuerMismatch,
  trustSubjectMismatch,
  trustAudienceMismatch,
  trustWrongOperator,
  tokenExpired,
  agentNotRunning,
  agentProxy,
  agentUnreachable,
  podIdentityTrust,
  stsUnreachable,
  sdkTooOld,
  fallsBackToNodeRole,
  roleLacksPermission,
];
