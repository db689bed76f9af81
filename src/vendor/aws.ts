// The AWS SDK v3 clients and the read commands the collectors send (src/collect/aws/operations.ts is the
// table that admits them). Imported only through this module, so `npm run build` can bundle it
// (scripts/bundle-vendor.mjs): one file loads faster than the SDK's hundreds.

export { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
export {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListClustersCommand,
  ListPodIdentityAssociationsCommand,
} from "@aws-sdk/client-eks";
export {
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
export { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
