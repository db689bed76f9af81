// Removes secrets from what a capture (and a live collection) keeps: the loader's own masking (AWS key
// env values, last-applied-configuration), then any env value or annotation that looks like a credential
// (JWTs such as service-account tokens, access keys, session tokens, passwords) and the same in log text.

import { redactSecrets as redactText } from "../../logs/index.js";
import { REDACTED, redactSecrets as maskObject } from "../load/redact.js";
import type { K8sObject } from "../types.js";

type Loose = Record<string, unknown>;
const isLoose = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);

/** Names whose value is a credential; but not the *_FILE, *_URI... ones the diagnosis reads (token paths, endpoints). */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|(^|_)KEY($|_)|AUTH/i;
const NOT_A_SECRET = /(_FILE|_PATH|_DIR|_URI|_URL|_ARN|_NAME|_REGION|_ENDPOINTS?|_MODE)$/i;
/** A bare 40-character secret access key (letters, digits, '/' or '+', both cases). */
const BARE_SECRET_KEY = /(^|[^A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** user:password@ in a URL (proxy settings). */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s/]+@/gi;

/** An env value safe to keep: a credential's value is dropped (its name stays), credentials inside text masked. */
export function scrubEnvValue(name: string, value: string): string {
  if (SECRET_NAME.test(name) && !NOT_A_SECRET.test(name)) return value === "" ? value : REDACTED;
  return redactText(value).replace(BARE_SECRET_KEY, `$1${REDACTED}`).replace(URL_USERINFO, `$1${REDACTED}@`);
}

function scrubContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((c: unknown) => {
    if (!isLoose(c) || !Array.isArray(c["env"])) return c;
    const env = (c["env"] as unknown[]).map((e) =>
      isLoose(e) && typeof e["value"] === "string" && typeof e["name"] === "string" ? { ...e, value: scrubEnvValue(e["name"], e["value"]) } : e,
    );
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
