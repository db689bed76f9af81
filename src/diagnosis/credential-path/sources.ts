// What credentials one container carries, and where each came from: a variable written in the pod spec or
// the workload's template, one read from a Secret or ConfigMap key, whole Secrets and ConfigMaps pulled in with
// envFrom (a Secret's key names an offline bundle may show, never the values, and live collection reads no
// Secret; a ConfigMap's AWS_* keys are read live and offline), and credential files mounted from volumes. The
// webhook leaves a variable alone when the spec already sets it, so "where it was set" decides the fix.
//
// Kubernetes builds the environment as the kubelet does: envFrom sources in order (a later one wins a key an
// earlier one set), each key under its prefix, then env, which wins over all of them.

import type { Evidence } from "../../snapshot/evidence.js";
import type { ConfigMapEnv, Container, GenericObject, Pod, SecretKeys, Volume } from "../../snapshot/types.js";
import { configMapCommand, prefixReachesAws } from "../../snapshot/configmap-env.js";
import type { ProviderKind } from "./chains.js";
import { isUnder } from "./mounts.js";

export interface EnvSource {
  name: string;
  /** The literal value; null when it comes from a reference (never a secret value: those are not in the bundle). */
  value: string | null;
  /** "pod spec", "the pod template of Deployment x", "Secret x key y", "injected at admission, not in the template". */
  origin: string;
}

interface FileSource {
  mountPath: string;
  volume: string;
  /** "Secret aws-creds", "ConfigMap x", "hostPath /root/.aws", "emptyDir". */
  from: string;
}

export interface ContainerSources {
  name: string;
  init: boolean;
  image: string | null;
  env: Map<string, EnvSource>;
  /** envFrom Secrets and ConfigMaps whose keys are not known: they may define AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
  envFrom: string[];
  /** For each envFrom Secret or ConfigMap whose keys are not known: why, and what reads them. */
  unread: string[];
  files: FileSource[];
  /** Provider kinds the settings certainly configure. */
  available: Set<ProviderKind>;
  /** Provider kinds that may be configured (envFrom with unknown keys, AWS_PROFILE without a visible file). */
  possible: Set<ProviderKind>;
}

interface ValueFrom {
  secretKeyRef?: { name?: string; key?: string };
  configMapKeyRef?: { name?: string; key?: string; optional?: boolean };
  fieldRef?: { fieldPath?: string };
}

interface EnvFromSource {
  prefix?: string;
  secretRef?: { name?: string };
  configMapRef?: { name?: string; optional?: boolean };
}

type ConfigMaps = Record<string, Evidence<ConfigMapEnv>> | undefined;

/** Why a ConfigMap's keys are not known, and what would read them; null when they are (or it adds nothing). */
function configMapUnread(cms: ConfigMaps, namespace: string, name: string, optional: boolean): string | null {
  const e = cms?.[name];
  if (e?.status === "found") return null;
  if (e?.status === "absent") {
    if (optional) return null;
    return `ConfigMap ${name} does not exist now (the API answered 404 NotFound): the container took its keys when it started, and they can no longer be read`;
  }
  if (e?.status === "unavailable") {
    const how =
      e.reason === "permission_denied"
        ? `grant ${e.permission ?? "get configmaps"} in namespace ${namespace}`
        : `add the output of \`${configMapCommand(namespace, name)}\``;
    return `the keys of ConfigMap ${name} were not read (${e.detail}); ${how}`;
  }
  return `the keys of ConfigMap ${name} were not read; add the output of \`${configMapCommand(namespace, name)}\``;
}

function configMapValue(cms: ConfigMaps, name: string, key: string): { known: boolean; present: boolean; value: string | null } {
  const e = cms?.[name];
  if (e?.status !== "found") return { known: false, present: true, value: null };
  const present = key in e.value.data;
  return { known: true, present, value: present ? (e.value.data[key] ?? null) : null };
}

const CREDENTIAL_DIR = /(^|\/)\.aws(\/|$)/;

function templateContainer(owners: readonly GenericObject[], name: string, init: boolean): { owner: string; c: Container } | null {
  for (const o of owners) {
    const spec = (o["spec"] as { template?: { spec?: Pod["spec"] } } | undefined)?.template?.spec;
    const list = init ? spec?.initContainers : spec?.containers;
    const c = list?.find((x) => x.name === name);
    if (c) return { owner: `${o.kind} ${o.metadata.name}`, c };
  }
  return null;
}

function refOrigin(v: ValueFrom | undefined): string | null {
  if (!v) return null;
  if (v.secretKeyRef) return `Secret ${v.secretKeyRef.name ?? "?"} key ${v.secretKeyRef.key ?? "?"}`;
  if (v.configMapKeyRef) return `ConfigMap ${v.configMapKeyRef.name ?? "?"} key ${v.configMapKeyRef.key ?? "?"}`;
  if (v.fieldRef) return `field ${v.fieldRef.fieldPath ?? "?"}`;
  return "a valueFrom reference";
}

function volumeFrom(v: Volume | undefined): string {
  if (!v) return "an undefined volume";
  const x = v as Record<string, { secretName?: string; name?: string; path?: string } | undefined>;
  if (x["secret"]) return `Secret ${x["secret"].secretName ?? "?"}`;
  if (x["configMap"]) return `ConfigMap ${x["configMap"].name ?? "?"}`;
  if (x["hostPath"]) return `hostPath ${x["hostPath"].path ?? "?"}`;
  if (x["emptyDir"]) return "emptyDir";
  if (v.projected) return "projected volume";
  return "volume";
}

export function containerSources(
  pod: Pod,
  c: Container,
  init: boolean,
  owners: readonly GenericObject[],
  secretKeys: Evidence<SecretKeys[]> | undefined,
  configMaps?: Record<string, Evidence<ConfigMapEnv>>,
): ContainerSources {
  const template = templateContainer(owners, c.name, init);
  const namespace = pod.metadata.namespace ?? "<namespace>";
  const env = new Map<string, EnvSource>();
  const envFrom: string[] = [];
  const unread: string[] = [];
  // envFrom first, in order: a later source's key replaces an earlier one's; env below replaces them all.
  for (const from of (c.envFrom ?? []) as EnvFromSource[]) {
    const prefix = from.prefix ?? "";
    if (!prefixReachesAws(prefix)) continue;
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? "?";
      const e = configMaps?.[name];
      if (e?.status === "found") {
        for (const [key, value] of Object.entries(e.value.data)) {
          const variable = `${prefix}${key}`;
          if (variable.startsWith("AWS_"))
            env.set(variable, { name: variable, value, origin: `ConfigMap ${name} key ${key}, by envFrom (${e.source})` });
        }
      } else {
        const why = configMapUnread(configMaps, namespace, name, from.configMapRef.optional === true);
        if (why !== null) {
          envFrom.push(`ConfigMap ${name}`);
          unread.push(why);
        }
      }
    }
    if (!from.secretRef) continue;
    const name = from.secretRef.name ?? "?";
    const known = secretKeys?.status === "found" ? secretKeys.value.find((k) => k.name === name) : undefined;
    if (known?.keys) {
      for (const key of known.keys) {
        const variable = `${prefix}${key}`;
        if (variable.startsWith("AWS_"))
          env.set(variable, {
            name: variable,
            value: null,
            origin: `Secret ${name} key ${key}, by envFrom (${known.source ?? "key names only"})`,
          });
      }
      continue;
    }
    envFrom.push(`Secret ${name}`);
    const command = `kubectl get secret ${name} -n ${pod.metadata.namespace ?? "<namespace>"} -o go-template='{{range $k, $v := .data}}{{$k}}{{"\\n"}}{{end}}'`;
    unread.push(
      secretKeys === undefined
        ? `the keys of Secret ${name} were not read (irsa-doctor never reads Secrets when it collects live, by design); list its key names, without values, with: ${command}`
        : `Secret ${name} is not in the bundle; add its key names (no values) with: ${command}`,
    );
  }
  for (const e of c.env ?? []) {
    const v = e.valueFrom as ValueFrom | undefined;
    const ref = refOrigin(v);
    let origin = ref ?? "pod spec";
    if (!ref && template) {
      const inTemplate = (template.c.env ?? []).some((t) => t.name === e.name);
      origin = inTemplate ? `the pod template of ${template.owner}` : "injected at admission, not in the pod template";
    }
    let value = e.value ?? null;
    const keyRef = v?.configMapKeyRef;
    if (keyRef?.name && keyRef.key && e.name.startsWith("AWS_")) {
      const read = configMapValue(configMaps, keyRef.name, keyRef.key);
      // A key the ConfigMap lacks sets nothing: optional, the variable is skipped (an envFrom value stays); required,
      // the container could not have started with the ConfigMap as it is now.
      if (read.known && !read.present) continue;
      if (read.known) origin = `ConfigMap ${keyRef.name} key ${keyRef.key} (${configMaps?.[keyRef.name]?.source ?? "read"})`;
      value = read.value;
    }
    env.set(e.name, { name: e.name, value, origin });
  }
  const fileVars = ["AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"].map((n) => env.get(n)?.value).filter((v): v is string => !!v);
  const files = (c.volumeMounts ?? [])
    .filter((m) => CREDENTIAL_DIR.test(m.mountPath) || fileVars.some((f) => isUnder(f, m.mountPath)))
    .map((m) => ({ mountPath: m.mountPath, volume: m.name, from: volumeFrom((pod.spec.volumes ?? []).find((v) => v.name === m.name)) }));

  const available = new Set<ProviderKind>();
  const possible = new Set<ProviderKind>();
  if (env.has("AWS_ACCESS_KEY_ID") && env.has("AWS_SECRET_ACCESS_KEY")) available.add("env_static");
  else if (envFrom.length > 0) possible.add("env_static");
  if (env.has("AWS_ROLE_ARN") && env.has("AWS_WEB_IDENTITY_TOKEN_FILE")) available.add("web_identity");
  if (env.has("AWS_CONTAINER_CREDENTIALS_FULL_URI") || env.has("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) available.add("container");
  if (files.length > 0) available.add("profile");
  else if (env.has("AWS_PROFILE")) possible.add("profile");
  return {
    name: c.name,
    init,
    image: typeof c.image === "string" ? c.image : null,
    env,
    envFrom,
    unread,
    files,
    available,
    possible,
  };
}

/** "AWS_ACCESS_KEY_ID (Secret app-aws key access-key)": a variable and where it was set. */
export function envLine(s: EnvSource): string {
  return `${s.name}${s.value !== null && !/SECRET|TOKEN$|SESSION_TOKEN|ACCESS_KEY_ID/.test(s.name) ? `=${s.value}` : ""} (${s.origin})`;
}
