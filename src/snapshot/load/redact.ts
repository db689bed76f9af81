// Masks credentials a kept object may carry literally: env values of pods and pod templates (static
// AWS keys shadow IRSA and Pod Identity, a real cause, so the variable's presence is kept, its value
// never is), the same variables' values in a ConfigMap (envFrom pulls its keys in as variables; its binary data
// is no variable and is dropped, as is a value too long to be an AWS setting), and the last-applied-configuration annotation, which repeats the whole spec verbatim.

import type { Container, K8sObject } from "../types.js";

const SECRET_ENV = new Set([
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
]);
const REDACTED = "<redacted>";
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

type Loose = Record<string, unknown>;

function redactContainers(containers: unknown): unknown {
  if (!Array.isArray(containers)) return containers;
  return containers.map((c: Container) =>
    Array.isArray(c?.env)
      ? { ...c, env: c.env.map((v) => (SECRET_ENV.has(v.name) && v.value !== undefined ? { ...v, value: REDACTED } : v)) }
      : c,
  );
}

function redactPodSpec(spec: Loose): Loose {
  const out: Loose = { ...spec, containers: redactContainers(spec.containers) };
  if (spec.initContainers) out.initContainers = redactContainers(spec.initContainers);
  if (spec.ephemeralContainers) out.ephemeralContainers = redactContainers(spec.ephemeralContainers);
  return out;
}

const isLoose = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);

/** A key that is, or with an envFrom prefix becomes, a credential variable (ACCESS_KEY_ID under prefix AWS_). */
const CREDENTIAL_KEY = /(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN|AUTHORIZATION_TOKEN)$|SECRET|PASSWORD/i;

/** Credential keys' values masked (whatever prefix envFrom adds, the key still ends in the credential's name), binaryData dropped. */
function redactConfigMap<T extends K8sObject>(object: T): T {
  const { binaryData: _binary, ...rest } = object as T & { binaryData?: unknown };
  const data = rest["data"];
  if (!isLoose(data)) return rest as T;
  // A value past 4 KiB is no AWS setting (an ARN, a URL, a path, a region): a config file held whole is not kept.
  const masked = Object.fromEntries(
    Object.entries(data)
      .filter(([, v]) => typeof v !== "string" || v.length <= 4096)
      .map(([k, v]) => [k, CREDENTIAL_KEY.test(k) ? REDACTED : v]),
  );
  return { ...rest, data: masked } as unknown as T;
}

/** A copy of the object with secret env values masked and last-applied-configuration removed. */
export function redactSecrets<T extends K8sObject>(object: T): T {
  let out: T = object;
  const annotations = object.metadata.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _dropped, ...rest } = annotations;
    out = { ...out, metadata: { ...out.metadata, annotations: rest } };
  }
  if (out.kind === "ConfigMap") return redactConfigMap(out);
  const spec = out.spec;
  if (!isLoose(spec)) return out;
  if (out.kind === "Pod") return { ...out, spec: redactPodSpec(spec) };
  const template = spec.template;
  if (isLoose(template) && isLoose(template.spec)) {
    return { ...out, spec: { ...spec, template: { ...template, spec: redactPodSpec(template.spec) } } };
  }
  return out;
}
