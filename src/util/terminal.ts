// Makes untrusted text safe to print: terminal control characters (ESC and the ANSI sequences it starts,
// the other C0 controls, DEL and the C1 controls, which some terminals obey too) are shown escaped as
// \u001b, \u009b... instead of being sent to the operator's terminal, where a file name or a log line from a
// bundle could clear the screen, move the cursor or rewrite what was printed. Newline and tab stay. The
// \uXXXX form is also a valid escape inside a JSON string and a YAML double-quoted scalar, so the same pass
// can run over a report printed as JSON or YAML without breaking it.

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const hex = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** `text` with every control character but newline and tab written as a visible \uXXXX escape. */
export function escapeControls(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROLS, hex) : text;
}

/** escapeControls for one line: a newline or tab in a file name is escaped too. */
export function escapeLine(text: string): string {
  return escapeControls(text).replace(/[\n\t]/g, (c) => (c === "\n" ? "\\n" : "\\t"));
}
