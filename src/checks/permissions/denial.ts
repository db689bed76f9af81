// A permission denial read from an AccessDenied log line: the role and session it names, the action (with its
// operation's casing) and the resource. Its own module so the check and its commands both import it.

import type { LogMatch } from "../../snapshot/types.js";

/** The AccessDenied of permissions.access_denied, parsed. */
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
  const { roleName, sessionName, action, resource } = m.captures;
  if (!roleName || !action) return null;
  return { match: m, roleName, session: sessionName ?? "", action: canonicalAction(action, m.text), resource: resource || undefined };
}
