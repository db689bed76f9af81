// Removes secrets from what a capture (and a live collection) keeps: the loader's own masking (AWS key
// env values, last-applied-configuration), then the object through the one rule set of src/redact (env
// values named like credentials, credential fields and flags, and any secret inside any string).

import { redactDeep, redactText } from "../../redact/index.js";
import { redactSecrets as maskObject } from "../load/redact.js";
import type { K8sObject } from "../types.js";

/** A copy of a Kubernetes object safe to keep and print. */
export function scrubObject<T extends K8sObject>(object: T): T {
  return redactDeep(maskObject(object));
}

/** Log text with its secrets replaced; whole, so a secret on the line after its name is seen with its name. */
export function scrubLogText(text: string): string {
  return redactText(text);
}
