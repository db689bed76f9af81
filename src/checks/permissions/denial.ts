// A permission denial read from an AccessDenied log line: the role and session it names, the action (with its
// operation's casing) and the resource. Its own module so the check and its commands both import it.

import type { LogMatch } from "../../snapshot/types.js";

/** The patterns whose lines are a role's denial of an action: any action, or a chained sts:AssumeRole. */
export const DENIAL_PATTERNS: ReadonlySet<string> = new Set(["permissions.access_denied", "permissions.chained_assume_role_denied"]);

/** The AccessDenied of permissions.access_denied (or of a chained sts:AssumeRole), parsed. */
export interface Denial {
  match: LogMatch;
  roleName: string;
  session: string;
  action: string;
  resource: string | undefined;
}

/** Some services print the action in lower case (sqs:sendmessage); the operation name elsewhere in the line has its casing. */
function canonicalAction(action: string, text: string): string {
  const [service, name = ""] = action.split(":");
  if (name !== name.toLowerCase()) return action;
  const word = text.match(/[A-Za-z0-9]+/g)?.find((w) => w.toLowerCase() === name && w !== name);
  return word ? `${service}:${word}` : action;
}

export function denialOf(m: LogMatch): Denial | null {
  const { roleName, sessionName, resource, resource_2 } = m.captures;
  // The chained-AssumeRole pattern names its action in the pattern itself, not in a capture.
  const action = m.captures["action"] ?? (m.patternId === "permissions.chained_assume_role_denied" ? "sts:AssumeRole" : undefined);
  if (!roleName || !action) return null;
  return {
    match: m,
    roleName,
    session: sessionName ?? "",
    action: canonicalAction(action, m.text),
    resource: resource || resource_2 || undefined,
  };
}
