// Removes secrets from what a capture (and a live collection) keeps: the loader's own masking (AWS key
// env values, last-applied-configuration), then any env value or annotation that looks like a credential
// (JWTs such as service-account tokens, access keys, session tokens, passwords) and the same in log text.

import { redactSecrets as redactText } from "../../logs/index.js";
import { redactSecrets as maskObject } from "../load/redact.js";
import type { K8sObject } from "../types.js";

type Loose = Record<string, unknown>;
const isLoose = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);

function scrubContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((c: unknown) => {
    if (!isLoose(c) || !Array.isArray(c["env"])) return c;
    const env = (c["env"] as unknown[]).map((e) => (isLoose(e) && typeof e["value"] === "string" ? { ...e, value: redactText(e["value"]) } : e));
    return { ...c, env };
  });
}

function scrubPodSpec(spec: Loose): Loose {
  const out: Loose = { ...spec };
  for (const key of ["containers", "initContainers", "ephemeralContainers"]) if (key in spec) out[key] = scrubContainers(spec[key]);
  return out;
}

/** A copy of a Kubernetes object safe to keep and print. */
export function scrubObject<T extends K8sObject>(object: T): T {
  const masked = maskObject(object);
  const annotations = masked.metadata.annotations;
  let out: T = annotations
    ? { ...masked, metadata: { ...masked.metadata, annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, redactText(v)])) } }
    : masked;
  const spec = out["spec"];
  if (!isLoose(spec)) return out;
  if (out.kind === "Pod") out = { ...out, spec: scrubPodSpec(spec) };
  else if (isLoose(spec["template"]) && isLoose((spec["template"] as Loose)["spec"])) {
    const template = spec["template"] as Loose;
    out = { ...out, spec: { ...spec, template: { ...template, spec: scrubPodSpec(template["spec"] as Loose) } } };
  }
  return out;
}

/** Log text with every line's secrets replaced. */
export function scrubLogText(text: string): string {
  return text.split("\n").map(redactText).join("\n");
}
