// Small ARN helpers: enough to name a role from its ARN and to build an OIDC provider's ARN.

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | null {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return null;
  const [, partition = "", service = "", region = "", account = ""] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** "arn:aws:iam::111122223333:role/path/name" -> "name"; null when it is not a role ARN. */
export function roleNameFromArn(arn: string): string | null {
  const parsed = parseArn(arn.trim());
  if (!parsed || parsed.service !== "iam" || !parsed.resource.startsWith("role/")) return null;
  const name = parsed.resource.split("/").pop();
  return name ? name : null;
}

export function partitionOfRegion(region: string | null): string {
  if (region?.startsWith("cn-")) return "aws-cn";
  if (region?.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The ARN IAM gives the OIDC provider whose Url (without "https://") is `url`. */
export function oidcProviderArn(partition: string, account: string, url: string): string {
  return `arn:${partition}:iam::${account}:oidc-provider/${url.replace(/^https:\/\//, "")}`;
}
