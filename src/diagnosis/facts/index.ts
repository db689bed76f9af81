// Facts: what every check needs, derived once from the snapshot so no check re-derives (or mis-derives)
// the subject, the issuer or the role. Pure and cheap; the snapshot stays the only source of truth.

import { isFound, valueOf } from "../../snapshot/evidence.js";
import type { LogMatch, Pod, Snapshot } from "../../snapshot/types.js";
import { validateRoleArn } from "../../iam/index.js";
import { getLogPattern as patternById } from "../../logs/index.js";
import { awsFacts, roleFacts, type AwsFacts, type RoleFacts } from "./aws.js";
import { workloadFacts, POD_IDENTITY_AGENT_ADDRESSES, type WorkloadFacts } from "./workload.js";
import { trustFacts, type TrustFacts } from "./trust.js";
import { credentialPaths, type ContainerPath } from "../credential-path/path.js";
import { attributeLines } from "../credential-path/attribution.js";
import { podIdentityIntent, type PodIdentityIntent } from "./intent.js";
import { buildTimeline, type TimelineEvent } from "../timeline.js";

export * from "./workload.js";
export type { RoleFacts } from "./aws.js";
/** How the pod is meant to get credentials, as far as the evidence shows. */
type IdentityMode = "irsa" | "pod_identity" | "both" | "none" | "unknown";

export interface Facts {
  pod: Pod | undefined;
  workload: WorkloadFacts;
  aws: AwsFacts;
  mode: IdentityMode;
  /** The role IRSA would assume: from the annotation when it is a valid ARN, else from AWS_ROLE_ARN. */
  irsaRole: RoleFacts | null;
  /** The role of the pod's Pod Identity association, when there is exactly one with a role. */
  podIdentityRole: RoleFacts | null;
  trust: TrustFacts;
  /** Recognised log lines, grouped by the cause they point to. */
  logSignals: Map<string, LogMatch[]>;
  /** Every recognised log line of the target pod, in file/line order. */
  logMatches: LogMatch[];
  /** Recognised lines attributed to other pods (their log files, agent lines for their IPs): not evidence here. */
  otherPodLines: LogMatch[];
  /** Per container of the pod: what its SDK's chain really selects, and the hops of that path. */
  credentialPaths: ContainerPath[];
  /** Dated events of the evidence, oldest first. */
  timeline: TimelineEvent[];
  /** Evidence that the workload was meant to use EKS Pod Identity (empty reasons when none). */
  podIdentityIntent: PodIdentityIntent;
}

// A line that points to fewer causes is better evidence for each of them (a webhook's failed call says more
// about the webhook than a node-role denial, whose family also lists it): each cause's lines come in that
// order, file order among equals, so a check quoting the first lines quotes the telling ones.
const breadth = (m: LogMatch): number => patternById(m.patternId)?.suggests.length ?? Number.MAX_SAFE_INTEGER;

function logSignals(matches: LogMatch[]): Map<string, LogMatch[]> {
  const byCause = new Map<string, LogMatch[]>();
  for (const m of matches) {
    for (const cause of patternById(m.patternId)?.suggests ?? []) {
      const list = byCause.get(cause) ?? [];
      list.push(m);
      byCause.set(cause, list);
    }
  }
  for (const list of byCause.values()) list.sort((a, b) => breadth(a) - breadth(b));
  return byCause;
}

function identityMode(w: WorkloadFacts, associations: AwsFacts["associations"], saKnown: boolean): IdentityMode {
  const irsa = Boolean(w.roleArnAnnotation) || w.injectedRoleArn !== null;
  const podIdentityEnv = w.containers.some((c) =>
    POD_IDENTITY_AGENT_ADDRESSES.some((a) => (c.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] ?? "").includes(a)),
  );
  const podIdentity = podIdentityEnv || (associations?.length ?? 0) > 0;
  if (irsa && podIdentity) return "both";
  if (irsa) return "irsa";
  if (podIdentity) return "pod_identity";
  return saKnown && associations !== undefined ? "none" : "unknown";
}

export function deriveFacts(snapshot: Snapshot): Facts {
  const pod = valueOf(snapshot.k8s.pod);
  const sa = valueOf(snapshot.k8s.serviceAccount);
  const workload = workloadFacts(
    snapshot.target.namespace,
    snapshot.target.serviceAccount,
    pod,
    sa,
    snapshot.k8s.serviceAccount.status === "absent",
  );
  const annotation = workload.roleArnAnnotation ? validateRoleArn(workload.roleArnAnnotation) : null;
  const injected = workload.injectedRoleArn ? validateRoleArn(workload.injectedRoleArn) : null;
  const irsaArn = annotation?.ok ? annotation : injected?.ok ? injected : null;
  const irsaArnText = annotation?.ok ? workload.roleArnAnnotation : workload.injectedRoleArn;
  const roleArns = [irsaArnText, ...(valueOf(snapshot.aws.podIdentityAssociations) ?? []).map((a) => a.roleArn)].filter(
    (a): a is string => typeof a === "string",
  );
  const aws = awsFacts(snapshot, workload.namespace, workload.serviceAccountName, roleArns, irsaArn ? irsaArnText : null);
  const irsaRole = irsaArn && irsaArnText ? roleFacts(snapshot, irsaArnText.trim(), irsaArn.roleName) : null;
  const withRole = (aws.associations ?? []).filter((a) => a.roleArn);
  const assoc = withRole.length === 1 ? withRole[0] : undefined;
  const assocRole = assoc?.roleArn ? validateRoleArn(assoc.roleArn) : null;
  const podIdentityRole = assoc?.roleArn && assocRole?.ok ? roleFacts(snapshot, assoc.roleArn, assocRole.roleName) : null;
  // Only the target's own lines: another pod's log file, or an agent line for another pod's IP, is not its evidence.
  const known = new Set(
    [...(valueOf(snapshot.k8s.pods) ?? []), ...(valueOf(snapshot.k8s.podIdentityAgentPods) ?? [])].map((p) => p.metadata.name),
  );
  const allMatches = valueOf(snapshot.logs)?.matches ?? [];
  const { target: logMatches, others: otherPodLines } = pod
    ? attributeLines(allMatches, { name: pod.metadata.name, ip: pod.status?.podIP ?? null }, known)
    : { target: allMatches, others: [] };
  const trust = trustFacts(workload, aws, irsaRole, podIdentityRole);
  return {
    pod,
    workload,
    aws,
    mode: identityMode(workload, aws.associations, isFound(snapshot.k8s.serviceAccount)),
    irsaRole,
    podIdentityRole,
    trust,
    logSignals: logSignals(logMatches),
    logMatches,
    otherPodLines,
    credentialPaths: credentialPaths(snapshot, { pod, workload, aws, irsaRole, podIdentityRole, trust, logMatches }),
    timeline: buildTimeline(snapshot, logMatches),
    podIdentityIntent: podIdentityIntent(
      snapshot,
      aws.cluster?.name ?? snapshot.target.cluster,
      workload.namespace,
      workload.serviceAccountName,
      // The annotated role as read for its ARN: a namesake of another account is not it.
      annotation?.ok && workload.roleArnAnnotation
        ? valueOf(roleFacts(snapshot, workload.roleArnAnnotation.trim(), annotation.roleName).evidence)
        : undefined,
    ),
  };
}
