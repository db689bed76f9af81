// Operator actions shared by the checks, fitted to the case: real names, never placeholders when the
// evidence has the value. Each action names the runbook's safety category it falls under.

import type { OperatorAction } from "./types.js";
import type { Facts } from "../diagnosis/facts/index.js";
import type { Snapshot } from "../snapshot/types.js";
import { valueOf } from "../snapshot/evidence.js";

const q = (s: string): string => (/^[A-Za-z0-9_./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function clusterName(s: Snapshot, f: Facts): string {
  return f.aws.cluster?.name ?? s.target.cluster ?? "<cluster-name>";
}

/** The controller to restart so pods are re-created (and re-mutated by the webhook). */
export function restartTarget(s: Snapshot, f: Facts): string {
  const owners = valueOf(s.k8s.owners) ?? [];
  const deployment = owners.find((o) => o.kind === "Deployment");
  if (deployment) return `deployment/${deployment.metadata.name}`;
  const owner = f.pod?.metadata.ownerReferences?.find((o) => o.controller) ?? f.pod?.metadata.ownerReferences?.[0];
  if (owner && owner.kind === "ReplicaSet") {
    // A ReplicaSet named <deployment>-<pod-template-hash> belongs to that Deployment.
    return `deployment/${owner.name.replace(/-[a-z0-9]{5,10}$/, "")}`;
  }
  if (owner && ["StatefulSet", "DaemonSet", "Deployment"].includes(owner.kind)) return `${owner.kind.toLowerCase()}/${owner.name}`;
  return `pod/${f.pod?.metadata.name ?? s.target.pod ?? "<pod>"}`;
}

export function restartPods(s: Snapshot, f: Facts, why: string): OperatorAction {
  const target = restartTarget(s, f);
  const command = target.startsWith("pod/")
    ? `kubectl delete ${target} -n ${f.workload.namespace}  # its controller re-creates it`
    : `kubectl rollout restart ${target} -n ${f.workload.namespace}`;
  return { description: `Re-create the pods so the webhook mutates them again: ${why}.`, command, safety: "Restart pods" };
}

export function annotateServiceAccount(f: Facts, roleArn: string): OperatorAction {
  const sa = f.workload.serviceAccountName ?? "<service-account>";
  return {
    description: `Annotate ServiceAccount ${f.workload.namespace}/${sa} with the IAM role to assume.`,
    command: `kubectl annotate serviceaccount ${sa} -n ${f.workload.namespace} eks.amazonaws.com/role-arn=${q(roleArn)} --overwrite`,
    safety: "Annotate ServiceAccount",
  };
}

export function createOidcProvider(s: Snapshot, f: Facts): OperatorAction {
  const cluster = clusterName(s, f);
  const region = f.aws.region ? ` --region ${f.aws.region}` : "";
  return {
    description: `Create the IAM OIDC provider for the issuer of cluster ${cluster}${f.aws.oidc.issuerUrl ? ` (${f.aws.oidc.issuerUrl})` : ""}.`,
    command: `eksctl utils associate-iam-oidc-provider --cluster ${cluster}${region} --approve`,
    safety: "Create OIDC provider",
  };
}

export function updateTrustPolicy(roleName: string, policy: unknown, why: string): OperatorAction {
  return {
    description: `Update the trust policy of role ${roleName}: ${why}. Save the policy below as trust-policy.json first.`,
    command: `aws iam update-assume-role-policy --role-name ${q(roleName)} --policy-document file://trust-policy.json`,
    safety: "Modify IAM trust policy",
    policy,
  };
}

export function createPodIdentityAssociation(s: Snapshot, f: Facts, roleArn: string): OperatorAction {
  const sa = f.workload.serviceAccountName ?? "<service-account>";
  return {
    description: `Create a Pod Identity association for ${f.workload.namespace}/${sa}.`,
    command: `aws eks create-pod-identity-association --cluster-name ${clusterName(s, f)} --namespace ${f.workload.namespace} --service-account ${sa} --role-arn ${q(roleArn)}`,
    safety: "Create Pod Identity association",
  };
}

/** A role ARN to suggest when the evidence has none: the account's, with a name to fill in. */
export function roleArnHint(f: Facts): string {
  return `arn:${f.aws.partition}:iam::${f.aws.account ?? "<account-id>"}:role/<role-name>`;
}

/** The aws CLI way to create the provider, for accounts managed without eksctl. */
export function createOidcProviderWithAwsCli(s: Snapshot, f: Facts): OperatorAction {
  const issuer = f.aws.oidc.issuerUrl ?? "<issuer-url from aws eks describe-cluster --query cluster.identity.oidc.issuer>";
  return {
    description: `Or create the IAM OIDC provider with the aws CLI (IAM fetches the issuer's CA thumbprint itself) for cluster ${clusterName(s, f)}.`,
    command: `aws iam create-open-id-connect-provider --url ${q(issuer)} --client-id-list sts.amazonaws.com`,
    safety: "Create OIDC provider",
  };
}

/** Adds an audience (client ID) to an existing IAM OIDC provider. */
export function addOidcClientId(providerArn: string, audience: string): OperatorAction {
  return {
    description: `Add ${audience} to the audiences (client IDs) of IAM OIDC provider ${providerArn}, so STS accepts tokens issued for it.`,
    command: `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${q(providerArn)} --client-id ${q(audience)}`,
    safety: "Update OIDC provider",
  };
}

/** Replaces an IAM OIDC provider's thumbprint with that of the CA at the top of the issuer's certificate chain. */
export function updateOidcThumbprint(providerArn: string, issuerUrl: string | null): OperatorAction {
  const host = issuerUrl ? (issuerUrl.replace(/^https?:\/\//, "").split("/")[0] ?? "<issuer-host>") : "<issuer-host>";
  const compute = [
    `THUMBPRINT=$(echo | openssl s_client -servername ${host} -showcerts -connect ${host}:443 2>/dev/null`,
    `  | awk '/BEGIN CERTIFICATE/{c=""} {c=c $0 "\\n"} /END CERTIFICATE/{last=c} END{printf "%s", last}'`,
    `  | openssl x509 -fingerprint -sha1 -noout | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')`,
  ].join(" \\\n");
  return {
    description: `Recompute the thumbprint of the last (top) CA certificate the issuer ${host} presents and replace the thumbprint list of IAM OIDC provider ${providerArn} with it (the list is replaced, not merged).`,
    command: `${compute}\naws iam update-open-id-connect-provider-thumbprint --open-id-connect-provider-arn ${q(providerArn)} --thumbprint-list "$THUMBPRINT"`,
    safety: "Update OIDC provider",
  };
}
