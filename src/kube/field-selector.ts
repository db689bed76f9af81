// Kubernetes field selectors (`fieldSelector=`): `a=b`, `a==b`, `a!=b`, comma-separated, with `\` escapes.
// Only the fields the apiserver supports for a resource are accepted; others are a 400, as live.

import { SelectorError } from "./label-selector.js";
import type { ResourceDef } from "./resources.js";

export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

/** Splits on `sep` where it is not escaped with a backslash. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\\" && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i++;
    } else if (ch === sep) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, "$1");

function parseTerm(term: string): FieldRequirement {
  for (const op of ["!=", "==", "="]) {
    const at = term.indexOf(op);
    if (at > 0) {
      return { field: term.slice(0, at).trim(), negate: op === "!=", value: unescape(term.slice(at + op.length)) };
    }
  }
  throw new SelectorError(`invalid selector: '${term}'; can't understand '${term}'`);
}

export function parseFieldSelector(selector: string, resource: ResourceDef): FieldRequirement[] {
  if (selector.trim() === "") return [];
  const requirements = splitUnescaped(selector, ",").map((t) => parseTerm(t.trim()));
  for (const r of requirements) {
    if (resource.fields[r.field] === undefined) {
      throw new SelectorError(`field label not supported: ${r.field}`);
    }
  }
  return requirements;
}

export function matchesFields(requirements: FieldRequirement[], resource: ResourceDef, obj: Record<string, unknown>): boolean {
  return requirements.every((r) => {
    const read = resource.fields[r.field];
    const actual = read === undefined ? "" : read(obj);
    return r.negate ? actual !== r.value : actual === r.value;
  });
}
