// Operator commands for a permission denial: the inline policy to put on the role (with its document),
// the read-only commands that print a denying policy, and the look-ups for what else can deny a call
// (permissions boundary, SCPs, the resource's own policy, a VPC endpoint policy).

import type { Facts } from "../../diagnosis/facts/index.js";
import type { PolicyDocument } from "../../snapshot/types.js";
import type { OperatorAction } from "../types.js";
import type { Blame, IdentityVerdict } from "./identity-policies.js";
import type { Denial } from "./denial.js";

export function policyCommands(
  d: Denial,
  fix: { policy: PolicyDocument; resource: string; existing: string[] },
  verdict: IdentityVerdict | null,
): OperatorAction[] {
  if (verdict?.decision === "explicit_deny") {
    const denying = verdict.policies.filter((p) => p.denies.length > 0).map((p) => p.name);
    return [
      {
        description: `Print the policies whose Deny applies (${denying.join(", ")}) and narrow or remove that Deny after review; adding an Allow cannot override it (read-only).`,
        command: denying
          .map((name) =>
            name.endsWith(" (inline)")
              ? `aws iam get-role-policy --role-name ${d.roleName} --policy-name ${name.replace(/ \(inline\)$/, "")}`
              : `aws iam list-attached-role-policies --role-name ${d.roleName} --query "AttachedPolicies[?PolicyName=='${name}'].PolicyArn" --output text`,
          )
          .join("\n"),
        safety: "Read-only check",
      },
    ];
  }
  const [service = "", name = ""] = d.action.split(":");
  const policyName = `allow-${service}-${name}`.toLowerCase().replace(/[^a-z0-9+=,.@_-]/g, "-");
  return [
    {
      description: `Add an inline policy to role ${d.roleName} allowing ${d.action} on ${fix.resource}${fix.existing.length ? ` (its policies already grant other actions on ${fix.existing.join(", ")})` : ""}. Save the policy below as policy.json first; or add the statement to the role's managed policy.`,
      command: `aws iam put-role-policy --role-name ${d.roleName} --policy-name ${policyName} --policy-document file://policy.json`,
      safety: "Modify IAM role permissions",
      policy: fix.policy,
    },
  ];
}

function resourcePolicyCommand(resource: string | undefined, f: Facts): string {
  const arn = resource ?? "";
  const parts = arn.split(":");
  const service = parts[2] ?? "";
  const rest = parts.slice(5).join(":");
  switch (service) {
    case "s3":
      return `aws s3api get-bucket-policy --bucket ${rest.split("/")[0] || "<bucket>"} --query Policy --output text`;
    case "kms":
      return `aws kms get-key-policy --key-id ${arn} --policy-name default --query Policy --output text`;
    case "sqs":
      return `aws sqs get-queue-attributes --queue-url https://sqs.${parts[3] || f.aws.region || "<region>"}.amazonaws.com/${parts[4] ?? "<account-id>"}/${rest} --attribute-names Policy`;
    case "secretsmanager":
      return `aws secretsmanager get-resource-policy --secret-id ${arn}`;
    case "sns":
      return `aws sns get-topic-attributes --topic-arn ${arn} --query Attributes.Policy --output text`;
    default:
      return `# read the resource policy of ${arn || "the resource"} with its service's get-*-policy command`;
  }
}

export function resourcePolicyCheck(
  blame: Exclude<Blame, "identity" | "unknown"> | "boundary" | "resource_policy",
  d: Denial,
  f: Facts,
): OperatorAction {
  const account = f.aws.account ?? "<account-id>";
  const service = d.action.split(":")[0] ?? "<service>";
  const commands: Record<Exclude<Blame, "identity" | "unknown">, { what: string; command: string }> = {
    boundary: {
      what: `the permissions boundary of role ${d.roleName}`,
      command: `aws iam get-role --role-name ${d.roleName} --query Role.PermissionsBoundary`,
    },
    scp: {
      what: `the service control policies that apply to account ${account} (from the Organization's management account)`,
      command: `aws organizations list-policies-for-target --target-id ${account} --filter SERVICE_CONTROL_POLICY`,
    },
    resource_policy: { what: `the policy of ${d.resource ?? "the resource"}`, command: resourcePolicyCommand(d.resource, f) },
    session_policy: {
      what: "the session policy the application passes when it assumes the role",
      command: "# look for a Policy or PolicyArns parameter where the application calls AssumeRole",
    },
    vpc_endpoint_policy: {
      what: `the policy of the ${service} VPC endpoint the pod goes through`,
      command: `aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${f.aws.region ?? "<region>"}.${service} --query 'VpcEndpoints[].[VpcEndpointId,PolicyDocument]'`,
    },
  };
  const c = commands[blame];
  return {
    description: `Read ${c.what}, which can deny ${d.action} even when the role's policies allow it (read-only).`,
    command: c.command,
    safety: "Read-only check",
  };
}
