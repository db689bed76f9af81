// The one redaction choke point. Every output of irsa-doctor passes here: the CLI's stdout and stderr,
// every MCP tool result and error, the logger, and every file a capture writes. Modules that redact earlier
// (a log excerpt before it is cut to length) call the same functions, so there is one rule set.

import { REDACTED } from "./rules.js";

export { RULES } from "./rules.js";
export { redactText, redactTextCounted } from "./text.js";
export { redactDeep, redactDeepCounted } from "./deep.js";

/**
 * How many secrets an output withholds: the markers in its final text, whichever pass put them there (a log
 * excerpt is redacted before it is cut to length; the choke point catches the rest).
 */
export function countRedactions(text: string): number {
  let n = 0;
  for (const marker of [REDACTED, "<redacted>"]) {
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) n++;
  }
  return n;
}

/** "1 secret redacted", "3 secrets redacted". */
export function redactionNote(count: number): string {
  return `${count} secret${count === 1 ? "" : "s"} redacted`;
}
