// OIDC issuer naming. One issuer is written three ways: the cluster's issuer URL
// ("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"), IAM's provider ARN
// ("arn:aws:iam::<account>:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC") and the prefix of the
// condition keys STS fills from the token ("oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"). A trust
// policy that mixes two issuers fails, so these helpers convert between the forms exactly.

/** "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/" -> "oidc.eks.eu-west-1.amazonaws.com/id/ABC". */
export function issuerHostPath(issuerUrl: string): string {
  let s = issuerUrl.trim();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  s = s.replace(/\/+$/, "");
  if (s === "" || /\s/.test(s)) {
    throw new Error(
      `Not an OIDC issuer URL: ${JSON.stringify(issuerUrl)}. Expected e.g. "https://oidc.eks.<region>.amazonaws.com/id/<ID>" (aws eks describe-cluster --query cluster.identity.oidc.issuer).`,
    );
  }
  const slash = s.indexOf("/");
  // Host names are case-insensitive; the path is not (the EKS id is upper-case hex), so keep it.
  return slash === -1 ? s.toLowerCase() : s.slice(0, slash).toLowerCase() + s.slice(slash);
}

/** The partition an EKS issuer belongs to, read from its host name. */
export function partitionForIssuer(issuerUrl: string): "aws" | "aws-cn" | "aws-us-gov" {
  const host = issuerHostPath(issuerUrl).split("/")[0] ?? "";
  if (host.endsWith(".amazonaws.com.cn")) return "aws-cn";
  if (/\.us-gov-[a-z]+-\d+\./.test(host)) return "aws-us-gov";
  return "aws";
}

export function oidcProviderArn(partition: string, account: string, issuerUrl: string): string {
  return `arn:${partition}:iam::${account}:oidc-provider/${issuerHostPath(issuerUrl)}`;
}

/**
 * The issuer a condition key belongs to ("oidc.eks.x.amazonaws.com/id/ABC:sub" -> its host/path, as
 * written; compare lower-cased, as IAM compares keys), or null for global and service keys ("aws:...").
 * Issuer prefixes are host names, so they contain a dot; service prefixes never do.
 */
export function conditionKeyIssuer(key: string): string | null {
  const colon = key.indexOf(":");
  if (colon <= 0) return null;
  const prefix = key.slice(0, colon);
  return prefix.includes(".") ? prefix : null;
}

/** The issuer host/path an "oidc-provider/..." ARN names, as written, or null. */
export function providerArnIssuer(arn: string): string | null {
  const m = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/.exec(arn);
  return m?.[1] ?? null;
}
