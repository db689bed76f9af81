// The AWS actions the collectors may perform, as plain names: what deploy/aws/iam-policy.json grants.
// Kept apart from the SDK-backed table (operations.ts, which checks it matches) so callers can read the
// list without loading the AWS SDK.

export const READ_ONLY_NAME = /^(?:Get|List|Describe)[A-Z][A-Za-z]*$|^LookupEvents$/;

export const READ_ACTIONS: readonly string[] = [
  "cloudtrail:LookupEvents",
  "eks:DescribeAddon",
  "eks:DescribeCluster",
  "eks:DescribePodIdentityAssociation",
  "eks:ListClusters",
  "eks:ListPodIdentityAssociations",
  "iam:GetOpenIDConnectProvider",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListOpenIDConnectProviders",
  "iam:ListPolicies",
  "iam:ListRolePolicies",
  "sts:GetCallerIdentity",
];

/**
 * Reads only the fleet audit makes (src/audit): the account's roles with their trust policies, 1,000 a
 * page, instead of one GetRole per role. Granted by deploy/aws/iam-policy-audit.json, not the base policy.
 */
export const AUDIT_READ_ACTIONS: readonly string[] = ["iam:ListRoles"];
