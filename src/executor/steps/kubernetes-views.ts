// Compact views of the Kubernetes objects the runbook's triage steps read: what a person checks in
// `kubectl get` / `describe` output (state, restarts, service account, projected tokens, annotations),
// never the whole object and never a secret (env values other than the identity ones are not shown).

import { redactSecrets } from "../../logs/index.js";
import type { ContainerStatus, K8sEvent, Pod, ServiceAccount } from "../../snapshot/types.js";

const CREDENTIAL_WORDS = /credential|token|iam|role|webhook|sts|oidc|accessdenied|assume|identity|forbidden/i;
const SHOWN_ENV = /^(AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE|AWS_CONTAINER_CREDENTIALS_FULL_URI|AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE|AWS_REGION|AWS_DEFAULT_REGION|AWS_STS_REGIONAL_ENDPOINTS|AWS_ROLE_SESSION_NAME)$/;

function stateOf(state: ContainerStatus["state"] | undefined): string {
  if (!state) return "unknown";
  if (state.waiting) return state.waiting.reason ?? "Waiting";
  if (state.terminated) return state.terminated.reason ?? `Terminated (exit ${state.terminated.exitCode ?? "?"})`;
  return state.running ? "Running" : "unknown";
}

/** CrashLoopBackOff, Error, not ready...: why the pod is not serving, or null when it is. */
export function podTrouble(pod: Pod): string | null {
  const statuses = pod.status?.containerStatuses ?? [];
  for (const s of statuses) {
    const state = stateOf(s.state);
    if (state !== "Running") return `${s.name}: ${state}`;
  }
  if (pod.status?.phase && pod.status.phase !== "Running" && pod.status.phase !== "Succeeded") return `phase ${pod.status.phase}`;
  const notReady = statuses.filter((s) => s.ready === false);
  return notReady.length > 0 ? `${notReady.map((s) => s.name).join(", ")} not ready` : null;
}

export function podLine(pod: Pod) {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata.name,
    phase: pod.status?.phase ?? null,
    ready: `${statuses.filter((s) => s.ready).length}/${pod.spec.containers.length}`,
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    trouble: podTrouble(pod),
    service_account: pod.spec.serviceAccountName ?? "default",
    node: pod.spec.nodeName ?? null,
    created: pod.metadata.creationTimestamp ?? null,
  };
}

export function podDetail(pod: Pod) {
  const statusOf = (name: string) => (pod.status?.containerStatuses ?? []).find((s) => s.name === name);
  const tokens = (pod.spec.volumes ?? []).flatMap((v) =>
    (v.projected?.sources ?? []).flatMap((s) =>
      s.serviceAccountToken
        ? [{ volume: v.name, audience: s.serviceAccountToken.audience ?? null, expiration_seconds: s.serviceAccountToken.expirationSeconds ?? null, path: s.serviceAccountToken.path }]
        : [],
    ),
  );
  return {
    ...podLine(pod),
    namespace: pod.metadata.namespace ?? null,
    automount_service_account_token: pod.spec.automountServiceAccountToken ?? null,
    identity_annotations: Object.fromEntries(Object.entries(pod.metadata.annotations ?? {}).filter(([k]) => k.startsWith("eks.amazonaws.com/"))),
    projected_tokens: tokens,
    containers: pod.spec.containers.map((c) => {
      const s = statusOf(c.name);
      const env = c.env ?? [];
      return {
        name: c.name,
        image: c.image ?? null,
        ready: s?.ready ?? null,
        restarts: s?.restartCount ?? 0,
        state: stateOf(s?.state),
        last_state: s?.lastState ? stateOf(s.lastState) : null,
        identity_env: Object.fromEntries(env.filter((e) => SHOWN_ENV.test(e.name)).map((e) => [e.name, e.value ?? "(from valueFrom)"])),
        other_aws_env: env.filter((e) => /^AWS_/.test(e.name) && !SHOWN_ENV.test(e.name)).map((e) => e.name),
        mounts: (c.volumeMounts ?? []).filter((m) => tokens.some((t) => t.volume === m.name)).map((m) => ({ volume: m.name, path: m.mountPath })),
      };
    }),
  };
}

export function serviceAccountDetail(sa: ServiceAccount) {
  const annotations = Object.entries(sa.metadata.annotations ?? {});
  return {
    name: sa.metadata.name,
    namespace: sa.metadata.namespace ?? null,
    identity_annotations: Object.fromEntries(annotations.filter(([k]) => k.startsWith("eks.amazonaws.com/"))),
    role_arn: sa.metadata.annotations?.["eks.amazonaws.com/role-arn"] ?? null,
    other_annotations: annotations.map(([k]) => k).filter((k) => !k.startsWith("eks.amazonaws.com/")).sort(),
    automount_service_account_token: sa.automountServiceAccountToken ?? null,
    created: sa.metadata.creationTimestamp ?? null,
  };
}

export function eventLine(e: K8sEvent) {
  return {
    type: e.type ?? "Normal",
    reason: e.reason ?? null,
    object: `${e.involvedObject.kind ?? "?"}/${e.involvedObject.name ?? "?"}`,
    message: redactSecrets(e.message ?? ""),
    count: e.count ?? 1,
    last_seen: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? null,
    credential_related: CREDENTIAL_WORDS.test(`${e.reason ?? ""} ${e.message ?? ""}`),
  };
}
