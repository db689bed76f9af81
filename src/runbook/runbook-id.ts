// Runbook ids: the code that starts the title plus a slug of the rest, so that two runbooks sharing a
// code ("A2 — Node Not Ready", "A2 — DNS Resolution") still get distinct ids.

import { slugify } from "./markdown-text.js";

// A code is letters then digits ("H2", "A2", "IMDS1", "N3b"), then a separator and the name.
const CODE_TITLE = /^([A-Za-z]{1,8}\d+[A-Za-z0-9.]*)\s*(?:—|–|-|:)\s*(.+)$/;

export function runbookIdentity(title: string): { id: string; code: string | null } {
  const match = CODE_TITLE.exec(title.trim());
  if (!match) return { id: slugify(title), code: null };
  const code = match[1] ?? "";
  return { id: [slugify(code), slugify(match[2] ?? "")].filter((part) => part !== "").join("-"), code };
}
