// Turns a YAML-style quoted scalar ("text", 'text') into its text; anything else is returned trimmed.
// Guardrails and common issues are written as YAML-looking lists inside markdown, so their values may
// be quoted, with YAML's escapes.

import { parse } from "yaml";

export function unquote(raw: string): string {
  const text = raw.trim();
  if (!/^(["']).*\1$/s.test(text)) return text;
  try {
    const value: unknown = parse(text);
    if (typeof value === "string") return value;
  } catch {
    // Not valid YAML after all (an inner quote left unescaped): keep the text between the quotes.
  }
  return text.slice(1, -1);
}
