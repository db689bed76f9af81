// Makes untrusted text safe to print: terminal control characters (ESC and the ANSI sequences it starts,
// the other C0 controls, DEL and the C1 controls, which some terminals obey too) are shown escaped as
// \x1b, \x9b... instead of being sent to the operator's terminal, where a file name or a log line from a
// bundle could clear the screen, move the cursor or rewrite what was printed. Newline and tab stay.

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;

/** `text` with every control character but newline and tab written as a visible \xNN escape. */
export function escapeControls(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROLS, hex) : text;
}

/** escapeControls for one line: a newline or tab in a file name is escaped too. */
export function escapeLine(text: string): string {
  return escapeControls(text).replace(/[\n\t]/g, (c) => (c === "\n" ? "\\n" : "\\t"));
}
