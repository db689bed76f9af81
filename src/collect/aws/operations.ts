// The AWS operations the collectors may call, and the one function that sends them. Only the commands
// listed here are imported, every name must read as a read (Get*, List*, Describe*, LookupEvents), and a
// name outside the table is refused before anything is sent: the collectors cannot change an account.
// deploy/aws/iam-policy.json grants exactly these actions (a test keeps the two equal).

import {
  CloudTrailClient,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  GetCallerIdentityCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListClustersCommand,
  ListOpenIDConnectProvidersCommand,
  ListPodIdentityAssociationsCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  LookupEventsCommand,
  STSClient,
} from "../../vendor/aws.js";
import { AUDIT_READ_ACTIONS, READ_ACTIONS, READ_ONLY_NAME } from "./read-actions.js";

export { AUDIT_READ_ACTIONS, READ_ACTIONS, READ_ONLY_NAME };

export type AwsService = "iam" | "sts" | "eks" | "cloudtrail";

// The commands' constructors differ in their input types; the table keeps them as one shape.
type AnyCommand = new (input: never) => unknown;

const READ_OPERATIONS = {
  iam: {
    GetRole: GetRoleCommand,
    ListAttachedRolePolicies: ListAttachedRolePoliciesCommand,
    ListRolePolicies: ListRolePoliciesCommand,
    ListRoles: ListRolesCommand,
    ListPolicies: ListPoliciesCommand,
    GetRolePolicy: GetRolePolicyCommand,
    GetPolicy: GetPolicyCommand,
    GetPolicyVersion: GetPolicyVersionCommand,
    ListOpenIDConnectProviders: ListOpenIDConnectProvidersCommand,
    GetOpenIDConnectProvider: GetOpenIDConnectProviderCommand,
  },
  sts: { GetCallerIdentity: GetCallerIdentityCommand },
  eks: {
    DescribeCluster: DescribeClusterCommand,
    ListClusters: ListClustersCommand,
    ListPodIdentityAssociations: ListPodIdentityAssociationsCommand,
    DescribePodIdentityAssociation: DescribePodIdentityAssociationCommand,
    DescribeAddon: DescribeAddonCommand,
  },
  cloudtrail: { LookupEvents: LookupEventsCommand },
} as const satisfies Record<AwsService, Record<string, AnyCommand>>;

/** "iam:GetRole", ...: the table's actions, sorted. */
const TABLE_ACTIONS = Object.entries(READ_OPERATIONS)
  .flatMap(([service, ops]) => Object.keys(ops).map((op) => `${service}:${op}`))
  .sort();

// A write slipped into the table, or a table that drifted from the granted list, fails at load time.
for (const action of TABLE_ACTIONS) {
  const op = action.split(":")[1] ?? "";
  if (!READ_ONLY_NAME.test(op)) throw new Error(`irsa-doctor: ${action} is not a read operation and may not be in the collectors' table`);
}
if (TABLE_ACTIONS.join() !== [...READ_ACTIONS, ...AUDIT_READ_ACTIONS].sort().join()) {
  throw new Error(
    `irsa-doctor: the collectors' operation table (${TABLE_ACTIONS.join(", ")}) differs from READ_ACTIONS and AUDIT_READ_ACTIONS`,
  );
}

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  eks: EKSClient;
  cloudtrail: CloudTrailClient;
}

/** Refused before sending: the operation is not one of the reads in READ_OPERATIONS. */
export class NotAReadError extends Error {
  override readonly name = "NotAReadError";
}

/** Sends a read operation by name. Anything not in the table, or not named like a read, is refused. */
export async function sendRead(clients: AwsClients, service: AwsService, operation: string, input: object): Promise<unknown> {
  const ops = READ_OPERATIONS[service] as Record<string, AnyCommand | undefined>;
  const Command = Object.hasOwn(ops, operation) ? ops[operation] : undefined;
  if (!Command || !READ_ONLY_NAME.test(operation)) {
    throw new NotAReadError(`${service}:${operation} is not one of the read operations irsa-doctor may call`);
  }
  const client = clients[service] as { send(command: unknown): Promise<unknown> };
  return client.send(new Command(input as never));
}
