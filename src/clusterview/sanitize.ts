// Makes an object safe to hand to a model: managedFields dropped (noise), the collectors' scrubbing
// (credential env values, last-applied-configuration, secret-looking annotations), then every string
// anywhere in the object passed through src/logs redactSecrets, so a token pasted into a label, a status
// message or an argument never leaves the server.

import { redactSecrets } from "../logs/index.js";
import { scrubObject } from "../snapshot/write/redact.js";
import type { K8sObject } from "../snapshot/types.js";

function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactDeep(v)]));
  }
  return value;
}

export function sanitizeObject<T extends K8sObject>(object: T): T {
  const { managedFields: _dropped, ...metadata } = object.metadata;
  return redactDeep(scrubObject({ ...object, metadata })) as T;
}
