// One binding's Snapshot, cut from the fleet's evidence: its service account and pods, the cluster-wide
// objects (webhooks, the Pod Identity agent, its pods' nodes and namespace), the roles and associations it
// names. Then the same selection and AWS evidence the offline loader builds for `diagnose
// --service-account`, so the checks see exactly what they would see for one pod, less logs and CloudTrail.

import { absent, unavailable } from "../snapshot/evidence.js";
import { buildAwsEvidence } from "../snapshot/load/aws-evidence.js";
import { parseArn } from "../snapshot/load/arn.js";
import { referencedSecretKeys } from "../snapshot/load/secret-keys.js";
import { bundleConfigMapRead, referencedConfigMaps } from "../snapshot/configmap-env.js";
import type { AwsDocs, Sourced } from "../snapshot/load/raw-types.js";
import { selectEvidence } from "../snapshot/select.js";
import type { K8sObject, Pod, Snapshot } from "../snapshot/types.js";
import { ownersOf, roleNamesFor, type FleetIndex } from "./fleet-index.js";
import type { Binding } from "./types.js";

const NO_LOGS = "logs are not read by the fleet audit (run irsa-doctor diagnose on a failing pod to read them)";
const NO_TRAIL = "CloudTrail is not read by the fleet audit";

/** Only the policies of the roles kept: a record keyed by role name, filtered. */
function only<T>(record: Record<string, T>, names: Set<string>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => names.has(k)));
}

/** `pod`: the pod to judge (one of a group, see pod-groups.ts); null lets the selection pick, as `diagnose --service-account` does. */
export function bindingSnapshot(idx: FleetIndex, b: Binding, pod: string | null = null): Snapshot {
  const { fleet } = idx;
  const saKey = `${b.namespace}/${b.serviceAccount}`;
  const sa = idx.serviceAccounts.get(saKey);
  const pods = idx.podsBySa.get(saKey) ?? [];
  const objects: Sourced<K8sObject>[] = [...idx.shared, ...pods];
  if (sa) objects.push(sa);
  const owners = new Set<Sourced<K8sObject>>();
  for (const p of pods) for (const o of ownersOf(idx, p.value as Pod)) owners.add(o);
  objects.push(...owners);
  const ns = idx.namespaces.get(b.namespace);
  if (ns) objects.push(ns);
  const nodeNames = new Set(pods.map((p) => (p.value as Pod).spec.nodeName).filter((n): n is string => Boolean(n)));
  for (const n of nodeNames) {
    const node = idx.nodes.get(n);
    if (node) objects.push(node);
  }

  const target = { ...fleet.target, namespace: b.namespace, pod, serviceAccount: b.serviceAccount, instanceId: null, incidentTime: null };
  const presence = {
    k8s: fleet.k8sPresent,
    listedKinds: fleet.listedKinds,
    ...(fleet.failedReads ? { failedReads: fleet.failedReads } : {}),
    origin: fleet.origin === "live" ? "live" : "k8s/",
  };
  const k8s = selectEvidence(target, objects, presence);
  // The rest of what the offline loader (and the live collector) adds to one pod's selection.
  if (fleet.serviceAccountIssuer) k8s.serviceAccountIssuer = fleet.serviceAccountIssuer;
  if (fleet.secretKeys && k8s.pod.status === "found") {
    const keys = referencedSecretKeys(k8s.pod.value, fleet.secretKeys, b.namespace);
    if (keys.status === "found" && keys.value.length > 0) k8s.secretKeys = keys;
  }
  // The ConfigMaps its pod takes AWS_* variables from, as the loader reads them (a live fleet holds none: not collected).
  if (k8s.pod.status === "found") {
    const bundle = { objects: fleet.objects, listedKinds: fleet.listedKinds, listedIn: [] };
    const configMaps = referencedConfigMaps(k8s.pod.value, (name) => bundleConfigMapRead(bundle, b.namespace, name));
    if (configMaps) k8s.configMaps = configMaps;
  }

  // Associations of the namespace and of the same service account name elsewhere: the near misses.
  const associations = [...(idx.associationsByNs.get(b.namespace) ?? []), ...(idx.associationsBySa.get(b.serviceAccount) ?? [])];
  const uniqueAssociations = [...new Map(associations.map((a) => [a.value.associationId, a])).values()];
  const roleNames = new Set(roleNamesFor(idx, sa, pods, uniqueAssociations));
  const docs: AwsDocs = {
    ...fleet.docs,
    podIdentityAssociations: uniqueAssociations.filter((a) => a.value.roleArn !== undefined),
    roles: [...roleNames].map((n) => idx.roles.get(n)).filter((r): r is NonNullable<typeof r> => r !== undefined),
    attachedRolePolicies: only(fleet.docs.attachedRolePolicies, roleNames),
    inlineRolePolicyNames: only(fleet.docs.inlineRolePolicyNames, roleNames),
    inlineRolePolicies: fleet.docs.inlineRolePolicies.filter((p) => roleNames.has(p.value.RoleName)),
    policyVersions: [],
  };
  if (fleet.docs.podIdentityAssociationSummaries !== undefined) docs.podIdentityAssociationSummaries = uniqueAssociations;
  delete docs.cloudTrailEvents;
  const aws = buildAwsEvidence(target, docs, fleet.awsPresent, k8s).evidence;

  // A complete ListRoles proves that a role of its account it does not hold does not exist.
  const listing = fleet.docs.roleListing;
  if (listing?.complete) {
    for (const [name, e] of Object.entries(aws.roles)) {
      if (e.status !== "unavailable" || e.reason !== "not_collected") continue;
      const arn = [...roleArnsOf(k8s, uniqueAssociations)].find((a) => a.endsWith(`/${name}`));
      const account = arn ? parseArn(arn)?.account : undefined;
      if (account && listing.account && account === listing.account) {
        aws.roles[name] = absent(listing.source, `role ${name} is not among the roles iam list-roles returned for account ${account}`);
        aws.rolePermissions[name] = absent(listing.source, `role ${name} does not exist, so it has no policies`);
      }
    }
  }
  aws.cloudTrail = unavailable("not_collected", NO_TRAIL);

  return {
    version: 1,
    target,
    origin: fleet.origin,
    k8s,
    aws,
    logs: unavailable("not_collected", NO_LOGS),
    problems: [],
  };
}

function roleArnsOf(k8s: Snapshot["k8s"], associations: Sourced<{ roleArn?: string }>[]): Set<string> {
  const arns = new Set<string>();
  const annotation =
    k8s.serviceAccount.status === "found" ? k8s.serviceAccount.value.metadata.annotations?.["eks.amazonaws.com/role-arn"] : undefined;
  if (annotation) arns.add(annotation.trim());
  if (k8s.pods.status === "found") {
    for (const p of k8s.pods.value)
      for (const c of p.spec.containers) {
        const v = c.env?.find((e) => e.name === "AWS_ROLE_ARN")?.value;
        if (v) arns.add(v);
      }
  }
  for (const a of associations) if (a.value.roleArn) arns.add(a.value.roleArn);
  return arns;
}
