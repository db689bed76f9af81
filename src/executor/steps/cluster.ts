// list_k8s_resources, read_k8s_resource, get_k8s_events and cluster_health as runbook steps: the cluster
// tools' own engines (src/clusterview) over the session's evidence, so a step and the tool it names answer
// alike. The evidence covers the target's namespace (and the Pod Identity agent in kube-system): a namespace
// it does not cover is said to be not available rather than listed as empty.

import type { PodListItem } from "../../clusterview/summaries/pod.js";
import type { K8sSource, Read } from "../../clusterview/types.js";
import { SYSTEM_NAMESPACE } from "../../kube/eks-names.js";
import { paramText } from "../params.js";
import { done, notAvailable, plural, type StepEnv, type StepExecutor, type StepOutcome } from "./outcome.js";

/** "snapshot /path" or "the live evidence of diagnosis D-…": said in every answer, as the tools say theirs. */
const originOf = (env: StepEnv): string =>
  env.session.liveAccess === null ? `snapshot ${env.session.origin}` : `live evidence of diagnosis ${env.session.id}`;

async function evidenceSource(env: StepEnv): Promise<K8sSource> {
  const { createEvidenceK8sSource } = await import("../../clusterview/sources/evidence-k8s.js");
  return createEvidenceK8sSource(env.session.snapshot, originOf(env));
}

/** The namespace asked for, or a refusal when the evidence does not cover it. */
function namespaceOf(env: StepEnv, kind: string): { namespace: string } | { refusal: StepOutcome } {
  const ns = paramText(env.params, "namespace") ?? env.target.namespace;
  const agent = kind.toLowerCase() === "daemonset" && ns === SYSTEM_NAMESPACE;
  if (ns !== env.target.namespace && !agent)
    return { refusal: notAvailable(`the evidence covers namespace ${env.target.namespace} only, not ${ns}`) };
  return { namespace: ns };
}

const answered = <T>(read: Read<T>, summary: (value: T) => string): StepOutcome =>
  read.ok ? done(summary(read.value), read.value) : notAvailable(read.failure.message);

export const listResources: StepExecutor = async (env) => {
  const kind = paramText(env.params, "kind") ?? "Pod";
  const scope = namespaceOf(env, kind);
  if ("refusal" in scope) return scope.refusal;
  const { listResources: list } = await import("../../clusterview/resources.js");
  const apiVersion = paramText(env.params, "apiVersion");
  const labelSelector = paramText(env.params, "labelSelector");
  const read = await list(
    await evidenceSource(env),
    { kind, namespace: scope.namespace, ...(apiVersion ? { apiVersion } : {}), ...(labelSelector ? { labelSelector } : {}) },
    new Date(env.session.createdAt),
  );
  return answered(read, (r) => {
    const where = `${plural(r.count, r.kind)}${r.namespace ? ` in ${r.namespace}` : ""}`;
    if (r.kind !== "Pod") return where;
    const troubled = (r.items as PodListItem[]).filter((p) => p.reason !== null);
    return `${where}; ${troubled.length === 0 ? "none in trouble" : troubled.map((p) => `${p.name} (${p.reason}, ${p.restarts} restarts)`).join(", ")}`;
  });
};

export const readResource: StepExecutor = async (env) => {
  const kind = paramText(env.params, "kind") ?? "Pod";
  const scope = namespaceOf(env, kind);
  if ("refusal" in scope) return scope.refusal;
  const name = paramText(env.params, "name") ?? (kind.toLowerCase() === "serviceaccount" ? env.target.serviceAccount : env.target.pod);
  if (name === null) return notAvailable(`no ${kind} name: pass name`);
  const { readResource: read } = await import("../../clusterview/resources.js");
  const apiVersion = paramText(env.params, "apiVersion");
  return answered(
    await read(await evidenceSource(env), { kind, namespace: scope.namespace, name, ...(apiVersion ? { apiVersion } : {}) }),
    (r) => `${r.kind} ${r.name} in ${r.namespace ?? "the cluster"} (${r.source})`,
  );
};

export const getEvents: StepExecutor = async (env) => {
  const scope = namespaceOf(env, "Event");
  if ("refusal" in scope) return scope.refusal;
  const { getEvents: events } = await import("../../clusterview/events.js");
  const kind = paramText(env.params, "kind");
  const name = paramText(env.params, "name");
  const read = await events(await evidenceSource(env), {
    namespace: scope.namespace,
    ...(kind ? { kind } : {}),
    ...(name ? { name } : {}),
  });
  return answered(read, (r) => {
    const reasons = [...new Set(r.events.filter((e) => e.warning).map((e) => e.reason ?? "?"))];
    return `${plural(r.count, "event")} for ${name ? `${kind ?? "object"} ${name}` : `namespace ${r.namespace}`}; ${reasons.length === 0 ? "no warnings" : `warnings: ${reasons.join(", ")}`}`;
  });
};

export const clusterHealth: StepExecutor = async (env) => {
  const asked = paramText(env.params, "clusterName");
  const cluster = env.target.cluster;
  if (asked !== null && cluster !== null && cluster !== asked)
    return notAvailable(`the evidence describes cluster ${cluster}, not ${asked}`);
  const name = asked ?? cluster;
  if (name === null) return notAvailable("the EKS cluster is not known: pass clusterName");
  const { evidenceHealth } = await import("../../clusterview/health/index.js");
  const health = await evidenceHealth(env.session.snapshot, name, originOf(env));
  return done(health.summary, health);
};
