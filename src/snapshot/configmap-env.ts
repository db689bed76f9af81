// The ConfigMaps a pod's containers take AWS_* variables from, and what of them the diagnosis keeps. Shared by
// the live collector (which GETs exactly these, by name, in the pod's namespace) and the offline loader (which
// picks them out of k8s/), so both see the same thing. A ConfigMap is plain configuration to Kubernetes, but
// people put keys in them: only the keys that become AWS_* variables are kept, every value passes the one
// redaction choke point, and a credential's value is never kept at all (its presence is what the chain reads).

import { redactText } from "../redact/index.js";
import { type Evidence, absent, found, unavailable } from "./evidence.js";
import type { ConfigMapEnv, Container, K8sObject, Pod } from "./types.js";
import { compareText } from "../util/compare.js";

/** Variables whose value is a credential: kept as present (null), never as a value. */
const CREDENTIAL =
  /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN|CONTAINER_AUTHORIZATION_TOKEN)$|SECRET|PASSWORD|TOKEN$/;

interface EnvFromRef {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
}
interface KeyRef {
  configMapKeyRef?: { name?: string; key?: string; optional?: boolean };
}

/** How one container reaches a ConfigMap: whole by envFrom (with its prefix), or key by key. */
export interface ConfigMapUse {
  name: string;
  /** envFrom prefixes that may turn a key into an AWS_* variable ("" for none). */
  prefixes: string[];
  /** configMapKeyRef: key -> the AWS_* variables it sets. */
  keys: Map<string, string[]>;
  /** Every reference says optional: true (a missing ConfigMap is then no error). */
  optional: boolean;
}

/** Whether an envFrom prefix can make an AWS_* name: "" and "AWS_" can, "AW" can, "APP_" cannot. */
export const prefixReachesAws = (prefix: string): boolean => "AWS_".startsWith(prefix) || prefix.startsWith("AWS_");

/** The ConfigMaps one container takes AWS_* variables from, by name. */
function configMapUses(c: Container): Map<string, ConfigMapUse> {
  const out = new Map<string, ConfigMapUse>();
  const use = (name: string, optional: boolean): ConfigMapUse => {
    const u = out.get(name) ?? { name, prefixes: [], keys: new Map<string, string[]>(), optional: true };
    u.optional &&= optional;
    out.set(name, u);
    return u;
  };
  for (const from of (c.envFrom ?? []) as EnvFromRef[]) {
    const name = from.configMapRef?.name;
    const prefix = from.prefix ?? "";
    if (!name || !prefixReachesAws(prefix)) continue;
    const u = use(name, from.configMapRef?.optional === true);
    if (!u.prefixes.includes(prefix)) u.prefixes.push(prefix);
  }
  for (const e of c.env ?? []) {
    const ref = (e.valueFrom as KeyRef | undefined)?.configMapKeyRef;
    if (!ref?.name || !ref.key || !e.name.startsWith("AWS_")) continue;
    const u = use(ref.name, ref.optional === true);
    u.keys.set(ref.key, [...(u.keys.get(ref.key) ?? []), e.name]);
  }
  return out;
}

/** Every ConfigMap any container of the pod takes AWS_* variables from (init containers too), merged by name. */
export function podConfigMapUses(pod: Pod): Map<string, ConfigMapUse> {
  const out = new Map<string, ConfigMapUse>();
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const [name, u] of configMapUses(c)) {
      const had = out.get(name);
      if (!had) {
        out.set(name, { ...u, prefixes: [...u.prefixes], keys: new Map(u.keys) });
        continue;
      }
      had.optional &&= u.optional;
      for (const p of u.prefixes) if (!had.prefixes.includes(p)) had.prefixes.push(p);
      for (const [k, vars] of u.keys) had.keys.set(k, [...(had.keys.get(k) ?? []), ...vars]);
    }
  }
  return out;
}

/** The variables a key of the ConfigMap sets in the pod, by the uses given. */
function variablesOf(key: string, u: ConfigMapUse): string[] {
  const byPrefix = u.prefixes.map((p) => `${p}${key}`).filter((v) => v.startsWith("AWS_"));
  return [...byPrefix, ...(u.keys.get(key) ?? [])];
}

/** What is kept of a ConfigMap: its keys that set AWS_* variables, values redacted, credentials' withheld. */
function configMapEnvOf(cm: K8sObject, u: ConfigMapUse): ConfigMapEnv {
  const raw = cm["data"];
  const data: Record<string, string | null> = {};
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>).sort(([a], [b]) => compareText(a, b))) {
      const vars = variablesOf(key, u);
      if (vars.length === 0) continue;
      data[key] = typeof value !== "string" || vars.some((v) => CREDENTIAL.test(v)) ? null : redactText(value);
    }
  }
  return { namespace: cm.metadata.namespace ?? "", name: cm.metadata.name, data };
}

/** `kubectl get configmap NAME -n NS -o yaml`: what supplies a ConfigMap to a bundle. */
export const configMapCommand = (namespace: string, name: string): string => `kubectl get configmap ${name} -n ${namespace} -o yaml`;

/** How a ConfigMap's read went, as the live collector or the loader saw it. */
export type ConfigMapRead =
  | { status: "found"; object: K8sObject; source: string }
  | { status: "absent"; source: string }
  | { status: "unavailable"; reason: "not_collected" | "permission_denied" | "unreachable" | "error"; detail: string; permission?: string };

/**
 * The evidence of every ConfigMap the pod takes AWS_* variables from, keyed by name; undefined when it takes
 * none. `read` says how each one's read went.
 */
export function referencedConfigMaps(pod: Pod, read: (name: string) => ConfigMapRead): Record<string, Evidence<ConfigMapEnv>> | undefined {
  const uses = podConfigMapUses(pod);
  if (uses.size === 0) return undefined;
  const ns = pod.metadata.namespace ?? "";
  const out: Record<string, Evidence<ConfigMapEnv>> = {};
  for (const name of [...uses.keys()].sort(compareText)) {
    const u = uses.get(name) as ConfigMapUse;
    const r = read(name);
    if (r.status === "found") out[name] = found(configMapEnvOf(r.object, u), r.source);
    else if (r.status === "absent")
      out[name] = absent(r.source, `ConfigMap ${ns}/${name} does not exist${u.optional ? " (every reference to it is optional)" : ""}`);
    else out[name] = unavailable(r.reason, r.detail, r.permission ? { permission: r.permission } : {});
  }
  return out;
}

/** The ConfigMap `namespace/name` among objects read (live or from a bundle), if held. */
export const heldConfigMap = <T extends { value: K8sObject }>(objects: readonly T[], namespace: string, name: string): T | undefined =>
  objects.find((o) => o.value.kind === "ConfigMap" && o.value.metadata.name === name && o.value.metadata.namespace === namespace);

/** What a bundle says of the ConfigMaps of k8s/: the objects, what was listed, what kubectl was refused. */
interface BundleConfigMaps {
  objects: readonly { value: K8sObject; source: string }[];
  listedKinds: readonly string[];
  listedIn: readonly { kind: string; namespace: string }[];
  denied?: { permission: string; detail: string } | undefined;
}

/**
 * How a ConfigMap's read went in a bundle: held, proved absent (a ConfigMap list of its namespace or of all),
 * refused (k8s/configmaps*.error.txt), or not collected. A bundle holding some other ConfigMap of the namespace
 * proves nothing of this one: such files are usually picked by hand.
 */
export function bundleConfigMapRead(b: BundleConfigMaps, namespace: string, name: string): ConfigMapRead {
  const hit = heldConfigMap(b.objects, namespace, name);
  if (hit) return { status: "found", object: hit.value, source: hit.source };
  if (b.denied)
    return {
      status: "unavailable",
      reason: "permission_denied",
      detail: `ConfigMap ${namespace}/${name}: ${b.denied.detail}`,
      permission: b.denied.permission,
    };
  if (b.listedKinds.includes("ConfigMap") || b.listedIn.some((l) => l.kind === "ConfigMap" && l.namespace === namespace))
    return { status: "absent", source: "k8s/" };
  return {
    status: "unavailable",
    reason: "not_collected",
    detail: `ConfigMap ${namespace}/${name}: not collected — the bundle does not hold it`,
  };
}

/**
 * A ConfigMap as live collection keeps and a capture writes it: its metadata and only the keys that set AWS_*
 * variables in the pod, a credential's value masked. Loaded back, it gives what configMapEnvOf gives of the whole.
 */
export function reducedConfigMap(cm: K8sObject, u: ConfigMapUse): K8sObject {
  const env = configMapEnvOf(cm, u);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = cm.metadata;
  const metadata = Object.fromEntries(
    Object.entries({ name, namespace, uid, resourceVersion, creationTimestamp }).filter(([, v]) => v !== undefined),
  ) as K8sObject["metadata"];
  const data = Object.fromEntries(Object.entries(env.data).map(([k, v]) => [k, v ?? WITHHELD]));
  return { apiVersion: cm.apiVersion, kind: "ConfigMap", metadata, data };
}

/** The value written in place of a credential's. */
const WITHHELD = "<redacted>";
