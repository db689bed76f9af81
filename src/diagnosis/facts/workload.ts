// Facts about the workload side: which service account the pod runs as, what the pod-identity webhooks
// injected into it, and which projected tokens it mounts. Derived once from the snapshot, read by every check.

import type { Container, Pod, ServiceAccount } from "../../snapshot/types.js";
import { isUnder, samePath } from "../credential-path/mounts.js";

export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
const AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
export const POD_IDENTITY_AGENT_ADDRESSES = ["169.254.170.23", "fd00:ec2::23"];
export const DEFAULT_IRSA_AUDIENCE = "sts.amazonaws.com";
const POD_IDENTITY_AUDIENCE = "pods.eks.amazonaws.com";
/** What a projected token without an explicit audience is issued for on EKS. */
export const API_SERVER_AUDIENCE = "https://kubernetes.default.svc";

/** The AWS-related environment of one container, as the pod spec declares it (literal values only). */
interface ContainerIdentity {
  name: string;
  /** Literal env values; a variable set from a Secret or field shows as "<from valueFrom>". */
  env: Record<string, string>;
  /** Whether the file named by AWS_WEB_IDENTITY_TOKEN_FILE lies under one of the container's mounts. */
  webIdentityTokenMounted: boolean | null;
  podIdentityTokenMounted: boolean | null;
  /** Static keys in the spec override every other provider in the default chain. */
  hasStaticKeys: boolean;
}

interface ProjectedToken {
  volume: string;
  audience: string;
  expirationSeconds: number | null;
  path: string;
  /** Where the token file ends up in the container: mountPath + "/" + path (first mount found). */
  mountedAt: string | null;
}

export interface WorkloadFacts {
  namespace: string;
  /** From the pod spec, else the target, else "default" when a pod exists. null when unknown. */
  serviceAccountName: string | null;
  /** system:serviceaccount:<namespace>:<name>: the exact subject of the pod's tokens. */
  subject: string | null;
  /** undefined: the service account was not available; null: available, not annotated. */
  roleArnAnnotation: string | null | undefined;
  audienceAnnotation: string | null;
  containers: ContainerIdentity[];
  /** AWS_ROLE_ARN as injected (first container that has it). */
  injectedRoleArn: string | null;
  irsaToken: ProjectedToken | null;
  podIdentityToken: ProjectedToken | null;
  /** The audience of the IRSA token the pod presents to STS. */
  tokenAudience: string;
}

const FROM_VALUE_FROM = "<from valueFrom>";

function containerEnv(c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) env[e.name] = e.value ?? (e.valueFrom ? FROM_VALUE_FROM : "");
  return env;
}

function underMount(c: Container, file: string | undefined): boolean | null {
  if (!file) return null;
  return (c.volumeMounts ?? []).some((m) => isUnder(file, m.mountPath));
}

function projectedToken(pod: Pod, audienceMatch: (aud: string) => boolean): ProjectedToken | null {
  for (const v of pod.spec.volumes ?? []) {
    for (const s of v.projected?.sources ?? []) {
      const t = s.serviceAccountToken;
      if (!t) continue;
      const audience = t.audience ?? API_SERVER_AUDIENCE;
      if (!audienceMatch(audience) && !audienceMatch(v.name)) continue;
      const mount = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]
        .flatMap((c) => c.volumeMounts ?? [])
        .find((m) => m.name === v.name);
      return {
        volume: v.name,
        audience,
        expirationSeconds: t.expirationSeconds ?? null,
        path: t.path,
        mountedAt: mount ? `${mount.mountPath.replace(/\/$/, "")}/${t.path}` : null,
      };
    }
  }
  return null;
}

export function workloadFacts(
  namespace: string,
  targetServiceAccount: string | null,
  pod: Pod | undefined,
  sa: ServiceAccount | undefined,
  saAvailable: boolean,
): WorkloadFacts {
  const serviceAccountName = pod ? (pod.spec.serviceAccountName ?? "default") : (sa?.metadata.name ?? targetServiceAccount);
  const annotations = sa?.metadata.annotations ?? {};
  const roleArnAnnotation = sa ? (annotations[ROLE_ARN_ANNOTATION] ?? null) : saAvailable ? null : undefined;
  const containers = (pod?.spec.containers ?? []).map((c): ContainerIdentity => {
    const env = containerEnv(c);
    return {
      name: c.name,
      env,
      webIdentityTokenMounted: underMount(c, env["AWS_WEB_IDENTITY_TOKEN_FILE"]),
      podIdentityTokenMounted: underMount(c, env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]),
      hasStaticKeys: "AWS_ACCESS_KEY_ID" in env && "AWS_SECRET_ACCESS_KEY" in env,
    };
  });
  // The IRSA token is the projected volume the webhook names aws-iam-token, or any token volume whose
  // audience is not the Pod Identity one and that a container points AWS_WEB_IDENTITY_TOKEN_FILE at.
  const tokenFile = containers.find((c) => c.env["AWS_WEB_IDENTITY_TOKEN_FILE"])?.env["AWS_WEB_IDENTITY_TOKEN_FILE"];
  const irsaToken = pod
    ? (projectedToken(pod, (a) => a === "aws-iam-token") ?? (tokenFile ? projectedTokenAt(pod, tokenFile) : null))
    : null;
  const podIdentityToken = pod ? projectedToken(pod, (a) => a === POD_IDENTITY_AUDIENCE || a === "eks-pod-identity-token") : null;
  const audienceAnnotation = annotations[AUDIENCE_ANNOTATION] ?? null;
  return {
    namespace,
    serviceAccountName,
    subject: serviceAccountName ? `system:serviceaccount:${namespace}:${serviceAccountName}` : null,
    roleArnAnnotation,
    audienceAnnotation,
    containers,
    injectedRoleArn: containers.find((c) => c.env["AWS_ROLE_ARN"])?.env["AWS_ROLE_ARN"] ?? null,
    irsaToken,
    podIdentityToken,
    tokenAudience: irsaToken?.audience ?? audienceAnnotation ?? DEFAULT_IRSA_AUDIENCE,
  };
}

/** The projected token volume whose mounted file is exactly `file`, whatever its name. */
function projectedTokenAt(pod: Pod, file: string): ProjectedToken | null {
  for (const v of pod.spec.volumes ?? []) {
    for (const s of v.projected?.sources ?? []) {
      const t = s.serviceAccountToken;
      if (!t) continue;
      for (const c of pod.spec.containers) {
        const m = (c.volumeMounts ?? []).find((vm) => vm.name === v.name);
        const at = m ? `${m.mountPath.replace(/\/$/, "")}/${t.path}` : null;
        if (samePath(at, file)) {
          return {
            volume: v.name,
            audience: t.audience ?? API_SERVER_AUDIENCE,
            expirationSeconds: t.expirationSeconds ?? null,
            path: t.path,
            mountedAt: file,
          };
        }
      }
    }
  }
  return null;
}
