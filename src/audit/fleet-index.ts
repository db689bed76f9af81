// The fleet's evidence indexed once, so each binding's view is built from its own few objects: with
// 10,000 service accounts, filtering every object for every binding would cost 10,000 × the cluster.

import { roleNameFromArn } from "../snapshot/load/arn.js";
import type { Sourced } from "../snapshot/load/raw-types.js";
import { serviceAccountOf } from "../snapshot/select.js";
import type { IamRole, K8sObject, Pod, PodIdentityAssociation } from "../snapshot/types.js";
import type { FleetEvidence } from "./types.js";

const AGENT = "eks-pod-identity-agent";

export interface FleetIndex {
  fleet: FleetEvidence;
  /** "ns/name" -> the ServiceAccount. */
  serviceAccounts: Map<string, Sourced<K8sObject>>;
  /** "ns/serviceAccount" -> the pods that run as it. */
  podsBySa: Map<string, Sourced<K8sObject>[]>;
  namespaces: Map<string, Sourced<K8sObject>>;
  nodes: Map<string, Sourced<K8sObject>>;
  /** Webhook configurations, the agent DaemonSet and its pods: in every binding's view. */
  shared: Sourced<K8sObject>[];
  roles: Map<string, Sourced<IamRole>>;
  /** Associations (listed and described, merged by id) by namespace and by service account name. */
  associationsByNs: Map<string, Sourced<PodIdentityAssociation>[]>;
  associationsBySa: Map<string, Sourced<PodIdentityAssociation>[]>;
  /** "Kind/ns/name" -> a ReplicaSet or Deployment, when the evidence holds it (see ownersToRead). */
  workloads: Map<string, Sourced<K8sObject>>;
  /** Nodes that run a Pod Identity agent pod; null when no agent pod was read at all. */
  agentNodes: Set<string> | null;
}

const key = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function isAgent(o: K8sObject): boolean {
  return o.metadata.labels?.["app.kubernetes.io/name"] === AGENT || o.metadata.name === AGENT || o.metadata.name.startsWith(`${AGENT}-`);
}

export function indexFleet(fleet: FleetEvidence): FleetIndex {
  const idx: FleetIndex = {
    fleet,
    serviceAccounts: new Map(),
    podsBySa: new Map(),
    namespaces: new Map(),
    nodes: new Map(),
    shared: [],
    roles: new Map(),
    associationsByNs: new Map(),
    associationsBySa: new Map(),
    workloads: new Map(),
    agentNodes: null,
  };
  for (const o of fleet.objects) {
    const { kind, metadata } = o.value;
    if (kind === "ServiceAccount") idx.serviceAccounts.set(key(metadata.namespace, metadata.name), o);
    else if (kind === "Pod") {
      push(idx.podsBySa, key(metadata.namespace, serviceAccountOf(o.value as Pod)), o);
      if (metadata.namespace === "kube-system" && isAgent(o.value)) {
        idx.shared.push(o);
        const node = (o.value as Pod).spec.nodeName;
        if (node) (idx.agentNodes ??= new Set()).add(node);
      }
    } else if (kind === "ReplicaSet" || kind === "Deployment") idx.workloads.set(`${kind}/${key(metadata.namespace, metadata.name)}`, o);
    else if (kind === "Namespace") idx.namespaces.set(metadata.name, o);
    else if (kind === "Node") idx.nodes.set(metadata.name, o);
    else if (kind === "MutatingWebhookConfiguration") idx.shared.push(o);
    else if (kind === "DaemonSet" && metadata.namespace === "kube-system" && isAgent(o.value)) idx.shared.push(o);
  }
  for (const r of fleet.docs.roles) if (!idx.roles.has(r.value.RoleName)) idx.roles.set(r.value.RoleName, r);
  const merged = new Map<string, Sourced<PodIdentityAssociation>>();
  for (const a of [...(fleet.docs.podIdentityAssociationSummaries ?? []), ...fleet.docs.podIdentityAssociations]) {
    const prev = merged.get(a.value.associationId);
    merged.set(a.value.associationId, prev ? { value: { ...prev.value, ...a.value }, source: a.source } : a);
  }
  for (const a of merged.values()) {
    push(idx.associationsByNs, a.value.namespace, a);
    push(idx.associationsBySa, a.value.serviceAccount, a);
  }
  return idx;
}

/** The role names a binding's view needs: its annotation, its pods' AWS_ROLE_ARN, its namespace's associations. */
export function roleNamesFor(
  idx: FleetIndex,
  sa: Sourced<K8sObject> | undefined,
  pods: Sourced<K8sObject>[],
  associations: Sourced<PodIdentityAssociation>[],
): string[] {
  const arns: (string | undefined)[] = [sa?.value.metadata.annotations?.["eks.amazonaws.com/role-arn"]];
  for (const p of pods) {
    for (const c of (p.value as Pod).spec.containers ?? []) arns.push(c.env?.find((e) => e.name === "AWS_ROLE_ARN")?.value);
  }
  for (const a of associations) arns.push(a.value.roleArn, a.value.targetRoleArn);
  const names = arns.map((a) => (a ? roleNameFromArn(a.trim()) : null)).filter((n): n is string => Boolean(n));
  return [...new Set(names)];
}

const ROLE_ARN = "AWS_ROLE_ARN";

/**
 * Whether a pod's owners must be read to judge it: a container sets AWS_ROLE_ARN to another role than its
 * service account's annotation. Only the pod template then tells a variable written by hand (the webhook keeps
 * it: credential_chain.role_arn_override) from one injected before the annotation changed
 * (irsa_annotation.pod_predates_annotation). Live and offline audits use the same rule, so they read the same.
 */
export function ownersNeeded(pod: Pod, sa: K8sObject | undefined): boolean {
  const annotation = sa?.metadata.annotations?.["eks.amazonaws.com/role-arn"]?.trim();
  if (!annotation) return false;
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].some((c) => {
    const v = c.env?.find((e) => e.name === ROLE_ARN)?.value;
    return typeof v === "string" && v.trim() !== annotation;
  });
}

/** The ReplicaSet and Deployment a pod's controller reference names (the Deployment also by pod-template-hash). */
export function ownerKeys(pod: Pod): { replicaSet: string | null; deployment: string | null } {
  const ns = pod.metadata.namespace ?? "";
  const refs = pod.metadata.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  if (!ref) return { replicaSet: null, deployment: null };
  if (ref.kind === "Deployment") return { replicaSet: null, deployment: `${ns}/${ref.name}` };
  if (ref.kind !== "ReplicaSet") return { replicaSet: null, deployment: null };
  const hash = pod.metadata.labels?.["pod-template-hash"];
  const deployment = hash && ref.name.endsWith(`-${hash}`) ? ref.name.slice(0, -(hash.length + 1)) : null;
  return { replicaSet: `${ns}/${ref.name}`, deployment: deployment === null ? null : `${ns}/${deployment}` };
}

/** The owner objects of a pod the evidence holds, when its owners are needed (ownersNeeded). */
export function ownersOf(idx: FleetIndex, pod: Pod): Sourced<K8sObject>[] {
  const sa = idx.serviceAccounts.get(key(pod.metadata.namespace, serviceAccountOf(pod)));
  if (!ownersNeeded(pod, sa?.value)) return [];
  const { replicaSet, deployment } = ownerKeys(pod);
  const out: Sourced<K8sObject>[] = [];
  const rs = replicaSet ? idx.workloads.get(`ReplicaSet/${replicaSet}`) : undefined;
  if (rs) out.push(rs);
  const depName = (rs?.value.metadata.ownerReferences ?? []).find((r) => r.kind === "Deployment")?.name;
  const dep = idx.workloads.get(`Deployment/${depName ? key(pod.metadata.namespace, depName) : (deployment ?? "")}`);
  if (dep) out.push(dep);
  return out;
}
