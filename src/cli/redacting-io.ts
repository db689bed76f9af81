// The CLI's side of the redaction choke point: everything a command prints, on stdout or stderr, passes
// src/redact, and the count of what was removed is said once at the end, never the values. The same pass
// escapes terminal control characters (src/util/terminal), so nothing read from a bundle reaches the
// operator's terminal as an escape sequence.

import { countRedactions, redactionNote, redactText } from "../redact/index.js";
import { escapeControls } from "../util/terminal.js";
import type { CliIo } from "./io.js";

export interface RedactingIo {
  io: CliIo;
  /** Secrets withheld so far from this command's output (by this pass or an earlier one). */
  redacted(): number;
}

export function redactingIo(io: CliIo): RedactingIo {
  let count = 0;
  const pass = (write: (text: string) => void) => (text: string) => {
    const safe = redactText(text);
    count += countRedactions(safe);
    write(escapeControls(safe));
  };
  return { io: { ...io, stdout: pass(io.stdout), stderr: pass(io.stderr) }, redacted: () => count };
}

export function redactionLine(command: string, count: number): string {
  return `irsa-doctor ${command}: ${redactionNote(count)} from this output (values never shown).\n`;
}
