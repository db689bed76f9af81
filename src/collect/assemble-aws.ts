// The AWS half of a live Snapshot: the outputs go through the offline loader's own assembly
// (buildAwsEvidence), then each read that failed replaces the "not collected" it would otherwise leave:
// absent for NoSuchEntity / ResourceNotFound, permission_denied naming the IAM action, unreachable, or
// parse_error; a list read only in part is kept and the gap is reported as a problem.

import { type Evidence, unavailable } from "../snapshot/evidence.js";
import { buildAwsEvidence } from "../snapshot/load/aws-evidence.js";
import type { AwsEvidence, KubernetesEvidence, SnapshotProblem, Target } from "../snapshot/types.js";
import { fileAwsReads } from "./aws/docs.js";
import type { AwsRead } from "./aws/reads.js";
import { type Failure, failureEvidence } from "./outcome.js";
import { compareText } from "../util/compare.js";

export function awsEvidence(
  target: Target,
  reads: AwsRead[],
  k8s: KubernetesEvidence,
  missing: { cluster: string | null; region: string | null },
): { evidence: AwsEvidence; problems: SnapshotProblem[] } {
  const { docs, unusable } = fileAwsReads(reads);
  const built = buildAwsEvidence(target, docs, true, k8s);
  const ev = built.evidence;
  const problems: SnapshotProblem[] = [...built.problems];
  const failures: { read: AwsRead; failure: Failure }[] = [
    ...reads.flatMap((read) => (read.outcome.ok ? [] : [{ read, failure: read.outcome.failure }])),
    ...unusable,
  ].sort((a, b) => compareText(a.read.source, b.read.source));
  const failed = (operation: string, subject?: string) =>
    failures.find((f) => f.read.spec.operation === operation && (subject === undefined || f.read.spec.subject === subject));
  const evidenceOf = <T>(f: { read: AwsRead; failure: Failure }): Evidence<T> => failureEvidence(f.failure, f.read.source);
  const replace = <T>(operation: string, current: Evidence<T>, subject?: string): Evidence<T> => {
    const f = failed(operation, subject);
    return f && current.status !== "found" ? evidenceOf(f) : current;
  };

  ev.callerIdentity = replace("GetCallerIdentity", ev.callerIdentity);
  ev.cluster = replace("DescribeCluster", ev.cluster);
  // By subject: the same service account's lists in the region's other clusters are reads of their own.
  ev.podIdentityAssociations = replace("ListPodIdentityAssociations", ev.podIdentityAssociations, missing.cluster ?? undefined);
  ev.podIdentityAddon = replace("DescribeAddon", ev.podIdentityAddon);
  ev.oidcProviderList = replace("ListOpenIDConnectProviders", ev.oidcProviderList);
  for (const arn of Object.keys(ev.oidcProviders)) {
    // The cluster's provider is looked up from the list: when the list failed, that is why it is missing.
    const f = failed("GetOpenIDConnectProvider", arn) ?? failed("ListOpenIDConnectProviders");
    if (f && ev.oidcProviders[arn]?.status !== "found") ev.oidcProviders[arn] = evidenceOf(f);
  }
  for (const name of Object.keys(ev.roles)) ev.roles[name] = replace("GetRole", ev.roles[name] as Evidence<never>, name);
  for (const name of Object.keys(ev.rolePermissions)) {
    const lists = [failed("ListAttachedRolePolicies", name), failed("ListRolePolicies", name)].filter((f) => f !== undefined);
    const current = ev.rolePermissions[name] as Evidence<never>;
    if (lists[0] && current.status !== "found") ev.rolePermissions[name] = evidenceOf(lists[0]);
    else
      for (const f of lists) problems.push({ source: f.read.source, message: `${f.failure.detail}; the role's other policies were read` });
  }
  const trail = failures.filter((f) => f.read.spec.operation === "LookupEvents");
  if (trail[0] && ev.cloudTrail.status !== "found") ev.cloudTrail = evidenceOf(trail[0]);
  else for (const f of trail) problems.push({ source: f.read.source, message: `${f.failure.detail}; other CloudTrail lookups were read` });
  // Policy documents and described associations that could not be read leave a hole in found evidence.
  for (const f of failures) {
    if (["GetPolicy", "GetPolicyVersion", "GetRolePolicy", "DescribePodIdentityAssociation"].includes(f.read.spec.operation)) {
      problems.push({ source: f.read.source, message: f.failure.detail });
    }
    const elsewhere =
      f.read.spec.operation === "ListClusters" ||
      (f.read.spec.operation === "ListPodIdentityAssociations" && f.read.spec.subject !== missing.cluster);
    if (elsewhere)
      problems.push({
        source: f.read.source,
        message: `${f.failure.detail}; so whether another cluster holds this service account's association is not known`,
      });
  }

  // What could not be looked for at all, and why.
  const noCluster = "the EKS cluster name is not known — pass --cluster <name> (the kubeconfig context does not name an EKS cluster)";
  const noRegion = "no AWS region is known — pass --region or set AWS_REGION";
  const why = missing.region === null ? noRegion : missing.cluster === null ? noCluster : null;
  if (why) {
    const none = <T>(): Evidence<T> => unavailable("not_collected", why);
    ev.cluster = none();
    ev.podIdentityAssociations = none();
    ev.podIdentityAddon = none();
    if (missing.region === null) ev.cloudTrail = none();
    problems.push({ source: "live", message: why });
  }
  return { evidence: ev, problems };
}
