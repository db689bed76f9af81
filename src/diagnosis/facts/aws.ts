// Facts about the AWS side: the cluster's OIDC issuer, the IAM provider that should trust it, the role the
// pod is meant to assume, and Pod Identity associations for the pod's service account.

import type { Evidence } from "../../snapshot/evidence.js";
import { isFound, valueOf } from "../../snapshot/evidence.js";
import type { EksCluster, IamRole, OidcProvider, PodIdentityAssociation, Snapshot } from "../../snapshot/types.js";
import { issuerHostPath, oidcProviderArn, parseArn } from "../../iam/index.js";

type Presence = "present" | "missing" | "unknown";

interface OidcFacts {
  issuerUrl: string | null;
  /** "oidc.eks.<region>.amazonaws.com/id/<ID>": how IAM names the provider and prefixes condition keys. */
  issuerHostPath: string | null;
  /** The ARN the provider for this cluster's issuer has (or would have). */
  expectedProviderArn: string | null;
  /** present: listed (or described); missing: the account's list was read and it is not there; unknown: not read. */
  provider: Presence;
  /** The provider's details when described. */
  details: OidcProvider | undefined;
  /** ARNs of the account's other EKS OIDC providers (other or older clusters). */
  otherProviders: string[];
  /** The issuer is the cluster's own (kOps, kubeadm): no EKS API, no eksctl. */
  selfManaged: boolean;
  /**
   * The account STS looks the provider up in: the account of the role the pod assumes, which for a
   * cross-account role is not the cluster's. `provider` and `expectedProviderArn` are about this account.
   */
  account: string | null;
  /** The role's account differs from the cluster's. */
  crossAccount: boolean;
}

export interface RoleFacts {
  /** Where the role ARN came from: the service account annotation, AWS_ROLE_ARN, or a Pod Identity association. */
  arn: string;
  name: string;
  evidence: Evidence<IamRole>;
}

export interface AwsFacts {
  partition: string;
  /** The cluster's account: target, caller identity, cluster ARN or role ARN, in that order. */
  account: string | null;
  region: string | null;
  cluster: EksCluster | undefined;
  oidc: OidcFacts;
  /** Associations for the pod's namespace and service account (undefined when the list was not read). */
  associations: PodIdentityAssociation[] | undefined;
  /** Associations for other service accounts of the same namespace: near misses worth naming. */
  nearMissAssociations: PodIdentityAssociation[];
}

function accountOf(snapshot: Snapshot, roleArns: string[]): string | null {
  if (snapshot.target.account) return snapshot.target.account;
  const caller = valueOf(snapshot.aws.callerIdentity);
  if (caller) return caller.Account;
  const cluster = valueOf(snapshot.aws.cluster);
  const fromCluster = cluster ? parseArn(cluster.arn)?.account : undefined;
  if (fromCluster) return fromCluster;
  for (const arn of roleArns) {
    const account = parseArn(arn)?.account;
    if (account) return account;
  }
  return null;
}

function partitionOf(snapshot: Snapshot): string {
  const cluster = valueOf(snapshot.aws.cluster);
  return (cluster && parseArn(cluster.arn)?.partition) || (snapshot.target.region?.startsWith("cn-") ? "aws-cn" : "aws");
}

function oidcFacts(snapshot: Snapshot, partition: string, clusterAccount: string | null, roleAccount: string | null): OidcFacts {
  const account = roleAccount ?? clusterAccount;
  const crossAccount = roleAccount !== null && clusterAccount !== null && roleAccount !== clusterAccount;
  const cluster = valueOf(snapshot.aws.cluster);
  // A self-managed cluster (kOps, kubeadm) has no describe-cluster: its issuer comes from the cluster itself.
  const issuerUrl = cluster?.identity?.oidc?.issuer ?? valueOf(snapshot.k8s.serviceAccountIssuer) ?? null;
  const hostPath = issuerUrl ? issuerHostPath(issuerUrl) : null;
  const expected = issuerUrl && account ? oidcProviderArn(partition, account, issuerUrl) : null;
  const described = Object.values(snapshot.aws.oidcProviders)
    .map((e) => valueOf(e))
    .find((p): p is OidcProvider => p !== undefined && hostPath !== null && issuerHostPath(p.Url) === hostPath);
  const list = snapshot.aws.oidcProviderList;
  const listed = valueOf(list) ?? [];
  const inAccount = (arn: string) => !account || parseArn(arn)?.account === account;
  const inList = hostPath !== null && listed.some((arn) => arn.endsWith(`:oidc-provider/${hostPath}`) && inAccount(arn));
  // A bundle may hold the lists of two accounts, merged: the role's account was read when one of its ARNs is
  // there, or when it is the account the list was read as (the caller's, else the cluster's).
  const listAccount = valueOf(snapshot.aws.callerIdentity)?.Account ?? clusterAccount;
  const accountRead =
    isFound(list) && (!crossAccount || listed.some((arn) => parseArn(arn)?.account === account) || listAccount === account);
  let provider: Presence = "unknown";
  if ((described && inAccount(described.Arn)) || inList) provider = "present";
  else if (accountRead && hostPath) provider = "missing";
  const others = listed.filter((arn) => arn.includes(":oidc-provider/oidc.eks.") && !(hostPath && arn.endsWith(hostPath)));
  const selfManaged = !cluster?.identity?.oidc?.issuer && issuerUrl !== null;
  return {
    issuerUrl,
    issuerHostPath: hostPath,
    expectedProviderArn: expected,
    provider,
    details: described,
    otherProviders: others.sort(),
    selfManaged,
    account,
    crossAccount,
  };
}

export function awsFacts(
  snapshot: Snapshot,
  namespace: string,
  serviceAccount: string | null,
  roleArns: string[],
  irsaRoleArn: string | null = null,
): AwsFacts {
  const partition = partitionOf(snapshot);
  const account = accountOf(snapshot, roleArns);
  const all = valueOf(snapshot.aws.podIdentityAssociations);
  const clusterName = valueOf(snapshot.aws.cluster)?.name ?? snapshot.target.cluster;
  const inCluster = all?.filter((a) => !clusterName || !a.clusterName || a.clusterName === clusterName);
  return {
    partition,
    account,
    region: snapshot.target.region,
    cluster: valueOf(snapshot.aws.cluster),
    // STS checks the provider in the account of the role IRSA assumes.
    oidc: oidcFacts(snapshot, partition, account, (irsaRoleArn && parseArn(irsaRoleArn.trim())?.account) || null),
    associations: inCluster?.filter((a) => a.namespace === namespace && a.serviceAccount === serviceAccount),
    nearMissAssociations: (inCluster ?? []).filter((a) => (a.namespace === namespace) !== (a.serviceAccount === serviceAccount)),
  };
}

/**
 * The role evidence for an ARN; "not collected" when the snapshot never looked it up. Roles are keyed by
 * name, so a role of the same name in another account (a staging copy) must not stand in for this one.
 */
export function roleFacts(snapshot: Snapshot, arn: string, roleName: string): RoleFacts {
  const e = snapshot.aws.roles[roleName];
  const wanted = parseArn(arn)?.account;
  const had = e?.status === "found" ? parseArn(e.value.Arn)?.account : undefined;
  if (e?.status === "found" && wanted && had && wanted !== had) {
    return {
      arn,
      name: roleName,
      evidence: {
        status: "unavailable",
        reason: "not_collected",
        detail: `IAM role ${arn} was not collected (the evidence holds ${e.value.Arn}, a role of the same name in account ${had})`,
      },
    };
  }
  return {
    arn,
    name: roleName,
    evidence: e ?? { status: "unavailable", reason: "not_collected", detail: `IAM role ${roleName} was not collected` },
  };
}
