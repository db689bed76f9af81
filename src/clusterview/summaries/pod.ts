// What a pod says about its credentials, in the words of the runbook's triage step: its state as kubectl
// shows it (phase, ready, restarts, the reason it is not running), the service account, the projected
// token volumes and where they are mounted, the AWS_* environment each container got, and how each
// container last ended. Values come from already scrubbed objects; nothing here reads a token.

import type { Container, ContainerStatus, Pod } from "../../snapshot/types.js";
import { ageOf } from "./time.js";
import { compareText } from "../../util/compare.js";

const IRSA_ENV = ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"];
const POD_IDENTITY_ENV = ["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"];

export interface PodListItem {
  name: string;
  namespace: string | null;
  phase: string | null;
  ready: string;
  restarts: number;
  reason: string | null;
  node: string | null;
  serviceAccountName: string | null;
  creationTimestamp: string | null;
  age: string | null;
  has_irsa_env: boolean;
  has_pod_identity_env: boolean;
}

const containersOf = (pod: Pod): { container: Container; init: boolean }[] => [
  ...(pod.spec?.initContainers ?? []).map((container) => ({ container, init: true })),
  ...(pod.spec?.containers ?? []).map((container) => ({ container, init: false })),
];

const hasAll = (pod: Pod, names: string[]) =>
  containersOf(pod).some(({ container }) => names.every((n) => (container.env ?? []).some((e) => e.name === n)));

const hasIrsaEnv = (pod: Pod): boolean => hasAll(pod, IRSA_ENV);
const hasPodIdentityEnv = (pod: Pod): boolean => hasAll(pod, POD_IDENTITY_ENV);

/** The reason kubectl's STATUS column would show instead of the phase, or null when there is none. */
export function podReason(pod: Pod): string | null {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  if (pod.status?.reason) return pod.status.reason;
  for (const c of pod.status?.initContainerStatuses ?? []) {
    const reason =
      c.state?.waiting?.reason ??
      (c.state?.terminated && c.state.terminated.exitCode !== 0 ? (c.state.terminated.reason ?? "Error") : undefined);
    if (reason && reason !== "PodInitializing") return `Init:${reason}`;
  }
  for (const c of pod.status?.containerStatuses ?? []) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) return reason;
  }
  return null;
}

export function podListItem(pod: Pod, now: Date): PodListItem {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = (pod.spec?.containers ?? []).length;
  const ready = statuses.filter((c) => c.ready).length;
  const restarts = [...statuses, ...(pod.status?.initContainerStatuses ?? [])].reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? null,
    phase: pod.status?.phase ?? null,
    ready: `${ready}/${total}`,
    restarts,
    reason: podReason(pod),
    node: pod.spec?.nodeName ?? null,
    serviceAccountName: pod.spec?.serviceAccountName ?? null,
    creationTimestamp: pod.metadata.creationTimestamp ?? null,
    age: ageOf(pod.metadata.creationTimestamp, now),
    has_irsa_env: hasIrsaEnv(pod),
    has_pod_identity_env: hasPodIdentityEnv(pod),
  };
}

interface TokenVolume {
  volume: string;
  /** null: the API server's own audience (the default), which STS does not accept for IRSA. */
  audience: string | null;
  expirationSeconds: number | null;
  path: string;
  mounts: { container: string; mountPath: string; readOnly: boolean }[];
}

interface ContainerState {
  name: string;
  init: boolean;
  image: string | null;
  ready: boolean | null;
  restartCount: number;
  state: string | null;
  last_termination: { reason: string | null; exitCode: number | null; finishedAt: string | null; message: string | null } | null;
}

export interface PodSummary {
  serviceAccountName: string | null;
  automountServiceAccountToken: boolean | null;
  node: string | null;
  phase: string | null;
  reason: string | null;
  has_irsa_env: boolean;
  has_pod_identity_env: boolean;
  token_volumes: TokenVolume[];
  aws_env: { container: string; init: boolean; env: Record<string, string> }[];
  containers: ContainerState[];
}

function tokenVolumes(pod: Pod): TokenVolume[] {
  const out: TokenVolume[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    for (const source of volume.projected?.sources ?? []) {
      const token = source.serviceAccountToken;
      if (!token) continue;
      const mounts = containersOf(pod).flatMap(({ container }) =>
        (container.volumeMounts ?? [])
          .filter((m) => m.name === volume.name)
          .map((m) => ({ container: container.name, mountPath: m.mountPath, readOnly: m.readOnly ?? false })),
      );
      out.push({
        volume: volume.name,
        audience: token.audience ?? null,
        expirationSeconds: token.expirationSeconds ?? null,
        path: token.path,
        mounts,
      });
    }
  }
  return out;
}

/** AWS_* variables with their (scrubbed) values; a value from a Secret or ConfigMap says where it comes from. */
function awsEnv(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of [...(container.env ?? [])].sort((a, b) => compareText(a.name, b.name))) {
    if (!e.name.startsWith("AWS_")) continue;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom !== undefined) env[e.name] = `(from ${Object.keys(e.valueFrom as object).join(", ") || "valueFrom"})`;
    else env[e.name] = "";
  }
  return env;
}

function stateText(s: ContainerStatus["state"]): string | null {
  if (!s) return null;
  if (s.running) return "running";
  if (s.waiting) return `waiting${s.waiting.reason ? `: ${s.waiting.reason}` : ""}`;
  if (s.terminated) return `terminated${s.terminated.reason ? `: ${s.terminated.reason}` : ""}`;
  return null;
}

function containerStates(pod: Pod): ContainerState[] {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []).map((s) => ({ s, init: true })),
    ...(pod.status?.containerStatuses ?? []).map((s) => ({ s, init: false })),
  ];
  return statuses.map(({ s, init }) => {
    const last = s.lastState?.terminated;
    return {
      name: s.name,
      init,
      image: s.image ?? null,
      ready: s.ready ?? null,
      restartCount: s.restartCount ?? 0,
      state: stateText(s.state),
      last_termination: last
        ? {
            reason: last.reason ?? null,
            exitCode: last.exitCode ?? null,
            finishedAt: last.finishedAt ?? null,
            message: last.message ?? null,
          }
        : null,
    };
  });
}

export function podSummary(pod: Pod): PodSummary {
  return {
    serviceAccountName: pod.spec?.serviceAccountName ?? null,
    automountServiceAccountToken: pod.spec?.automountServiceAccountToken ?? null,
    node: pod.spec?.nodeName ?? null,
    phase: pod.status?.phase ?? null,
    reason: podReason(pod),
    has_irsa_env: hasIrsaEnv(pod),
    has_pod_identity_env: hasPodIdentityEnv(pod),
    token_volumes: tokenVolumes(pod),
    aws_env: containersOf(pod)
      .map(({ container, init }) => ({ container: container.name, init, env: awsEnv(container) }))
      .filter((c) => Object.keys(c.env).length > 0),
    containers: containerStates(pod),
  };
}
