// Turns the classified AWS outputs into the AwsEvidence the checks read. The items the diagnosis looks
// for by name (the cluster's OIDC provider, the roles the pod is told to use) are keyed even when
// aws/ lacks them, so a check can say which role or provider was looked for and how to collect it.

import { type Evidence, absent, found, unavailable } from "../evidence.js";
import type {
  AwsEvidence,
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
import type { AwsDocs, Sourced } from "./raw-types.js";
import { joinSources } from "./sources.js";

const AGENT_ADDON = "eks-pod-identity-agent";


export function buildAwsEvidence(
  target: Target,
  aws: AwsDocs,
  awsPresent: boolean,
  k8s: KubernetesEvidence,
): { evidence: AwsEvidence; problems: SnapshotProblem[] } {
  const problems: SnapshotProblem[] = [];
  const none = <T>(what: string, command: string): Evidence<T> =>
    unavailable(
      "not_collected",
      awsPresent
        ? `${what}: not collected — aws/ holds no output of \`aws ${command} --output json\``
        : `${what}: not collected — the snapshot has no aws/ folder`,
    );
  const fromSourced = <T>(s: Sourced<T> | undefined, what: string, command: string): Evidence<T> =>
    s ? found(s.value, s.source) : none(what, command);

  // ---- the cluster
  const clusterDoc =
    aws.clusters.find((c) => c.value.name === target.cluster) ?? (target.cluster === null && aws.clusters.length === 1 ? aws.clusters[0] : undefined);
  const cluster: Evidence<EksCluster> = clusterDoc
    ? found(clusterDoc.value, clusterDoc.source)
    : aws.clusters.length > 0
      ? unavailable("not_collected", `aws/ describes cluster ${aws.clusters.map((c) => c.value.name).sort().join(", ")}, not ${target.cluster}`, { source: joinSources(aws.clusters) })
      : none("the cluster description", `eks describe-cluster --name ${target.cluster ?? "<cluster>"}`);
  const clusterName = clusterDoc?.value.name ?? target.cluster;

  // ---- pod identity associations: summaries merged with described ones, this cluster's only
  const merged = new Map<string, Sourced<PodIdentityAssociation>>();
  for (const a of [...(aws.podIdentityAssociationSummaries ?? []), ...aws.podIdentityAssociations]) {
    const prev = merged.get(a.value.associationId);
    merged.set(a.value.associationId, prev ? { value: { ...prev.value, ...a.value }, source: joinSources([prev, a]) } : a);
  }
  const kept = [...merged.values()].filter((a) => {
    if (clusterName === null || a.value.clusterName === clusterName) return true;
    problems.push({ source: a.source, message: `pod identity association ${a.value.associationId} is for cluster ${a.value.clusterName}, not ${clusterName}; ignored` });
    return false;
  });
  kept.sort((a, b) => a.value.namespace.localeCompare(b.value.namespace) || a.value.serviceAccount.localeCompare(b.value.serviceAccount) || a.value.associationId.localeCompare(b.value.associationId));
  const anyAssociationOutput = aws.podIdentityAssociationSummaries !== undefined || aws.podIdentityAssociations.length > 0;
  const podIdentityAssociations: Evidence<PodIdentityAssociation[]> = anyAssociationOutput
    ? found(kept.map((a) => a.value), joinSources(kept.length ? kept : [...(aws.podIdentityAssociationSummaries ?? []), ...aws.podIdentityAssociations]) || "aws/")
    : none("the pod identity associations", `eks list-pod-identity-associations --cluster-name ${clusterName ?? "<cluster>"}`);

  // ---- the Pod Identity agent add-on
  const addon = aws.addons.find((a) => a.value.addonName === AGENT_ADDON && (!a.value.clusterName || a.value.clusterName === clusterName));
  const podIdentityAddon = fromSourced(addon, `the ${AGENT_ADDON} add-on`, `eks describe-addon --cluster-name ${clusterName ?? "<cluster>"} --addon-name ${AGENT_ADDON}`);

  // ---- OIDC providers: every one described, plus the cluster's own, looked for by ARN
  const oidcProviderList = fromSourced(aws.oidcProviderList, "the account's OIDC provider list", "iam list-open-id-connect-providers");
  const oidcProviders: Record<string, Evidence<OidcProvider>> = {};
  for (const p of aws.oidcProviders) oidcProviders[p.value.Arn] = found(p.value, p.source);
  const issuer = clusterDoc?.value.identity?.oidc?.issuer;
  const clusterArn = parseArn(clusterDoc?.value.arn ?? "");
  const account = target.account ?? aws.callerIdentity?.value.Account ?? clusterArn?.account ?? null;
  if (issuer && account) {
    const expected = oidcProviderArn(clusterArn?.partition || partitionOfRegion(target.region), account, issuer);
    const known = Object.keys(oidcProviders).some((arn) => arn.toLowerCase() === expected.toLowerCase());
    if (!known) {
      const listed = aws.oidcProviderList?.value.some((arn) => arn.toLowerCase() === expected.toLowerCase());
      oidcProviders[expected] =
        aws.oidcProviderList && !listed
          ? absent(aws.oidcProviderList.source, `the account's OIDC provider list has no provider for the cluster's issuer ${issuer}`)
          : none(`OIDC provider ${expected}`, `iam get-open-id-connect-provider --open-id-connect-provider-arn ${expected}`);
    }
  }

  // ---- roles: every one described, plus those the pod is told to use
  const roles: Record<string, Evidence<IamRole>> = {};
  for (const r of aws.roles) roles[r.value.RoleName] = found(r.value, r.source);
  for (const [name, why] of rolesLookedFor(k8s, kept.map((a) => a.value), target)) {
    roles[name] ??= none(`role ${name} (${why})`, `iam get-role --role-name ${name}`);
  }

  const rolePermissions: Record<string, Evidence<RolePermissions>> = {};
  const permissionRoles = new Set([...Object.keys(roles), ...Object.keys(aws.attachedRolePolicies), ...Object.keys(aws.inlineRolePolicyNames), ...aws.inlineRolePolicies.map((p) => p.value.RoleName)]);
  for (const name of [...permissionRoles].sort()) rolePermissions[name] = permissionsOf(name, aws, none);

  const cloudTrail = fromSourced(aws.cloudTrailEvents, "CloudTrail events", "cloudtrail lookup-events");
  const callerIdentity = fromSourced(aws.callerIdentity, "the caller identity", "sts get-caller-identity");

  return {
    evidence: { callerIdentity, cluster, podIdentityAssociations, podIdentityAddon, oidcProviderList, oidcProviders: sortKeys(oidcProviders), roles: sortKeys(roles), rolePermissions, cloudTrail },
    problems,
  };
}

/** Role names the target points at, with where each was named. */
function rolesLookedFor(k8s: KubernetesEvidence, associations: PodIdentityAssociation[], target: Target): Map<string, string> {
  const out = new Map<string, string>();
  const add = (arn: string | undefined, why: string) => {
    const name = arn ? roleNameFromArn(arn) : null;
    if (name && !out.has(name)) out.set(name, why);
  };
  if (k8s.serviceAccount.status === "found") {
    add(k8s.serviceAccount.value.metadata.annotations?.["eks.amazonaws.com/role-arn"], "named by the ServiceAccount annotation eks.amazonaws.com/role-arn");
  }
  if (k8s.pod.status === "found") {
    for (const c of [...k8s.pod.value.spec.containers, ...(k8s.pod.value.spec.initContainers ?? [])]) {
      add(c.env?.find((e) => e.name === "AWS_ROLE_ARN")?.value, `named by AWS_ROLE_ARN in container ${c.name}`);
    }
  }
  const sa = k8s.serviceAccount.status === "found" ? k8s.serviceAccount.value.metadata.name : target.serviceAccount;
  for (const a of associations) {
    if (a.namespace === target.namespace && a.serviceAccount === sa) add(a.roleArn, `named by pod identity association ${a.associationId}`);
  }
  return out;
}

function permissionsOf(name: string, aws: AwsDocs, none: <T>(what: string, command: string) => Evidence<T>): Evidence<RolePermissions> {
  const attached = aws.attachedRolePolicies[name];
  const inlineNames = aws.inlineRolePolicyNames[name];
  const inlineDocs = aws.inlineRolePolicies.filter((p) => p.value.RoleName === name);
  if (!attached && !inlineNames && inlineDocs.length === 0) {
    return none(`the policies of role ${name}`, `iam list-attached-role-policies --role-name ${name}`);
  }
  const used: { source: string }[] = [...(attached ? [attached] : []), ...(inlineNames ? [inlineNames] : []), ...inlineDocs];
  const value: RolePermissions = {
    attached: (attached?.value ?? []).map((p) => {
      const versions = aws.policyVersions.filter((v) => v.value.PolicyArn === p.PolicyArn);
      const version = versions.find((v) => v.value.IsDefaultVersion === true) ?? (versions.length === 1 ? versions[0] : undefined);
      if (!version) return { ...p };
      used.push(version);
      return { ...p, Document: version.value.Document };
    }),
    inline: [...new Set([...(inlineNames?.value ?? []), ...inlineDocs.map((d) => d.value.PolicyName)])].sort().map((policyName) => {
      const doc = inlineDocs.find((d) => d.value.PolicyName === policyName);
      return doc ? { PolicyName: policyName, Document: doc.value.PolicyDocument } : { PolicyName: policyName };
    }),
  };
  return found(value, joinSources(used));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
