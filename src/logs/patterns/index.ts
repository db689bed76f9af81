// The explicit registry of log patterns. A family file that is not listed here is not scanned for; the
// tests fail when a pattern lacks examples, so nothing is added without the lines it was written for.

import type { LogPattern } from "../types.js";
import { addonPatterns } from "./addon.js";
import { credsPatterns } from "./creds.js";
import { ecrPatterns } from "./ecr.js";
import { imdsPatterns } from "./imds.js";
import { networkPatterns } from "./network.js";
import { permissionPatterns } from "./permissions.js";
import { podIdentityAgentPatterns } from "./pod-identity-agent.js";
import { podIdentityPatterns } from "./pod-identity.js";
import { podSpecPatterns } from "./pod-spec.js";
import { sdkPatterns } from "./sdk.js";
import { stsSessionPatterns } from "./sts-session.js";
import { stsPatterns } from "./sts.js";
import { tokenPatterns } from "./token.js";
import { unexplainedAuthPatterns } from "./unexplained-auth.js";
import { unexplainedPatterns } from "./unexplained.js";
import { webhookPatterns } from "./webhook.js";

export const PATTERN_FAMILIES: Readonly<Record<string, readonly LogPattern[]>> = {
  aws: [...unexplainedPatterns, ...unexplainedAuthPatterns],
  addon: addonPatterns,
  creds: credsPatterns,
  ecr: ecrPatterns,
  imds: imdsPatterns,
  network: networkPatterns,
  permissions: permissionPatterns,
  pod_identity: podIdentityPatterns,
  pod_identity_agent: podIdentityAgentPatterns,
  pod_spec: podSpecPatterns,
  sdk: sdkPatterns,
  sts: [...stsPatterns, ...stsSessionPatterns],
  token: tokenPatterns,
  webhook: webhookPatterns,
};

/** Every pattern, sorted by id. */
export const LOG_PATTERNS: readonly LogPattern[] = Object.values(PATTERN_FAMILIES)
  .flat()
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const BY_ID = new Map(LOG_PATTERNS.map((p) => [p.id, p]));
export const getLogPattern = (id: string): LogPattern | undefined => BY_ID.get(id);
