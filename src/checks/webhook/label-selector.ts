// Matches a Kubernetes LabelSelector object (matchLabels + matchExpressions), as a webhook's objectSelector
// and namespaceSelector are written, against an object's labels. The apiserver's semantics: an empty or
// absent selector matches everything; NotIn and DoesNotExist match objects without the label.

import { compareText } from "../../util/compare.js";

export interface SelectorVerdict {
  matches: boolean;
  /** When it does not match: the first requirement that fails, written as the selector states it. */
  failed: string | null;
}

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

function requirements(selector: unknown): Requirement[] | null {
  if (selector === undefined || selector === null) return [];
  if (typeof selector !== "object" || Array.isArray(selector)) return null;
  const sel = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  const out: Requirement[] = [];
  if (sel.matchLabels !== undefined && sel.matchLabels !== null) {
    if (typeof sel.matchLabels !== "object") return null;
    for (const [key, value] of Object.entries(sel.matchLabels as Record<string, unknown>).sort(([a], [b]) => compareText(a, b))) {
      out.push({ key, operator: "In", values: [String(value)] });
    }
  }
  if (sel.matchExpressions !== undefined && sel.matchExpressions !== null) {
    if (!Array.isArray(sel.matchExpressions)) return null;
    for (const e of sel.matchExpressions as unknown[]) {
      const expr = e as { key?: unknown; operator?: unknown; values?: unknown };
      if (typeof expr?.key !== "string" || typeof expr.operator !== "string") return null;
      const values = Array.isArray(expr.values) ? expr.values.map(String) : [];
      out.push({ key: expr.key, operator: expr.operator, values });
    }
  }
  return out;
}

function holds(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case "In":
      return has && value !== undefined && r.values.includes(value);
    case "NotIn":
      return !has || value === undefined || !r.values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      // An operator the apiserver would have refused: treat as not matching, so the caller says so.
      return false;
  }
}

function describe(r: Requirement): string {
  if (r.operator === "Exists" || r.operator === "DoesNotExist") return `${r.key} ${r.operator}`;
  return `${r.key} ${r.operator} (${r.values.join(", ")})`;
}

/** null when the selector itself cannot be read. */
export function matchSelector(selector: unknown, labels: Record<string, string>): SelectorVerdict | null {
  const reqs = requirements(selector);
  if (reqs === null) return null;
  const failing = reqs.find((r) => !holds(r, labels));
  return failing ? { matches: false, failed: describe(failing) } : { matches: true, failed: null };
}
