// Log lines showing an SDK that did not use the pod's own credentials: calls made as the node's instance
// role, and credential chains that found nothing. Shared by the two sdk checks.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { LogMatch } from "../../snapshot/types.js";

export const NODE_ROLE_PATTERNS = ["permissions.node_role_access_denied", "imds.using_instance_role"];
const NO_CREDENTIALS = /^creds\.(?!web_identity_env_missing)|^imds\.credentials_unavailable$/;

export function nodeRoleLines(f: Facts): LogMatch[] {
  return f.logMatches.filter((m) => NODE_ROLE_PATTERNS.includes(m.patternId));
}

/** Containers whose own lines name a session of the pod's role: their chain found its credentials. */
function gotOwnRole(f: Facts): Set<string> {
  const roles = [f.irsaRole?.name, f.podIdentityRole?.name].filter((r): r is string => typeof r === "string");
  return new Set(
    f.logMatches
      .filter((m) => {
        const p = principalIn(m.text);
        return p?.kind === "assumed_role" && p.role !== undefined && roles.includes(p.role);
      })
      .map((m) => containerOfLog(m)),
  );
}

/**
 * Node-role use first, then chains that found nothing. A "no credentials" line of a container that also
 * shows its own role's session is a later step failing (a chained AssumeRole), not a fallback.
 */
export function fallbackLines(f: Facts): LogMatch[] {
  const got = gotOwnRole(f);
  return [...nodeRoleLines(f), ...f.logMatches.filter((m) => NO_CREDENTIALS.test(m.patternId) && !got.has(containerOfLog(m)))];
}

/** The container a log file belongs to: one home, in the credential-path stage. */
export { containerOfLog } from "../../diagnosis/credential-path/attribution.js";
import { containerOfLog, principalIn } from "../../diagnosis/credential-path/attribution.js";

const SETTINGS = ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"];

/** Whether the container that wrote the line has IRSA or Pod Identity settings; null when no pod container matches. */
export function writerHasSettings(f: Facts, m: LogMatch): boolean | null {
  const spec = f.pod?.spec;
  const name = containerOfLog(m);
  const c = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].find((x) => x.name === name);
  if (!c) return null;
  return (c.env ?? []).some((e) => SETTINGS.includes(e.name));
}
