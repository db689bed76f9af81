// The request context as IAM reads it: condition key names compare case-insensitively, values do not,
// and a key with no value is the same as an absent key.

import type { ContextValue } from "./types.js";
import { conditionKeyIssuer } from "./issuer.js";

export interface ContextIndex {
  /** The values of a key, or null when the request does not carry it. */
  get(key: string): string[] | null;
  /** The OIDC issuers (host/path as written) the request carries keys for, sorted. */
  issuers: string[];
}

export function indexContext(context: Record<string, ContextValue>): ContextIndex {
  const byKey = new Map<string, string[]>();
  // Sorted so that, should two keys differ only in case, the choice does not depend on insertion order.
  for (const key of Object.keys(context).sort()) {
    const raw = context[key];
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const lower = key.toLowerCase();
    if (values.length > 0 && !byKey.has(lower)) byKey.set(lower, values);
  }
  const issuers = new Map<string, string>();
  for (const key of Object.keys(context).sort()) {
    const issuer = conditionKeyIssuer(key);
    if (issuer !== null && byKey.has(key.toLowerCase()) && !issuers.has(issuer.toLowerCase())) {
      issuers.set(issuer.toLowerCase(), issuer);
    }
  }
  return {
    get: (key) => byKey.get(key.toLowerCase()) ?? null,
    issuers: [...issuers.values()].sort(),
  };
}
