// Makes an object safe to hand to a model: managedFields dropped (noise), the collectors' scrubbing
// (credential env values, last-applied-configuration, secret-looking annotations), then the object through
// src/redact, so a token pasted into a label, a status message or an argument never leaves the server.

import { redactDeep } from "../redact/index.js";
import { scrubObject } from "../snapshot/write/redact.js";
import type { K8sObject } from "../snapshot/types.js";

export function sanitizeObject<T extends K8sObject>(object: T): T {
  const { managedFields: _dropped, ...metadata } = object.metadata;
  return redactDeep(scrubObject({ ...object, metadata })) as T;
}
