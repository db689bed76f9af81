// Turns the classified AWS outputs into the AwsEvidence the checks read. The items the diagnosis looks
// for by name (the cluster's OIDC provider, the roles the pod is told to use) are keyed even when
// aws/ lacks them, so a check can say which role or provider was looked for and how to collect it.

import { type Evidence, absent, found, unavailable } from "../evidence.js";
import type {
  AwsEvidence,
  EksAddon,
  EksCluster,
  IamRole,
  KubernetesEvidence,
  OidcProvider,
  PodIdentityAssociation,
  RolePermissions,
  SnapshotProblem,
  Target,
} from "../types.js";
import { oidcProviderArn, parseArn, partitionOfRegion, roleNameFromArn } from "./arn.js";
import { type NotCollected, permissionsOf } from "./aws-permissions.js";
import { outcomeOf } from "./aws-errors.js";
import type { AwsDocs, Sourced } from "./raw-types.js";
import { joinSources } from "./sources.js";
import { compareText } from "../../util/compare.js";
import { POD_IDENTITY_AGENT } from "../../kube/eks-names.js";

const AGENT_ADDON = POD_IDENTITY_AGENT;

export function buildAwsEvidence(
  target: Target,
  aws: AwsDocs,
  awsPresent: boolean,
  k8s: KubernetesEvidence,
  nothingCollected = "the snapshot has no aws/ folder",
): { evidence: AwsEvidence; problems: SnapshotProblem[] } {
  const problems: SnapshotProblem[] = [];
  const none: NotCollected = (what, command) =>
    unavailable(
      "not_collected",
      awsPresent
        ? `${what}: not collected — aws/ holds no output of \`aws ${command} --output json\``
        : `${what}: not collected — ${nothingCollected}`,
    );
  // A recorded CLI error outranks "not collected": it proves absence, or says which permission was missing.
  const recorded = <T>(operation: string, subject: string | null): Evidence<T> | undefined => {
    const hit = aws.recordedErrors.find(
      (e) =>
        e.value.operation === operation &&
        (subject === null || e.value.subject === "" || e.value.subject.toLowerCase() === subject.toLowerCase()),
    );
    if (!hit) return undefined;
    const outcome = outcomeOf(hit.value);
    if (outcome.kind === "absent") return absent(hit.source, outcome.message);
    if (outcome.kind === "denied")
      return unavailable("permission_denied", outcome.message, { permission: outcome.permission, source: hit.source });
    return unavailable("error", outcome.message, { source: hit.source });
  };
  const fromSourced = <T>(s: Sourced<T> | undefined, what: string, command: string, operation: string): Evidence<T> =>
    s ? found(s.value, s.source) : (recorded<T>(operation, null) ?? none(what, command));

  const clusterDoc =
    aws.clusters.find((c) => c.value.name === target.cluster) ??
    (target.cluster === null && aws.clusters.length === 1 ? aws.clusters[0] : undefined);
  const clusterName = clusterDoc?.value.name ?? target.cluster;
  const clusterArg = clusterName ?? "<cluster>";

  let cluster: Evidence<EksCluster>;
  if (clusterDoc) cluster = found(clusterDoc.value, clusterDoc.source);
  else if (aws.clusters.length > 0) {
    const names = aws.clusters
      .map((c) => c.value.name)
      .sort()
      .join(", ");
    cluster = unavailable("not_collected", `aws/ describes cluster ${names}, not ${target.cluster}`, { source: joinSources(aws.clusters) });
  } else
    cluster =
      recorded<EksCluster>("DescribeCluster", clusterName) ?? none("the cluster description", `eks describe-cluster --name ${clusterArg}`);

  const associations = mergeAssociations(aws, clusterName);
  const podIdentityAssociations: Evidence<PodIdentityAssociation[]> = associations
    ? found(
        associations.kept.map((a) => a.value),
        associations.source,
      )
    : (recorded<PodIdentityAssociation[]>("ListPodIdentityAssociations", null) ??
      none("the pod identity associations", `eks list-pod-identity-associations --cluster-name ${clusterArg}`));

  const addon = aws.addons.find((a) => a.value.addonName === AGENT_ADDON && (!a.value.clusterName || a.value.clusterName === clusterName));
  const addonCommand = `eks describe-addon --cluster-name ${clusterArg} --addon-name ${AGENT_ADDON}`;

  const roles: Record<string, Evidence<IamRole>> = {};
  for (const r of aws.roles) roles[r.value.RoleName] = found(r.value, r.source);
  for (const [name, why] of rolesLookedFor(k8s, associations?.kept.map((a) => a.value) ?? [], target)) {
    roles[name] ??= recorded<IamRole>("GetRole", name) ?? none(`role ${name} (${why})`, `iam get-role --role-name ${name}`);
  }
  // A recorded GetRole error names its role, wanted or not (the target of a chained AssumeRole the log names).
  for (const e of aws.recordedErrors) {
    if (e.value.operation === "GetRole" && e.value.subject) roles[e.value.subject] ??= recorded<IamRole>("GetRole", e.value.subject)!;
  }
  const permissionRoles = new Set([
    ...Object.keys(roles),
    ...Object.keys(aws.attachedRolePolicies),
    ...Object.keys(aws.inlineRolePolicyNames),
    ...aws.inlineRolePolicies.map((p) => p.value.RoleName),
  ]);
  // A role proven not to exist has no policies either: say so, as the live collector does.
  const permissionsFor = (name: string): Evidence<RolePermissions> => {
    const role = roles[name];
    return role?.status === "absent"
      ? absent(role.source, `role ${name} does not exist, so it has no policies`)
      : permissionsOf(name, aws, none);
  };
  const rolePermissions = Object.fromEntries([...permissionRoles].sort().map((name) => [name, permissionsFor(name)]));

  const evidence: AwsEvidence = {
    callerIdentity: fromSourced(aws.callerIdentity, "the caller identity", "sts get-caller-identity", "GetCallerIdentity"),
    cluster,
    podIdentityAssociations,
    podIdentityAddon: addon
      ? found(addon.value, addon.source)
      : (recorded<EksAddon>("DescribeAddon", AGENT_ADDON) ?? none(`the ${AGENT_ADDON} add-on`, addonCommand)),
    oidcProviderList: fromSourced(
      aws.oidcProviderList,
      "the account's OIDC provider list",
      "iam list-open-id-connect-providers",
      "ListOpenIDConnectProviders",
    ),
    oidcProviders: oidcProvidersOf(target, aws, clusterDoc?.value, none),
    roles: sortKeys(roles),
    rolePermissions,
    cloudTrail: fromSourced(aws.cloudTrailEvents, "CloudTrail events", "cloudtrail lookup-events", "LookupEvents"),
  };
  // Another cluster's associations (a blue/green move): not this cluster's, but they show what was meant.
  if (associations && associations.elsewhere.length > 0) {
    evidence.otherClusterAssociations = found(
      associations.elsewhere.map((a) => a.value),
      joinSources(associations.elsewhere),
    );
  }
  return { evidence, problems };
}

/**
 * List summaries merged with described associations (described fields win). This cluster's are kept; other
 * clusters' go apart, as evidence that a service account's binding stayed where it came from (not a
 * problem of the bundle: a live diagnosis reads them on purpose).
 */
function mergeAssociations(aws: AwsDocs, clusterName: string | null) {
  const all = [...(aws.podIdentityAssociationSummaries ?? []), ...aws.podIdentityAssociations];
  if (aws.podIdentityAssociationSummaries === undefined && all.length === 0) return undefined;
  const merged = new Map<string, Sourced<PodIdentityAssociation>>();
  for (const a of all) {
    const prev = merged.get(a.value.associationId);
    merged.set(a.value.associationId, prev ? { value: { ...prev.value, ...a.value }, source: joinSources([prev, a]) } : a);
  }
  const elsewhere: Sourced<PodIdentityAssociation>[] = [];
  const kept = [...merged.values()].filter((a) => {
    if (clusterName === null || a.value.clusterName === clusterName) return true;
    elsewhere.push(a);
    return false;
  });
  kept.sort(
    (a, b) =>
      compareText(a.value.namespace, b.value.namespace) ||
      compareText(a.value.serviceAccount, b.value.serviceAccount) ||
      compareText(a.value.associationId, b.value.associationId),
  );
  return { kept, elsewhere, source: joinSources(kept.length ? kept : all) || "aws/" };
}

/** Every described provider, plus the cluster's own keyed by its ARN: absent when the list lacks it. */
function oidcProvidersOf(target: Target, aws: AwsDocs, cluster: EksCluster | undefined, none: NotCollected) {
  const providers: Record<string, Evidence<OidcProvider>> = {};
  for (const p of aws.oidcProviders) providers[p.value.Arn] = found(p.value, p.source);
  const issuer = cluster?.identity?.oidc?.issuer;
  const clusterArn = parseArn(cluster?.arn ?? "");
  const account = target.account ?? aws.callerIdentity?.value.Account ?? clusterArn?.account ?? null;
  if (!issuer || !account) return sortKeys(providers);

  const expected = oidcProviderArn(clusterArn?.partition || partitionOfRegion(target.region), account, issuer);
  const same = (arn: string) => arn.toLowerCase() === expected.toLowerCase();
  if (Object.keys(providers).some(same)) return sortKeys(providers);
  const list = aws.oidcProviderList;
  providers[expected] =
    list && !list.value.some(same)
      ? absent(list.source, `the account's OIDC provider list has no provider for the cluster's issuer ${issuer}`)
      : none(`OIDC provider ${expected}`, `iam get-open-id-connect-provider --open-id-connect-provider-arn ${expected}`);
  return sortKeys(providers);
}

/** Role names the target points at, with where each was named. */
function rolesLookedFor(k8s: KubernetesEvidence, associations: PodIdentityAssociation[], target: Target): Map<string, string> {
  const out = new Map<string, string>();
  const add = (arn: string | undefined, why: string) => {
    const name = arn ? roleNameFromArn(arn) : null;
    if (name && !out.has(name)) out.set(name, why);
  };
  if (k8s.serviceAccount.status === "found") {
    const annotation = k8s.serviceAccount.value.metadata.annotations?.["eks.amazonaws.com/role-arn"];
    add(annotation, "named by the ServiceAccount annotation eks.amazonaws.com/role-arn");
  }
  if (k8s.pod.status === "found") {
    for (const c of [...k8s.pod.value.spec.containers, ...(k8s.pod.value.spec.initContainers ?? [])]) {
      add(c.env?.find((e) => e.name === "AWS_ROLE_ARN")?.value, `named by AWS_ROLE_ARN in container ${c.name}`);
    }
  }
  const sa = k8s.serviceAccount.status === "found" ? k8s.serviceAccount.value.metadata.name : target.serviceAccount;
  for (const a of associations) {
    if (a.namespace !== target.namespace || a.serviceAccount !== sa) continue;
    add(a.roleArn, `named by pod identity association ${a.associationId}`);
    add(a.targetRoleArn, `the target role of pod identity association ${a.associationId}`);
  }
  return out;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
