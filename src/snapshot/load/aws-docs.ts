// Turns the classified outputs of aws/ into AwsDocs: merges outputs that come in several files and
// attributes those that carry no owner (which role a policy list is for, which policy a version
// belongs to, which ARN an OIDC provider has). What cannot be attributed becomes a problem that says
// how to name the file, never a guess.

import type { CloudTrailEvent, SnapshotProblem, Target } from "../types.js";
import { oidcProviderArn, parseArn, partitionOfRegion, roleNameFromArn } from "./arn.js";
import type { AwsOutput } from "./aws-shapes.js";
import { joinSources } from "./sources.js";
import { nameInPath } from "./file-naming.js";
import type { AttachedPolicy, AwsDocs, Sourced } from "./raw-types.js";

export interface ClassifiedFile {
  source: string;
  output: AwsOutput;
}

type Of<K extends AwsOutput["kind"]> = Extract<AwsOutput, { kind: K }>["value"];

function pick<K extends AwsOutput["kind"]>(files: ClassifiedFile[], kind: K): Sourced<Of<K>>[] {
  return files
    .filter((f) => f.output.kind === kind)
    .map((f) => ({ value: f.output.value as Of<K>, source: f.source }));
}

const uniqueSorted = (xs: string[]) => [...new Set(xs)].sort();

/**
 * Builds AwsDocs. `roleArnHints` are role ARNs named outside aws/ (ServiceAccount annotation, pod env):
 * they help attribute a policy list whose file is named after the role.
 */
export function buildAwsDocs(files: ClassifiedFile[], target: Target, roleArnHints: string[]): {
  docs: AwsDocs;
  problems: SnapshotProblem[];
} {
  const problems: SnapshotProblem[] = [];

  const identities = pick(files, "sts.get-caller-identity");
  const callerIdentity = identities[0];
  for (const other of identities.slice(1)) {
    if (other.value.Arn !== callerIdentity?.value.Arn) {
      problems.push({ source: other.source, message: `a second get-caller-identity output (${other.value.Arn}) differs from ${callerIdentity?.source}; that one is used` });
    }
  }

  const roles: Sourced<Of<"iam.get-role">>[] = [];
  for (const role of pick(files, "iam.get-role")) {
    const dup = roles.find((r) => r.value.RoleName === role.value.RoleName);
    if (dup) problems.push({ source: role.source, message: `role ${role.value.RoleName} is also in ${dup.source}; that one is used` });
    else roles.push(role);
  }
  const inlineRolePolicies = pick(files, "iam.get-role-policy");
  const describedAssociations = pick(files, "eks.describe-pod-identity-association");
  const listed = pick(files, "eks.list-pod-identity-associations");
  const podIdentityAssociationSummaries = listed.length
    ? listed.flatMap((l) => l.value.map((value) => ({ value, source: l.source })))
    : undefined;

  const knownRoles = new Set<string>([
    ...roles.map((r) => r.value.RoleName),
    ...inlineRolePolicies.map((p) => p.value.RoleName),
  ]);
  const arns = [...roleArnHints, ...describedAssociations.map((a) => a.value.roleArn ?? "")];
  for (const arn of arns) {
    const name = roleNameFromArn(arn);
    if (name) knownRoles.add(name);
  }

  const attachedRolePolicies = mergeByRole(pick(files, "iam.list-attached-role-policies"), knownRoles, "list-attached-role-policies", problems, (a, b) =>
    [...a, ...b.filter((p) => !a.some((q) => q.PolicyArn === p.PolicyArn))].sort((x, y) => x.PolicyArn.localeCompare(y.PolicyArn)),
  );
  const inlineRolePolicyNames = mergeByRole(pick(files, "iam.list-role-policies"), knownRoles, "list-role-policies", problems, (a, b) =>
    uniqueSorted([...a, ...b]),
  );

  const attachedPolicies = Object.values(attachedRolePolicies).flatMap((s) => s.value);
  const policyVersions = pick(files, "iam.get-policy-version").flatMap((v) => {
    const policy = attributePolicyVersion(v.source, attachedPolicies);
    if (typeof policy === "string") {
      problems.push({ source: v.source, message: policy });
      return [];
    }
    return [{ value: { PolicyArn: policy.PolicyArn, ...v.value }, source: v.source }];
  });

  const listFiles = pick(files, "iam.list-open-id-connect-providers");
  const oidcProviderList = listFiles.length
    ? { value: uniqueSorted(listFiles.flatMap((l) => l.value)), source: joinSources(listFiles) }
    : undefined;
  const clusters = pick(files, "eks.describe-cluster");
  const account =
    target.account ??
    callerIdentity?.value.Account ??
    [...clusters.map((c) => c.value.arn), ...roles.map((r) => r.value.Arn), ...arns]
      .map((arn) => parseArn(arn)?.account)
      .find((a) => a && /^\d{12}$/.test(a)) ??
    null;
  const partition = parseArn(clusters[0]?.value.arn ?? "")?.partition || partitionOfRegion(target.region);
  const oidcProviders = pick(files, "iam.get-open-id-connect-provider").flatMap((p) => {
    const suffix = `:oidc-provider/${p.value.Url}`.toLowerCase();
    const arn =
      oidcProviderList?.value.find((a) => a.toLowerCase().endsWith(suffix)) ??
      (account ? oidcProviderArn(partition, account, p.value.Url) : null);
    if (!arn) {
      problems.push({
        source: p.source,
        message: `get-open-id-connect-provider output for ${p.value.Url} carries no ARN and the account is unknown — add \`account: <12-digit id>\` to target.yaml or include the list-open-id-connect-providers output`,
      });
      return [];
    }
    return [{ value: { Arn: arn, ...p.value }, source: p.source }];
  });

  const trail = pick(files, "cloudtrail.lookup-events");
  const events = new Map<string, CloudTrailEvent>();
  for (const t of trail) for (const e of t.value) if (!events.has(e.EventId)) events.set(e.EventId, e);
  const cloudTrailEvents = trail.length
    ? {
        value: [...events.values()].sort((a, b) => a.EventTime.localeCompare(b.EventTime) || a.EventId.localeCompare(b.EventId)),
        source: joinSources(trail),
      }
    : undefined;

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
  };
  if (callerIdentity) docs.callerIdentity = callerIdentity;
  if (podIdentityAssociationSummaries) docs.podIdentityAssociationSummaries = podIdentityAssociationSummaries;
  if (oidcProviderList) docs.oidcProviderList = oidcProviderList;
  if (cloudTrailEvents) docs.cloudTrailEvents = cloudTrailEvents;
  return { docs, problems };
}

/** Attributes role-less outputs to a role: by file name, else the only role known, else a problem. */
function mergeByRole<T>(
  items: Sourced<T>[],
  knownRoles: Set<string>,
  command: string,
  problems: SnapshotProblem[],
  merge: (a: T, b: T) => T,
): Record<string, Sourced<T>> {
  const out: Record<string, Sourced<T>> = {};
  const only = knownRoles.size === 1 ? [...knownRoles][0] : undefined;
  for (const item of items) {
    const role = nameInPath(item.source, knownRoles) ?? only;
    if (!role) {
      const known = knownRoles.size ? `none of the roles in the snapshot (${[...knownRoles].sort().join(", ")})` : "no role (the snapshot has no get-role output)";
      problems.push({
        source: item.source,
        message: `${command} output does not say which role it is for and its file name names ${known} — rename it to include the role name, e.g. aws/${command}-<role-name>.json`,
      });
      continue;
    }
    const prev = out[role];
    out[role] = prev
      ? { value: merge(prev.value, item.value), source: joinSources([prev, item]) }
      : { value: merge(item.value, item.value), source: item.source };
  }
  return out;
}

function attributePolicyVersion(source: string, attached: AttachedPolicy[]): AttachedPolicy | string {
  const name = nameInPath(source, attached.map((p) => p.PolicyName));
  const matches = [...new Map(attached.filter((p) => p.PolicyName === name).map((p) => [p.PolicyArn, p])).values()];
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    return `get-policy-version output matches several attached policies named ${name} (${matches.map((m) => m.PolicyArn).join(", ")}) — keep one per file and name it after the policy`;
  }
  const names = uniqueSorted(attached.map((p) => p.PolicyName));
  return `get-policy-version output does not say which policy it is for and its file name names none of the attached policies (${names.length ? names.join(", ") : "no list-attached-role-policies output was attributed"}) — rename it to include the policy name, e.g. aws/get-policy-version-<policy-name>.json`;
}
