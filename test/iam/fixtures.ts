// Shared inputs for the IAM tests: two clusters' issuers in one account, and a builder for the trust
// policy eksctl / the EKS guide produce, so each test states only what it changes.

import type { PolicyDocument, PolicyStatement } from "../../src/snapshot/types.js";

export const ACCOUNT = "111122223333";
export const ISSUER_A = "https://oidc.eks.eu-west-1.amazonaws.com/id/AAAA1111BBBB2222CCCC3333DDDD4444";
export const ISSUER_B = "https://oidc.eks.eu-west-1.amazonaws.com/id/EEEE5555FFFF6666AAAA7777BBBB8888";
export const HOST_A = "oidc.eks.eu-west-1.amazonaws.com/id/AAAA1111BBBB2222CCCC3333DDDD4444";
export const HOST_B = "oidc.eks.eu-west-1.amazonaws.com/id/EEEE5555FFFF6666AAAA7777BBBB8888";
export const PROVIDER_A = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST_A}`;
export const PROVIDER_B = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST_B}`;

export const POD = { issuerUrl: ISSUER_A, account: ACCOUNT, namespace: "payments", serviceAccount: "api" };

export function irsaStatement(
  opts: {
    host?: string;
    provider?: string;
    operator?: string;
    sub?: string | string[];
    aud?: string | string[] | null;
    action?: string | string[];
  } = {},
): PolicyStatement {
  const host = opts.host ?? HOST_A;
  const values: Record<string, string | string[]> = { [`${host}:sub`]: opts.sub ?? "system:serviceaccount:payments:api" };
  if (opts.aud !== null) values[`${host}:aud`] = opts.aud ?? "sts.amazonaws.com";
  return {
    Effect: "Allow",
    Principal: { Federated: opts.provider ?? PROVIDER_A },
    Action: opts.action ?? "sts:AssumeRoleWithWebIdentity",
    Condition: { [opts.operator ?? "StringEquals"]: values },
  };
}

export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}
