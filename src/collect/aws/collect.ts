// The AWS side of a live collection. Round 1 needs nothing from the cluster (caller identity, the EKS
// cluster, its Pod Identity associations and agent add-on, the account's OIDC providers, CloudTrail);
// the roles follow the moment the cluster side names them (ServiceAccount annotation, pod AWS_ROLE_ARN,
// associations), each role read once with its policies, each managed policy once for every role.

import { validateRoleArn } from "../../iam/index.js";
import { roleNameFromArn } from "../../snapshot/load/arn.js";
import type { Pod, ServiceAccount } from "../../snapshot/types.js";
import type { Calls } from "../calls.js";
import type { Dep, K8sSignals } from "../kubernetes/collect.js";
import { roundOf, valueOr } from "../outcome.js";
import type { AwsReads } from "./reads.js";
import { associationsElsewhere, roleArnsOfPod } from "./elsewhere.js";
import type { AwsContext } from "./context.js";
import { POD_IDENTITY_AGENT } from "../../kube/eks-names.js";
import { lookUpSigners, trailLookup, trailWindow } from "./signers.js";
import { chainedTargets } from "./chained-targets.js";

const AGENT_ADDON = POD_IDENTITY_AGENT;
const HOUR = 3600_000;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * The role a value names, or most likely means: a malformed annotation ("arn:aws:iam:::1111:role/x", a bare
 * role name) still says which role was intended, and reading it lets the report say whether that role exists.
 */
function intendedRoleName(value: string): string | null {
  const direct = roleNameFromArn(value);
  if (direct) return direct;
  const v = validateRoleArn(value);
  if (v.ok) return v.roleName;
  if (v.suggestion) return roleNameFromArn(v.suggestion);
  return v.code === "role_name_not_arn" ? value.trim() : null;
}

/** Roles of the associations CloudTrail saw deleted for this namespace and service account. */
function deletedAssociationRoles(lookup: Obj | undefined, namespace: string, serviceAccount: string | null): string[] {
  const arns: string[] = [];
  for (const e of (lookup?.["Events"] as Obj[] | undefined) ?? []) {
    let record: unknown = e["CloudTrailEvent"];
    try {
      record = typeof record === "string" ? JSON.parse(record) : record;
    } catch {
      continue;
    }
    const a = ((record as { responseElements?: { association?: Obj } } | null)?.responseElements?.association ?? {}) as Obj;
    if (a["namespace"] === namespace && a["serviceAccount"] === serviceAccount && typeof a["roleArn"] === "string") arns.push(a["roleArn"]);
  }
  return arns;
}

export async function collectAws(aws: AwsReads, calls: Calls, ctx: AwsContext, k8s: K8sSignals): Promise<void> {
  const work: Promise<unknown>[] = [];
  const go = (p: Promise<unknown>) => void work.push(p);
  const cluster = ctx.cluster;
  const regional = ctx.region !== null;

  // ---- round 1
  go(
    aws.call(
      {
        service: "sts",
        operation: "GetCallerIdentity",
        input: {},
        cli: "get-caller-identity",
        args: "",
        subject: "caller",
        what: "the caller identity",
        fileSubject: null,
      },
      0,
    ),
  );
  const describeCluster =
    cluster && regional
      ? aws.call(
          {
            service: "eks",
            operation: "DescribeCluster",
            input: { name: cluster },
            cli: "describe-cluster",
            args: `--name ${cluster}`,
            subject: cluster,
            what: `EKS cluster ${cluster}`,
            fileSubject: cluster,
          },
          0,
        )
      : undefined;
  // The associations about this workload (its own, and the near misses: same namespace, or the same
  // service account elsewhere) are described page by page as the list arrives: in a cluster with
  // hundreds of associations, waiting for the last page would put every page on the critical path.
  const describing: Promise<unknown>[] = [];
  const describeRelevant = (page: Record<string, unknown>, round: number) =>
    void describing.push(
      (async () => {
        const sa = await k8s.serviceAccountName;
        const relevant = ((page["associations"] as Obj[] | undefined) ?? []).filter(
          (a) => a["namespace"] === ctx.namespace || (sa.value !== null && a["serviceAccount"] === sa.value),
        );
        await Promise.all(
          relevant.map(async (a) => {
            const id = String(a["associationId"] ?? "");
            const d = await aws.call(
              {
                service: "eks",
                operation: "DescribePodIdentityAssociation",
                input: { clusterName: cluster, associationId: id },
                cli: "describe-pod-identity-association",
                args: `--cluster-name ${cluster} --association-id ${id}`,
                subject: id,
                what: `pod identity association ${id}`,
                fileSubject: `${String(a["namespace"])}-${String(a["serviceAccount"])}`,
              },
              roundOf({ round }, sa),
            );
            const described = valueOr(d)?.["association"] as Obj | undefined;
            roleOfArn(str(described?.["roleArn"]), d.round);
            // A cross-account association's target role, which EKS Auth chains to: read by name like a chained
            // target the log names (in another account usually refused or not found, and the report says why).
            roleOfArn(str(described?.["targetRoleArn"]), d.round);
          }),
        );
      })(),
    );
  const associations =
    cluster && regional
      ? aws.paged(
          {
            service: "eks",
            operation: "ListPodIdentityAssociations",
            input: { clusterName: cluster, maxResults: 100 },
            cli: "list-pod-identity-associations",
            args: `--cluster-name ${cluster}`,
            subject: cluster,
            what: `the pod identity associations of cluster ${cluster}`,
            fileSubject: null,
          },
          0,
          (p) => p["nextToken"],
          (input, nextToken) => ({ ...input, nextToken }),
          (_page, _more, value, round) => describeRelevant(value, round),
        )
      : undefined;
  if (cluster && regional) {
    go(
      aws.call(
        {
          service: "eks",
          operation: "DescribeAddon",
          input: { clusterName: cluster, addonName: AGENT_ADDON },
          cli: "describe-addon",
          args: `--cluster-name ${cluster} --addon-name ${AGENT_ADDON}`,
          subject: AGENT_ADDON,
          what: `the ${AGENT_ADDON} add-on of cluster ${cluster}`,
          fileSubject: AGENT_ADDON,
        },
        0,
      ),
    );
  }
  const providers = aws.call(
    {
      service: "iam",
      operation: "ListOpenIDConnectProviders",
      input: {},
      cli: "list-open-id-connect-providers",
      args: "",
      subject: "*",
      what: "the account's OIDC providers",
      fileSubject: null,
    },
    0,
  );
  // Tracked on their own too: what depends on them may not run (no cluster, no issuer).
  for (const p of [describeCluster, associations, providers]) if (p) go(p);
  /** One page of the calls named `eventName` in the window of `spanMs` up to the incident. */
  const byEventName = (eventName: string, spanMs: number, after: number) =>
    trailLookup(
      aws,
      "EventName",
      eventName,
      trailWindow(ctx, spanMs),
      { subject: eventName, what: `CloudTrail ${eventName} events`, fileSubject: eventName },
      after,
    );
  let deletions: ReturnType<AwsReads["call"]> | undefined;
  if (regional) {
    // Web identity exchanges around the incident, reaching back three hours: a web identity session lasts an
    // hour by default and the SDK renews it shortly before it ends, so a pod that stopped getting credentials
    // shows its last good exchange up to an hour before the failure began, which itself comes before anyone
    // notices it; two renewals before that show the rhythm the failure broke. Association deletions over the
    // week before it.
    go(byEventName("AssumeRoleWithWebIdentity", 4 * HOUR, 0));
    deletions = byEventName("DeletePodIdentityAssociation", 7 * 24 * HOUR, 0);
    go(deletions);
  }
  // A workload holding a role that calls sts:AssumeRole (on itself, or on a role that does not trust it) is
  // refused, and CloudTrail records the refused call without `resources`: a lookup by the role's name misses
  // it, one by EventName finds it. Once per collection, when the pod names a role.
  const assumeRoleCalls = (after: number) => calls.once("AssumeRole lookup", () => byEventName("AssumeRole", 2 * HOUR, after));

  // ---- the cluster's OIDC provider, once both the issuer and the account's list are known. The issuer is
  // describe-cluster's; a cluster that is not EKS (kOps, kubeadm), or whose describe-cluster is refused,
  // states it in the API server's discovery document, read then (the list is read meanwhile).
  go(
    (async () => {
      const c = describeCluster ? await describeCluster : undefined;
      const described = valueOr(c) as Obj | undefined;
      const fromApiServer = described ? undefined : await k8s.issuerDiscovery(roundOf(c));
      const issuer = described
        ? str(((described["cluster"] as Obj | undefined)?.["identity"] as { oidc?: { issuer?: string } } | undefined)?.oidc?.issuer)
        : valueOr(fromApiServer)?.issuer;
      const list = await providers;
      const arns = ((valueOr(list)?.["OpenIDConnectProviderList"] as { Arn?: string }[] | undefined) ?? []).map((p) => p.Arn ?? "");
      const suffix = issuer ? `:oidc-provider/${issuer.replace(/^https:\/\//, "")}`.toLowerCase() : null;
      const arn = suffix ? arns.find((a) => a.toLowerCase().endsWith(suffix)) : undefined;
      if (!arn) return;
      await aws.call(
        {
          service: "iam",
          operation: "GetOpenIDConnectProvider",
          input: { OpenIDConnectProviderArn: arn },
          cli: "get-open-id-connect-provider",
          args: `--open-id-connect-provider-arn ${arn}`,
          subject: arn,
          what: `OIDC provider ${arn}`,
          fileSubject: arn.split("/").pop() ?? null,
        },
        roundOf(c, fromApiServer, list),
      );
    })(),
  );

  // ---- the account's attached customer managed policies with their default versions, read in round 1
  // so a role's policy documents come one round after its policy list (GetPolicy would add a round).
  // 1,000 a page, IAM's most. A longer list (a large account) is not waited for: its further pages are
  // dependent requests, so a policy then asks GetPolicy for its version, one round more, never several.
  let firstPage!: (more: boolean) => void;
  const pagesToCome = new Promise<boolean>((resolve) => (firstPage = resolve));
  const localPolicies = aws.paged(
    {
      service: "iam",
      operation: "ListPolicies",
      input: { Scope: "Local", OnlyAttached: true, PolicyUsageFilter: "PermissionsPolicy", MaxItems: 1000 },
      cli: "list-policies",
      args: "--scope Local --only-attached --policy-usage-filter PermissionsPolicy",
      subject: "local",
      what: "the account's attached customer managed policies",
      fileSubject: null,
    },
    0,
    (p) => (p["IsTruncated"] ? p["Marker"] : undefined),
    (input, Marker) => ({ ...input, Marker }),
    (page, more) => page === 1 && firstPage(more),
  );
  go(localPolicies.finally(() => firstPage(false)));
  let listedPolicies: Awaited<typeof localPolicies> | undefined;
  go(localPolicies.then((listed) => (listedPolicies = listed)));

  // ---- roles, each once, with their policies; managed policies once for all roles
  const policyVersion = (arn: string, version: string, name: string, after: number) =>
    aws.call(
      {
        service: "iam",
        operation: "GetPolicyVersion",
        input: { PolicyArn: arn, VersionId: version },
        cli: "get-policy-version",
        args: `--policy-arn ${arn} --version-id ${version}`,
        subject: `${arn}:${version}`,
        what: `version ${version} of policy ${arn}`,
        fileSubject: name,
      },
      after,
    );
  const policy = (arn: string, name: string, after: number) =>
    calls.once(`policy ${arn}`, async () => {
      const listed = (await pagesToCome) ? listedPolicies : await localPolicies;
      const known = ((valueOr(listed)?.["Policies"] as { Arn?: string; DefaultVersionId?: string }[] | undefined) ?? []).find(
        (p) => p.Arn === arn,
      );
      if (listed && known?.DefaultVersionId) {
        const version = known.DefaultVersionId;
        await policyVersion(arn, version, name, Math.max(after, listed.round));
        return;
      }
      // AWS managed policies, a list not read (yet): ask the policy itself for its default version.
      const p = await aws.call(
        {
          service: "iam",
          operation: "GetPolicy",
          input: { PolicyArn: arn },
          cli: "get-policy",
          args: `--policy-arn ${arn}`,
          subject: arn,
          what: `policy ${arn}`,
          fileSubject: name,
        },
        after,
      );
      const version = str((valueOr(p)?.["Policy"] as Obj | undefined)?.["DefaultVersionId"]);
      if (!version) return;
      await policyVersion(arn, version, name, p.round);
    });
  // The role's own changes (trust policy, policies) from a week before the incident up to now: a fix made
  // after the failure turns the errors still in the logs into history (src/diagnosis/timeline.ts).
  const roleHistory = (name: string, after: number) => {
    const end = ctx.now;
    const from = ctx.incidentTime ? Math.min(Date.parse(ctx.incidentTime), end.getTime()) : end.getTime();
    const start = new Date(from - 7 * 24 * HOUR);
    const named = { subject: `role ${name}`, what: `CloudTrail events of role ${name}`, fileSubject: `iam-role-${name}` };
    return trailLookup(aws, "ResourceName", name, { start, end }, named, after);
  };
  const role = (name: string, after: number) =>
    calls.once(`role ${name}`, async () => {
      const byRole = { args: `--role-name ${name}`, fileSubject: name };
      const attached = aws.paged(
        {
          service: "iam",
          operation: "ListAttachedRolePolicies",
          input: { RoleName: name },
          cli: "list-attached-role-policies",
          subject: name,
          what: `the managed policies of role ${name}`,
          ...byRole,
        },
        after,
        (p) => (p["IsTruncated"] ? p["Marker"] : undefined),
        (input, Marker) => ({ ...input, Marker }),
      );
      const inline = aws.paged(
        {
          service: "iam",
          operation: "ListRolePolicies",
          input: { RoleName: name },
          cli: "list-role-policies",
          subject: name,
          what: `the inline policies of role ${name}`,
          ...byRole,
        },
        after,
        (p) => (p["IsTruncated"] ? p["Marker"] : undefined),
        (input, Marker) => ({ ...input, Marker }),
      );
      const jobs: Promise<unknown>[] = [
        aws.call(
          {
            service: "iam",
            operation: "GetRole",
            input: { RoleName: name },
            cli: "get-role",
            subject: name,
            what: `role ${name}`,
            ...byRole,
          },
          after,
        ),
      ];
      if (regional) jobs.push(roleHistory(name, after));
      const a = await attached;
      for (const p of (valueOr(a)?.["AttachedPolicies"] as { PolicyArn?: string; PolicyName?: string }[] | undefined) ?? []) {
        if (p.PolicyArn) jobs.push(policy(p.PolicyArn, p.PolicyName ?? p.PolicyArn.split("/").pop() ?? "", a.round));
      }
      const i = await inline;
      for (const policyName of (valueOr(i)?.["PolicyNames"] as string[] | undefined) ?? []) {
        jobs.push(
          aws.call(
            {
              service: "iam",
              operation: "GetRolePolicy",
              input: { RoleName: name, PolicyName: policyName },
              cli: "get-role-policy",
              args: `--role-name ${name} --policy-name ${policyName}`,
              subject: `${name}/${policyName}`,
              what: `inline policy ${policyName} of role ${name}`,
              fileSubject: `${name}-${policyName}`,
            },
            i.round,
          ),
        );
      }
      await Promise.all(jobs);
    });
  const roleOfArn = (arn: string | undefined, after: number) => {
    const name = arn ? intendedRoleName(arn) : null;
    if (name) go(role(name, after));
  };

  // The roles the workload itself holds, and then its refused AssumeRole calls.
  const podRole = (arn: string | undefined, after: number) => {
    roleOfArn(arn, after);
    if (arn && regional) go(assumeRoleCalls(after));
  };
  // The pod first: a role is read once, with the round of whoever asks first, and when both answers are in
  // before this runs (the AWS SDK loads while they travel), the pod's env names the role a round earlier than
  // its service account.
  go(
    k8s.pod.then((pod: Dep<Pod | null>) => {
      for (const arn of pod.value ? roleArnsOfPod(pod.value) : []) podRole(arn, pod.round);
    }),
  );
  go(
    k8s.serviceAccount.then((sa: Dep<ServiceAccount | null>) =>
      podRole(sa.value?.metadata.annotations?.["eks.amazonaws.com/role-arn"], sa.round),
    ),
  );

  // A role the pod's log says it was refused a chained sts:AssumeRole on: its trust policy is what refused it (or
  // the pod's own policies are), as a bundle holding it shows offline. GetRole reads by name in the caller's own
  // account: a target in another account comes back NoSuchEntity, AccessDenied or a namesake, and the report says
  // it could not be read from there (src/checks/trust-policy/chained-target.ts).
  go(
    k8s.podLogs.then((logs: Dep<string[]>) => {
      for (const arn of chainedTargets(logs.value).slice(0, 3)) roleOfArn(arn, logs.round);
    }),
  );

  // Who really signs the pod's calls, when its logs or env name an IAM user or a key, or it may carry static keys.
  if (regional) {
    const rolesOfPod = async (pod: Pod): Promise<string[]> => {
      const sa = await k8s.serviceAccount;
      const arns = [...roleArnsOfPod(pod), sa.value?.metadata.annotations?.["eks.amazonaws.com/role-arn"]];
      const names = [...new Set(arns.map((a) => (a ? intendedRoleName(a) : null)).filter((n): n is string => n !== null))];
      // Started already when the pod and the service account named them: this waits for the same reads.
      await Promise.all(names.map((n) => role(n, sa.round)));
      return names;
    };
    go(lookUpSigners(aws, ctx, k8s.pod, k8s.podLogs, rolesOfPod));
  }

  // A deleted association's role: whether it still trusts Pod Identity is the fix's first question.
  if (deletions) {
    const lookup = deletions;
    go(
      Promise.all([lookup, k8s.serviceAccountName]).then(([l, sa]) => {
        for (const arn of deletedAssociationRoles(valueOr(l), ctx.namespace, sa.value)) roleOfArn(arn, roundOf(l, sa));
      }),
    );
  }

  if (associations) go(associations.then(() => Promise.all(describing)));
  if (associations && cluster && regional) go(associationsElsewhere(aws, ctx, cluster, associations, k8s, roleOfArn));

  for (let settled = 0; settled < work.length;) {
    const batch = work.slice(settled);
    settled = work.length;
    await Promise.allSettled(batch);
  }
}
