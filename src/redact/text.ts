// Text redaction: every rule of ./rules.ts over a string, with a count of what was removed so an output can
// say "3 secrets redacted" without showing them. Idempotent: a redacted text redacts to itself. A rule runs
// when the text holds one of its hints and, if it has one, matches its gate (./gates.ts).

import { GATES } from "./gates.js";
import { RULES } from "./rules.js";

export interface Redacted {
  text: string;
  count: number;
}

export function redactTextCounted(text: string): Redacted {
  if (text.length < 8) return { text, count: 0 };
  let out = text;
  let count = 0;
  let lower: string | undefined;
  for (const rule of RULES) {
    if (rule.hints.length > 0) {
      lower ??= out.toLowerCase();
      if (!rule.hints.some((h) => lower!.includes(h))) continue;
    }
    const gate = GATES.get(rule.form);
    if (gate && !gate.test(out)) continue;
    const r = rule.apply(out);
    if (r.count > 0) {
      out = r.text;
      count += r.count;
      lower = undefined;
    }
  }
  return { text: out, count };
}

/** `text` with every recognised secret replaced by "[REDACTED]" (key names and labels kept). */
export function redactText(text: string): string {
  return redactTextCounted(text).text;
}
