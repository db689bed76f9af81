// Which mechanism the evidence says the workload was meant to use, when the pod has neither working: a role
// that trusts only pods.eks.amazonaws.com (no web identity statement) was made for EKS Pod Identity, and an
// association for the same namespace and service account in another cluster (a blue/green move) shows
// what this cluster lacks. Without this, "no annotation" reads as "add IRSA" when Pod Identity was meant.

import { valueOf } from "../../snapshot/evidence.js";
import type { IamRole, PodIdentityAssociation, Snapshot } from "../../snapshot/types.js";
import { evaluatePodIdentityTrust } from "../../iam/index.js";

export interface PodIdentityIntent {
  /** One sentence per piece of evidence. */
  reasons: string[];
  /** The role Pod Identity was meant to give, when the evidence names one. */
  roleArn: string | null;
  /** An association for this namespace/service account in another cluster. */
  elsewhere: PodIdentityAssociation | null;
  /** The annotated IRSA role trusts Pod Identity and not web identity. */
  irsaRoleIsPodIdentityRole: boolean;
}

function statements(role: IamRole): { Principal?: unknown; Action?: unknown }[] {
  const s = role.AssumeRolePolicyDocument.Statement;
  return Array.isArray(s) ? s : [s];
}

/** Trusts pods.eks.amazonaws.com for AssumeRole + TagSession and has no Federated (web identity) principal. */
function podIdentityOnly(role: IamRole): boolean {
  const federated = statements(role).some((st) => JSON.stringify(st.Principal ?? "").includes("Federated"));
  try {
    return !federated && evaluatePodIdentityTrust(role.AssumeRolePolicyDocument).decision === "allow";
  } catch {
    return false;
  }
}

export function podIdentityIntent(
  s: Snapshot,
  clusterName: string | null,
  namespace: string,
  serviceAccount: string | null,
  annotated: IamRole | undefined,
): PodIdentityIntent {
  const reasons: string[] = [];
  const elsewhere =
    [...(valueOf(s.aws.podIdentityAssociations) ?? []), ...(valueOf(s.aws.otherClusterAssociations) ?? [])].find(
      (a) =>
        a.clusterName && clusterName && a.clusterName !== clusterName && a.namespace === namespace && a.serviceAccount === serviceAccount,
    ) ?? null;
  if (elsewhere) {
    reasons.push(
      `cluster ${elsewhere.clusterName} has association ${elsewhere.associationId} for ${namespace}/${serviceAccount}${elsewhere.roleArn ? ` -> ${elsewhere.roleArn}` : ""}; associations belong to one cluster`,
    );
  }
  const irsaRoleIsPodIdentityRole = annotated !== undefined && podIdentityOnly(annotated);
  if (irsaRoleIsPodIdentityRole && annotated) {
    reasons.push(
      `role ${annotated.Arn} trusts only pods.eks.amazonaws.com (sts:AssumeRole, sts:TagSession), no web identity provider: it is a Pod Identity role`,
    );
  }
  const candidate = elsewhere?.roleArn ? elsewhere.roleArn.split("/").pop() : undefined;
  const role = candidate ? valueOf(s.aws.roles[candidate]) : undefined;
  if (role && podIdentityOnly(role)) reasons.push(`role ${role.Arn} trusts only pods.eks.amazonaws.com`);
  return {
    reasons,
    roleArn: elsewhere?.roleArn ?? (irsaRoleIsPodIdentityRole ? (annotated?.Arn ?? null) : null),
    elsewhere,
    irsaRoleIsPodIdentityRole,
  };
}
