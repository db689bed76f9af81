// What the Pod Identity checks share: whether the pod is set up for Pod Identity, the agent's address for
// the cluster's IP family, the agent's own log lines, and associations deleted according to CloudTrail.

import type { Facts } from "../../diagnosis/facts/index.js";
import { POD_IDENTITY_AGENT_ADDRESSES } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../snapshot/types.js";
import type { ReportEvidence } from "../types.js";
import { matchEvidence } from "../evidence.js";
import { POD_IDENTITY_AGENT } from "../../kube/eks-names.js";
import { compareText } from "../../util/compare.js";

export const AGENT_NAME = POD_IDENTITY_AGENT;
export const AGENT_IPV4 = POD_IDENTITY_AGENT_ADDRESSES[0] ?? "169.254.170.23";
export const AGENT_IPV6 = POD_IDENTITY_AGENT_ADDRESSES[1] ?? "fd00:ec2::23";

/** How long after an association's creation pods may still be admitted without it (aws/eks-pod-identity-agent#52). */
export const ASSOCIATION_PROPAGATION_MS = 60_000;

/** The containers the Pod Identity webhook pointed at the agent (AWS_CONTAINER_CREDENTIALS_FULL_URI). */
export function podIdentityContainers(f: Facts): string[] {
  return f.workload.containers
    .filter((c) => POD_IDENTITY_AGENT_ADDRESSES.some((a) => (c.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] ?? "").includes(a)))
    .map((c) => c.name);
}

/** The pod is meant to get Pod Identity credentials: an association covers it, or the webhook injected the agent URI. */
export function usesPodIdentity(f: Facts): boolean {
  return (f.aws.associations?.length ?? 0) > 0 || podIdentityContainers(f).length > 0;
}

export function isIpv6Cluster(f: Facts): boolean {
  const config = f.aws.cluster?.["kubernetesNetworkConfig"] as { ipFamily?: string } | undefined;
  return config?.ipFamily === "ipv6";
}

/** The address the SDK calls: IPv6-only clusters inject fd00:ec2::23. */
export function agentAddress(f: Facts): string {
  return isIpv6Cluster(f) ? AGENT_IPV6 : AGENT_IPV4;
}

/** A log file of the agent itself (its pods are named eks-pod-identity-agent-<hash>). */
export function isAgentLog(m: LogMatch): boolean {
  return m.file.includes(AGENT_NAME);
}

export function matchesOf(f: Facts, patternIds: string[], where: "agent" | "app" | "any" = "any"): LogMatch[] {
  return f.logMatches.filter((m) => patternIds.includes(m.patternId) && (where === "any" || (where === "agent") === isAgentLog(m)));
}

/** Up to `max` distinct lines, the application's before the agent's (the app's are the symptom people search for). */
export function lineEvidence(matches: LogMatch[], max = 2): ReportEvidence[] {
  const app = matches.filter((m) => !isAgentLog(m));
  const agent = matches.filter(isAgentLog);
  const ordered = app.length > 0 && agent.length > 0 ? [app[0]!, agent[0]!, ...app.slice(1), ...agent.slice(1)] : matches;
  return matchEvidence(ordered, max);
}

export function clusterLabel(s: Snapshot, f: Facts): string {
  return f.aws.cluster?.name ?? s.target.cluster ?? "(unknown cluster)";
}

/** "orders/orders-worker": how the report names the pod's service account. */
export function saLabel(f: Facts): string {
  return `${f.workload.namespace}/${f.workload.serviceAccountName ?? "(unknown service account)"}`;
}

export interface DeletedAssociation {
  associationId: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string | null;
  time: string;
  by: string | null;
  /** The tool that made the call, read from the user agent (Terraform, eksctl, ...), when known. */
  tool: string | null;
}

const TOOLS: [RegExp, string][] = [
  [/Terraform\//, "Terraform"],
  [/\beksctl\//, "eksctl"],
  [/aws-cdk|CloudFormation|cloudformation\.amazonaws\.com/, "CloudFormation/CDK"],
  [/Pulumi/, "Pulumi"],
  [/^aws-cli\//, "the AWS CLI"],
  [/AWS Internal|console\.amazonaws\.com/, "the AWS console"],
];

/** DeletePodIdentityAssociation calls recorded by CloudTrail for this namespace and service account. */
export function deletedAssociations(s: Snapshot, f: Facts): DeletedAssociation[] {
  const out: DeletedAssociation[] = [];
  for (const e of valueOf(s.aws.cloudTrail) ?? []) {
    if (e.EventName !== "DeletePodIdentityAssociation") continue;
    const record = e.CloudTrailEvent as {
      responseElements?: { association?: Record<string, unknown> } | null;
      requestParameters?: Record<string, unknown> | null;
      userIdentity?: { arn?: string };
      errorCode?: string;
      userAgent?: string;
    };
    if (record.errorCode) continue;
    const a = record.responseElements?.association ?? {};
    const text = (k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
    if (text("namespace") !== f.workload.namespace || text("serviceAccount") !== f.workload.serviceAccountName) continue;
    out.push({
      associationId: text("associationId") ?? String(record.requestParameters?.["associationId"] ?? "(unknown id)"),
      namespace: f.workload.namespace,
      serviceAccount: f.workload.serviceAccountName ?? "",
      roleArn: text("roleArn"),
      time: e.EventTime,
      by: record.userIdentity?.arn ?? e.Username ?? null,
      tool: TOOLS.find(([re]) => re.test(record.userAgent ?? ""))?.[1] ?? null,
    });
  }
  return out.sort((x, y) => compareText(x.time, y.time) || compareText(x.associationId, y.associationId));
}
