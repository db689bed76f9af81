// Says where a bundle file fails to parse without quoting it. V8's JSON.parse messages copy the start of the
// text ("Unexpected token 'r', "root:*:19…" is not valid JSON"), and the yaml library's show the offending
// lines: for a file that is a link to /etc/shadow, or a file full of credentials, that would put its content
// into a warning (and, over MCP, into the model's context). Position and kind only.

import type { YAMLError } from "yaml";

/** "at line 3, column 7": where JSON.parse stopped, found again by a small validator. */
export function describeJsonError(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return "not valid JSON";
  if (offset >= text.length) return `not valid JSON: it ends early at line ${lineColumn(text, text.length).line} (truncated?)`;
  const { line, column } = lineColumn(text, offset);
  return `not valid JSON at line ${line}, column ${column}`;
}

/** "at line 4, column 3 (bad indent)": the yaml library's error code and position, not its message. */
export function describeYamlError(error: YAMLError): string {
  const what = error.code.toLowerCase().replace(/_/g, " ");
  const pos = error.linePos?.[0];
  return pos ? `at line ${pos.line}, column ${pos.col} (${what})` : `(${what})`;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

class Fail extends Error {}
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** The offset of the first JSON syntax error in `s` (its length when it ends early), or -1 when it is valid. */
function jsonErrorOffset(s: string): number {
  let i = 0;
  const fail = (): never => {
    throw new Fail();
  };
  const ws = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) i++;
  };
  const literal = (word: string) => (s.startsWith(word, i) ? void (i += word.length) : fail());
  const string = () => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      if (c !== 92) {
        i++;
        continue;
      }
      i++;
      if (s[i] === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail();
        i += 5;
      } else if (i < s.length && ESCAPES.has(s[i]!)) i++;
      else fail();
    }
    fail();
  };
  const value = (depth: number): void => {
    ws();
    if (depth > 10_000) fail();
    const c = s[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ":") fail();
          i++;
        }
        value(depth + 1);
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === close) return void i++;
        fail();
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) i = NUMBER.lastIndex;
    else fail();
  };
  try {
    value(0);
    ws();
    if (i < s.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof Fail) return i;
    throw error;
  }
}
