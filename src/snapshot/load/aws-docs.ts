// Turns the classified outputs of aws/ into AwsDocs: merges outputs that come in several files and
// attributes those that carry no owner (which role a policy list is for, which policy a version
// belongs to, which ARN an OIDC provider has). What cannot be attributed becomes a problem that says
// how to name the file, never a guess.

import type { CloudTrailEvent, OidcProvider, SnapshotProblem, Target } from "../types.js";
import { oidcProviderArn, parseArn, partitionOfRegion, roleNameFromArn } from "./arn.js";
import { attributeToRoles, policyOfVersionFile } from "./aws-attribution.js";
import type { AwsOutput } from "./aws-shapes.js";
import type { AttachedPolicy, AwsDocs, Sourced } from "./raw-types.js";
import { joinSources } from "./sources.js";
import { compareText } from "../../util/compare.js";

export interface ClassifiedFile {
  source: string;
  output: AwsOutput;
}

type Of<K extends AwsOutput["kind"]> = Extract<AwsOutput, { kind: K }>["value"];

function pick<K extends AwsOutput["kind"]>(files: ClassifiedFile[], kind: K): Sourced<Of<K>>[] {
  return files.filter((f) => f.output.kind === kind).map((f) => ({ value: f.output.value as Of<K>, source: f.source }));
}

const uniqueSorted = (xs: string[]) => [...new Set(xs)].sort();

/**
 * Builds AwsDocs. `roleArnHints` are role ARNs named outside aws/ (ServiceAccount annotations, pod env):
 * they let a policy list named after the role be attributed even when its get-role output is missing.
 */
export function buildAwsDocs(
  files: ClassifiedFile[],
  target: Target,
  roleArnHints: string[],
): { docs: AwsDocs; problems: SnapshotProblem[] } {
  const problems: SnapshotProblem[] = [];

  const identities = pick(files, "sts.get-caller-identity");
  const callerIdentity = identities[0];
  for (const other of identities.slice(1)) {
    if (other.value.Arn === callerIdentity?.value.Arn) continue;
    const message = `a second get-caller-identity output (${other.value.Arn}) differs from ${callerIdentity?.source}; that one is used`;
    problems.push({ source: other.source, message });
  }

  // Keyed by name as they come: a list-roles output holds thousands, and a scan per role would be quadratic.
  const roles: Sourced<Of<"iam.get-role">>[] = [];
  const roleByName = new Map<string, Sourced<Of<"iam.get-role">>>();
  for (const role of pick(files, "iam.get-role")) {
    const dup = roleByName.get(role.value.RoleName);
    if (dup) problems.push({ source: role.source, message: `role ${role.value.RoleName} is also in ${dup.source}; that one is used` });
    else {
      roles.push(role);
      roleByName.set(role.value.RoleName, role);
    }
  }
  const listings = pick(files, "iam.list-roles");
  for (const listing of listings) {
    for (const value of listing.value.roles) {
      if (roleByName.has(value.RoleName)) continue;
      const role = { value, source: listing.source };
      roles.push(role);
      roleByName.set(value.RoleName, role);
    }
  }
  const inlineRolePolicies = pick(files, "iam.get-role-policy");
  const describedAssociations = pick(files, "eks.describe-pod-identity-association");
  const listedAssociations = pick(files, "eks.list-pod-identity-associations");
  const clusters = pick(files, "eks.describe-cluster");

  const roleArns = [...roleArnHints, ...describedAssociations.map((a) => a.value.roleArn ?? "")];
  const knownRoles = new Set([...roles.map((r) => r.value.RoleName), ...inlineRolePolicies.map((p) => p.value.RoleName)]);
  for (const arn of roleArns) {
    const name = roleNameFromArn(arn);
    if (name) knownRoles.add(name);
  }
  const byArn = (list: AttachedPolicy[]) =>
    [...new Map(list.map((p) => [p.PolicyArn, p])).values()].sort((x, y) => compareText(x.PolicyArn, y.PolicyArn));
  const attachedRolePolicies = attributeToRoles(
    pick(files, "iam.list-attached-role-policies"),
    knownRoles,
    "list-attached-role-policies",
    problems,
    (a, b = []) => byArn([...a, ...b]),
  );
  const inlineRolePolicyNames = attributeToRoles(
    pick(files, "iam.list-role-policies"),
    knownRoles,
    "list-role-policies",
    problems,
    (a, b = []) => uniqueSorted([...a, ...b]),
  );

  const attachedPolicies = Object.values(attachedRolePolicies).flatMap((s) => s.value);
  const policyVersions = pick(files, "iam.get-policy-version").flatMap((v) => {
    const policy = policyOfVersionFile(v.source, attachedPolicies);
    if (typeof policy !== "string") return [{ value: { PolicyArn: policy.PolicyArn, ...v.value }, source: v.source }];
    problems.push({ source: v.source, message: policy });
    return [];
  });

  const lists = pick(files, "iam.list-open-id-connect-providers");
  const oidcProviderList = lists.length ? { value: uniqueSorted(lists.flatMap((l) => l.value)), source: joinSources(lists) } : undefined;
  const account =
    target.account ??
    callerIdentity?.value.Account ??
    [...clusters.map((c) => c.value.arn), ...roles.map((r) => r.value.Arn), ...roleArns]
      .map((arn) => parseArn(arn)?.account)
      .find((a) => a !== undefined && /^\d{12}$/.test(a)) ??
    null;
  const partition = parseArn(clusters[0]?.value.arn ?? "")?.partition || partitionOfRegion(target.region);
  const oidcProviders = pick(files, "iam.get-open-id-connect-provider").flatMap((p) => {
    const provider = withArn(p, oidcProviderList?.value ?? [], partition, account);
    if (typeof provider !== "string") return [provider];
    problems.push({ source: p.source, message: provider });
    return [];
  });

  const docs: AwsDocs = {
    clusters,
    podIdentityAssociations: describedAssociations,
    addons: pick(files, "eks.describe-addon"),
    oidcProviders,
    roles,
    attachedRolePolicies,
    inlineRolePolicyNames,
    inlineRolePolicies,
    policyVersions,
    recordedErrors: [],
  };
  if (callerIdentity) docs.callerIdentity = callerIdentity;
  if (listings.length) {
    const complete = listings.every((l) => !l.value.truncated);
    const listedAccount =
      listings
        .flatMap((l) => l.value.roles)
        .map((r) => parseArn(r.Arn)?.account)
        .find((a) => a !== undefined) ?? account;
    docs.roleListing = { source: joinSources(listings), complete, account: listedAccount ?? null };
  }
  if (listedAssociations.length) {
    docs.podIdentityAssociationSummaries = listedAssociations.flatMap((l) => l.value.map((value) => ({ value, source: l.source })));
  }
  if (oidcProviderList) docs.oidcProviderList = oidcProviderList;
  const clusterLists = pick(files, "eks.list-clusters");
  if (clusterLists.length)
    docs.clusterNames = { value: uniqueSorted(clusterLists.flatMap((l) => l.value)), source: joinSources(clusterLists) };
  const trail = mergeCloudTrail(pick(files, "cloudtrail.lookup-events"));
  if (trail) docs.cloudTrailEvents = trail;
  return { docs, problems };
}

/** get-open-id-connect-provider carries no ARN: the listed ARN with its Url, else one built from the account. */
function withArn(
  p: Sourced<Omit<OidcProvider, "Arn">>,
  listed: string[],
  partition: string,
  account: string | null,
): Sourced<OidcProvider> | string {
  const suffix = `:oidc-provider/${p.value.Url}`.toLowerCase();
  const arn = listed.find((a) => a.toLowerCase().endsWith(suffix)) ?? (account ? oidcProviderArn(partition, account, p.value.Url) : null);
  if (arn) return { value: { Arn: arn, ...p.value }, source: p.source };
  return `get-open-id-connect-provider output for ${p.value.Url} carries no ARN and the account is unknown — add \`account: <12-digit id>\` to target.yaml or include the list-open-id-connect-providers output`;
}

/** Every lookup-events output as one list: de-duplicated by EventId, sorted by time. */
function mergeCloudTrail(outputs: Sourced<CloudTrailEvent[]>[]): Sourced<CloudTrailEvent[]> | undefined {
  if (outputs.length === 0) return undefined;
  const events = new Map<string, CloudTrailEvent>();
  for (const o of outputs) for (const e of o.value) if (!events.has(e.EventId)) events.set(e.EventId, e);
  const value = [...events.values()].sort((a, b) => compareText(a.EventTime, b.EventTime) || compareText(a.EventId, b.EventId));
  return { value, source: joinSources(outputs) };
}
