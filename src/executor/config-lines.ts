// The snapshot's configuration as searchable lines: the service account's eks.amazonaws.com annotations, the
// pod's identity environment, projected tokens and mounts, the webhook, the agent, events, associations, the
// cluster's issuer and the IAM providers and roles. The runbook's `search` steps look for configuration
// ("AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE", "audience|sts.amazonaws.com") that lives here rather than in
// logs. Only names and non-secret values: credential variables show their name alone.

import { redactSecrets } from "../logs/index.js";
import type { Evidence } from "../snapshot/evidence.js";
import type { Container, Pod, Snapshot } from "../snapshot/types.js";
import { compareText } from "../util/compare.js";

export interface ConfigLine {
  source: string;
  text: string;
}

/** Environment variables whose values say how credentials are obtained and are never secrets. */
const SHOWN_VALUES = new Set([
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_SESSION_NAME",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_STS_REGIONAL_ENDPOINTS",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_SDK_LOAD_CONFIG",
  "NO_PROXY",
]);
const IDENTITY_ENV = /^(AWS_|EKS_|HTTPS?_PROXY$|NO_PROXY$)/i;

const sourceOf = (e: Evidence<unknown>, fallback: string): string => (e.status === "unavailable" ? (e.source ?? fallback) : e.source);

function envValue(name: string, value: string | undefined, valueFrom: unknown): string {
  if (valueFrom !== undefined && value === undefined) return `${name} (from valueFrom)`;
  const upper = name.toUpperCase();
  if (SHOWN_VALUES.has(upper)) return `${name}=${value ?? ""}`;
  // A proxy URL may carry a user and password: keep the host, never the credentials.
  if (/PROXY$/.test(upper)) return `${name}=${redactSecrets((value ?? "").replace(/\/\/[^@/]*@/, "//[REDACTED]@"))}`;
  return `${name} (value not shown)`;
}

function containerLines(pod: Pod, c: Container, kind: string, source: string): ConfigLine[] {
  const at = `pod/${pod.metadata.namespace ?? ""}/${pod.metadata.name} ${kind} ${c.name}`;
  const lines: ConfigLine[] = [];
  for (const e of c.env ?? [])
    if (IDENTITY_ENV.test(e.name)) lines.push({ source, text: `${at} env ${envValue(e.name, e.value, e.valueFrom)}` });
  for (const m of c.volumeMounts ?? []) lines.push({ source, text: `${at} volumeMount ${m.name} at ${m.mountPath}` });
  return lines;
}

function podLines(pod: Pod, source: string): ConfigLine[] {
  const id = `pod/${pod.metadata.namespace ?? ""}/${pod.metadata.name}`;
  const lines: ConfigLine[] = [{ source, text: `${id} serviceAccountName=${pod.spec.serviceAccountName ?? "default"}` }];
  for (const [k, v] of Object.entries(pod.metadata.annotations ?? {})) {
    if (k.startsWith("eks.amazonaws.com/")) lines.push({ source, text: `${id} annotation ${k}=${v}` });
  }
  for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
    if (k.startsWith("eks.amazonaws.com/")) lines.push({ source, text: `${id} label ${k}=${v}` });
  }
  for (const v of pod.spec.volumes ?? []) {
    for (const s of v.projected?.sources ?? []) {
      const t = s.serviceAccountToken;
      if (t)
        lines.push({
          source,
          text: `${id} volume ${v.name} projected service-account token audience=${t.audience ?? "(API server)"} expirationSeconds=${t.expirationSeconds ?? "(default)"} path=${t.path}`,
        });
    }
  }
  for (const c of pod.spec.initContainers ?? []) lines.push(...containerLines(pod, c, "initContainer", source));
  for (const c of pod.spec.containers) lines.push(...containerLines(pod, c, "container", source));
  return lines;
}

function kubernetesLines(s: Snapshot): ConfigLine[] {
  const lines: ConfigLine[] = [];
  const k = s.k8s;
  if (k.serviceAccount.status === "found") {
    const sa = k.serviceAccount.value;
    const id = `serviceaccount/${sa.metadata.namespace ?? s.target.namespace}/${sa.metadata.name}`;
    const annotations = Object.entries(sa.metadata.annotations ?? {}).filter(([key]) => key.startsWith("eks.amazonaws.com/"));
    if (annotations.length === 0) lines.push({ source: k.serviceAccount.source, text: `${id} has no eks.amazonaws.com annotation` });
    for (const [key, v] of annotations) lines.push({ source: k.serviceAccount.source, text: `${id} annotation ${key}=${v}` });
  }
  if (k.pods.status === "found") for (const pod of k.pods.value) lines.push(...podLines(pod, k.pods.source));
  if (k.mutatingWebhooks.status === "found") {
    for (const config of k.mutatingWebhooks.value) {
      for (const w of config.webhooks ?? []) {
        const svc = w.clientConfig?.service;
        lines.push({
          source: k.mutatingWebhooks.source,
          text: `MutatingWebhookConfiguration ${config.metadata.name} webhook ${w.name}${svc ? ` service ${svc.namespace}/${svc.name}` : ""}`,
        });
      }
    }
  }
  if (k.podIdentityAgent.status === "found") {
    const st = k.podIdentityAgent.value.status ?? {};
    lines.push({
      source: k.podIdentityAgent.source,
      text: `daemonset/kube-system/eks-pod-identity-agent ready ${st.numberReady ?? 0}/${st.desiredNumberScheduled ?? 0}`,
    });
    for (const c of k.podIdentityAgent.value.spec?.template?.spec?.containers ?? []) {
      for (const e of c.env ?? [])
        if (IDENTITY_ENV.test(e.name))
          lines.push({
            source: k.podIdentityAgent.source,
            text: `daemonset/kube-system/eks-pod-identity-agent container ${c.name} env ${envValue(e.name, e.value, e.valueFrom)}`,
          });
    }
  }
  if (k.events.status === "found") {
    for (const e of k.events.value) {
      const about = `${e.involvedObject.kind ?? "?"}/${e.involvedObject.name ?? "?"}`;
      lines.push({
        source: k.events.source,
        text: `event ${e.type ?? "Normal"} ${e.reason ?? ""} on ${about}: ${redactSecrets(e.message ?? "")}`,
      });
    }
  }
  return lines;
}

function awsLines(s: Snapshot): ConfigLine[] {
  const lines: ConfigLine[] = [];
  const a = s.aws;
  if (a.cluster.status === "found") {
    lines.push({
      source: a.cluster.source,
      text: `eks cluster ${a.cluster.value.name} oidc issuer ${a.cluster.value.identity?.oidc?.issuer ?? "(none)"}`,
    });
  }
  if (a.podIdentityAssociations.status === "found") {
    for (const p of a.podIdentityAssociations.value) {
      lines.push({
        source: a.podIdentityAssociations.source,
        text: `pod identity association ${p.associationId} ${p.namespace}/${p.serviceAccount} role ${p.roleArn ?? "(not described)"}`,
      });
    }
  }
  for (const [arn, e] of Object.entries(a.oidcProviders).sort(([x], [y]) => compareText(x, y))) {
    if (e.status !== "found") continue;
    lines.push({
      source: sourceOf(e, arn),
      text: `iam oidc provider ${arn} audiences ${e.value.ClientIDList.join(",") || "(none)"} thumbprints ${e.value.ThumbprintList.join(",") || "(none)"}`,
    });
  }
  for (const [name, e] of Object.entries(a.roles).sort(([x], [y]) => compareText(x, y))) {
    if (e.status !== "found") continue;
    lines.push({ source: e.source, text: `iam role ${name} trust policy ${JSON.stringify(e.value.AssumeRolePolicyDocument)}` });
  }
  return lines;
}

export function configurationLines(snapshot: Snapshot): ConfigLine[] {
  return [...kubernetesLines(snapshot), ...awsLines(snapshot)];
}
