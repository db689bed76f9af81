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
  return [
    ...nodeRoleLines(f),
    ...f.logMatches.filter((m) => NO_CREDENTIALS.test(m.patternId) && !got.has(containerOfLog(m)) && !metadataLookup(m)),
  ];
}

// What an application reads from the instance metadata service for its own configuration (Go v1's EC2Metadata
// and v2's ec2imds errors wrap whatever item was asked for), and what only a credential fetch names.
const CONFIG_ITEM =
  /\b(?:vpc[ _-]?id|vpcId|mac(?: metadata)?|region|availability[ _-]?zone|placement|instance[ _-]?id|instance[ _-]?type|local-ipv4|local-hostname|subnet[ _-]?id)\b/i;
const CREDENTIAL_WORDS = /credential|security-credentials|\biam\b|\brole\b|instance profile|api\/token/i;

/**
 * An IMDS failure on a lookup of the instance's own metadata (a controller reading its VPC id or region because
 * its configuration left it out) is not a credential chain reaching IMDS: the pod's SDK never asked IMDS for
 * credentials there, so the line says nothing of which credentials it uses. Any credential word keeps it a fallback.
 */
function metadataLookup(m: LogMatch): boolean {
  return m.patternId === "imds.credentials_unavailable" && CONFIG_ITEM.test(m.text) && !CREDENTIAL_WORDS.test(m.text);
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
