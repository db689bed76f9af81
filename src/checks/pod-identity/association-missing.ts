// pod_identity.association_missing: the cluster uses EKS Pod Identity but no association maps the pod's
// namespace and service account to a role. Without one the Pod Identity webhook injects nothing (no
// AWS_CONTAINER_CREDENTIALS_FULL_URI), and a pod created while one existed gets ResourceNotFound from EKS
// Auth. The near misses (same service account in another namespace, another service account here) and a
// recorded deletion are what make it more than a guess, so they set the confidence and name the role.

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import { builtInAgent } from "../../snapshot/built-in-agent.js";
import { roleFacts } from "../../diagnosis/facts/aws.js";
import type { PodIdentityAssociation, Snapshot } from "../../snapshot/types.js";
import { evaluatePodIdentityTrust } from "../../iam/index.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import { clusterName, createPodIdentityAssociation, restartPods, roleArnHint } from "../actions.js";
import { logEvidence, podIdentityEnvEvidence } from "../evidence.js";
import {
  AGENT_NAME,
  ASSOCIATION_PROPAGATION_MS,
  clusterLabel,
  deletedAssociations,
  lineEvidence,
  matchesOf,
  podIdentityContainers,
  saLabel,
  type DeletedAssociation,
} from "./context.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "pod_identity.association_missing";

const label = (a: PodIdentityAssociation): string =>
  `${a.associationId} (${a.namespace}/${a.serviceAccount}${a.roleArn ? ` -> ${a.roleArn}` : ""})`;

/** The near miss most likely meant for this pod: the same service account moved, or one renamed from it. */
function intendedNearMiss(f: Facts): PodIdentityAssociation | undefined {
  const sa = f.workload.serviceAccountName ?? "";
  const near = f.aws.nearMissAssociations.filter((a) => a.roleArn);
  const sameName = near.find((a) => a.serviceAccount === sa);
  if (sameName) return sameName;
  // A service account renamed with a suffix or prefix (orders-worker -> orders-worker-v2) keeps its old name inside.
  return near.find((a) => a.namespace === f.workload.namespace && (sa.includes(a.serviceAccount) || a.serviceAccount.includes(sa)));
}

function agentInstalled(s: Snapshot, f: Facts): string | null {
  const node = f.pod?.spec.nodeName ?? null;
  if (builtInAgent(s, node) === "node") return `node ${node} is an EKS Auto Mode node, which runs the Pod Identity agent itself`;
  const ds = valueOf(s.k8s.podIdentityAgent);
  if (ds)
    return `DaemonSet kube-system/${AGENT_NAME} is installed (${ds.status?.numberReady ?? 0}/${ds.status?.desiredNumberScheduled ?? 0} ready)`;
  const addon = valueOf(s.aws.podIdentityAddon);
  if (addon) return `EKS add-on ${AGENT_NAME} is installed (${addon.status ?? "status unknown"})`;
  return null;
}

const byWhom = (d: DeletedAssociation): string => `${d.by ? ` by ${d.by}` : ""}${d.tool ? ` (${d.tool})` : ""}`;

function deletionLine(d: DeletedAssociation): string {
  return `CloudTrail: DeletePodIdentityAssociation ${d.associationId} (${d.namespace}/${d.serviceAccount}${d.roleArn ? ` -> ${d.roleArn}` : ""}) at ${d.time}${byWhom(d)}`;
}

/** Whether the role to suggest already trusts EKS Pod Identity, when its trust policy is in the evidence. */
function roleTrustEvidence(s: Snapshot, roleArn: string): ReportEvidence[] {
  const name = roleArn.split("/").pop() ?? "";
  const role = roleFacts(s, roleArn, name).evidence;
  if (role.status !== "found") return [];
  const trust = evaluatePodIdentityTrust(role.value.AssumeRolePolicyDocument);
  const content =
    trust.decision === "allow"
      ? `Role ${roleArn} trusts pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession`
      : `Role ${roleArn} does not yet trust pods.eks.amazonaws.com for both sts:AssumeRole and sts:TagSession: ${trust.problems[0]?.message ?? "no statement allows it"}`;
  return [{ type: "trust_policy", content, source: role.source }];
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const sa = f.workload.serviceAccountName;
    if (!sa) return null;
    const associations = f.aws.associations;
    if (associations && associations.length > 0) return lateAssociation(s, f, associations);

    const notFound = matchesOf(f, ["pod_identity.association_not_found"]);
    const injected = podIdentityContainers(f);
    const deleted = deletedAssociations(s, f);
    const irsa = Boolean(f.workload.roleArnAnnotation) || f.workload.injectedRoleArn !== null;
    const intent = f.podIdentityIntent;
    // An IRSA pod does not need an association; only EKS Auth's own refusal says this one asked for one,
    // or an annotated role that trusts only Pod Identity (it was made for an association).
    if (irsa && notFound.length === 0 && !intent.irsaRoleIsPodIdentityRole) return null;

    const near = f.aws.nearMissAssociations;
    const intended = intendedNearMiss(f);
    const installed = agentInstalled(s, f);
    const inCluster = valueOf(s.aws.podIdentityAssociations) ?? [];
    const meant = notFound.length > 0 || injected.length > 0 || deleted.length > 0 || intent.reasons.length > 0;

    let confidence: Confidence;
    if (associations === undefined) {
      if (!meant) return null;
      confidence = "medium";
    } else if (irsa) confidence = "medium";
    // Another service account's association in the same namespace says the namespace uses Pod Identity, not
    // that this one was meant to: only the same account elsewhere (or one renamed from it) names it.
    else if (meant || intended) confidence = "high";
    else if (near.length > 0 || inCluster.length > 0) confidence = "medium";
    else if (installed) confidence = "low";
    else return null;

    const cluster = clusterLabel(s, f);
    const who = saLabel(f);
    const lastDeleted = deleted[deleted.length - 1];
    const roleArn = lastDeleted?.roleArn ?? intended?.roleArn ?? intent.roleArn ?? null;

    const evidence: ReportEvidence[] = notFound.length > 0 ? lineEvidence(notFound) : logEvidence(f, [CAUSE]);
    const listSource = s.aws.podIdentityAssociations.status === "found" ? { source: s.aws.podIdentityAssociations.source } : {};
    if (associations !== undefined) {
      const nearText =
        near.length > 0
          ? `; near misses: ${near.map(label).join(", ")}`
          : inCluster.length > 0
            ? `; the cluster has ${inCluster.length} association${inCluster.length > 1 ? "s" : ""} for other service accounts`
            : "";
      evidence.push({
        type: "pod_identity",
        content: `Pod Identity associations of cluster ${cluster}: none for ${who}${nearText}`,
        ...listSource,
      });
    }
    for (const r of intent.reasons) evidence.push({ type: "pod_identity", content: r });
    for (const d of deleted)
      evidence.push({
        type: "event",
        content: deletionLine(d),
        ...(s.aws.cloudTrail.status === "found" ? { source: s.aws.cloudTrail.source } : {}),
      });
    evidence.push(...podIdentityEnvEvidence(s, f));
    if (installed) evidence.push({ type: "cluster", content: installed });
    if (roleArn) evidence.push(...roleTrustEvidence(s, roleArn));

    const why = lastDeleted
      ? `; association ${lastDeleted.associationId} for it was deleted at ${lastDeleted.time}${byWhom(lastDeleted)}`
      : intended
        ? `; the nearest is ${label(intended)}`
        : near.length > 0
          ? `; the cluster only has ${near.map(label).join(", ")} nearby`
          : "";
    const effect =
      injected.length > 0
        ? "so EKS Auth refuses the pod's credential requests (ResourceNotFoundException)"
        : "so the Pod Identity webhook injected no AWS_CONTAINER_CREDENTIALS_FULL_URI and the pod gets no role";
    const detail = `No EKS Pod Identity association exists for ServiceAccount ${who} in cluster ${cluster}${why}, ${effect}`;

    const role = roleArn ?? roleArnHint(f);
    const actions: OperatorAction[] = [createPodIdentityAssociation(s, f, role)];
    if (!roleArn) actions.push(findPodIdentityRoles());
    if (injected.length === 0) {
      actions.push(
        restartPods(
          s,
          f,
          "the Pod Identity webhook only injects AWS_CONTAINER_CREDENTIALS_FULL_URI into pods created after the association exists",
        ),
      );
    }
    const toConfirm: string[] = [];
    if (associations === undefined) {
      toConfirm.push(
        `aws eks list-pod-identity-associations --cluster-name ${clusterName(s, f)} --namespace ${f.workload.namespace} --service-account ${sa}, to see that no association covers it`,
      );
    }
    if (!roleArn)
      toConfirm.push(
        `which role ${who} should have: one whose trust policy allows pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession`,
      );
    if (irsa)
      toConfirm.push(
        `whether ${who} is meant to use IRSA (it is annotated) or Pod Identity: EKS Auth was asked for credentials, so a container uses the Pod Identity agent`,
      );

    return {
      causeId: CAUSE,
      confidence,
      detail,
      evidence,
      immediate: `Operator: create the Pod Identity association for ${who} in cluster ${cluster} with role ${role}${injected.length === 0 ? ", then restart the pods so the webhook injects the agent's credentials URI" : ""}${lastDeleted?.tool && lastDeleted.tool !== "the AWS CLI" && lastDeleted.tool !== "the AWS console" ? `; restore it in the ${lastDeleted.tool} code that deleted it, or the next run deletes it again` : ""}.`,
      actions,
      toConfirm,
    };
  },
};

function findPodIdentityRoles(): OperatorAction {
  return {
    description: "List the account's roles that trust EKS Pod Identity, to pick the one this service account should use (read-only).",
    command: `aws iam list-roles --query "Roles[?contains(to_string(AssumeRolePolicyDocument), 'pods.eks.amazonaws.com')].Arn" --output text`,
    safety: "Read-only lookup",
  };
}

/**
 * The association exists now, but the pod was admitted before it took effect: created after the pod, or
 * seconds before it. The pod then carries no Pod Identity variables and never will until it is re-created;
 * the association looks healthy today, so only the times tell. A newer pod of the same service account that
 * did get the variables proves the association works.
 */
function lateAssociation(s: Snapshot, f: Facts, associations: PodIdentityAssociation[]): Finding | null {
  const pod = f.pod;
  const created = pod?.metadata.creationTimestamp;
  const irsa = Boolean(f.workload.roleArnAnnotation) || f.workload.injectedRoleArn !== null;
  if (!pod || !created || irsa || podIdentityContainers(f).length > 0) return null;
  const assoc = associations.find((a) => a.createdAt && Date.parse(created) - Date.parse(a.createdAt) < ASSOCIATION_PROPAGATION_MS);
  if (!assoc?.createdAt) return null;
  const gap = Math.round((Date.parse(created) - Date.parse(assoc.createdAt)) / 1000);
  const newer = (valueOf(s.k8s.pods) ?? []).filter(
    (p) =>
      p.metadata.name !== pod.metadata.name &&
      (p.spec.serviceAccountName ?? "default") === f.workload.serviceAccountName &&
      Date.parse(p.metadata.creationTimestamp ?? "") > Date.parse(created) &&
      p.spec.containers.some((c) => (c.env ?? []).some((e) => e.name === "AWS_CONTAINER_CREDENTIALS_FULL_URI")),
  );
  const when =
    gap >= 0
      ? `${gap} s after association ${assoc.associationId} was created (${assoc.createdAt})`
      : `before association ${assoc.associationId} was created (${assoc.createdAt})`;
  const evidence: ReportEvidence[] = [
    ...podIdentityEnvEvidence(s, f),
    {
      type: "pod_identity",
      content: `Pod Identity association ${label(assoc)} created ${assoc.createdAt}; pod ${pod.metadata.name} created ${created}`,
    },
    ...newer.slice(0, 1).map((p) => ({
      type: "pod_spec",
      content: `Pod ${p.metadata.name} of the same service account, created ${p.metadata.creationTimestamp}, has AWS_CONTAINER_CREDENTIALS_FULL_URI: the association works for pods admitted later`,
    })),
    ...logEvidence(f, [CAUSE, "sdk.falls_back_to_node_role"]),
  ];
  return {
    causeId: CAUSE,
    confidence: gap < 0 || newer.length > 0 ? "high" : "medium",
    detail: `Pod ${pod.metadata.name} was admitted ${when}, before the association took effect, so the Pod Identity webhook injected no AWS_CONTAINER_CREDENTIALS_FULL_URI; the association is in place now but only pods created after it get the variables`,
    evidence,
    immediate: `Operator: re-create pod ${pod.metadata.name} (or re-run its Job); in automation, wait until the association is in effect before creating the pods that use it.`,
    actions: [restartPods(s, f, "the webhook injects the Pod Identity variables only into pods created once the association is in effect")],
    toConfirm:
      newer.length > 0 || gap < 0
        ? []
        : ["a pod of the same service account created later, to see that it gets AWS_CONTAINER_CREDENTIALS_FULL_URI"],
  };
}
