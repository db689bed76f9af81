// The exact AssumeRoleWithWebIdentity request a pod using IRSA makes, so its role's trust policy can
// be evaluated as STS evaluates it.
//
// Only "<issuer>:sub" and "<issuer>:aud" are put in the context: they are the claims of a Kubernetes
// service account token that STS turns into condition keys for a generic OIDC provider. "amr" is a key
// of Amazon Cognito identity pools only (the token has no such claim), and the token's
// "kubernetes.io" claims (pod name, uid) are not exposed to IAM, so a condition on any of them fails
// for every pod; the evaluator reports such keys as missing from the request, which is what they are.

import type { PolicyRequest } from "./types.js";
import { issuerHostPath, oidcProviderArn, partitionForIssuer } from "./issuer.js";

export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
/** The audience the EKS pod identity webhook requests for the projected token unless told otherwise. */
export const DEFAULT_TOKEN_AUDIENCE = "sts.amazonaws.com";

export interface WebIdentityInput {
  /** The cluster's OIDC issuer URL (with or without "https://"). */
  issuerUrl: string;
  /** The account that owns the role (and must own the OIDC provider). */
  account: string;
  /** Defaults to the partition the issuer's host name belongs to. */
  partition?: string;
  namespace: string;
  serviceAccount: string;
  /** The token's "aud" claim; defaults to "sts.amazonaws.com". */
  audience?: string;
}

export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

export function webIdentityRequest(input: WebIdentityInput): PolicyRequest {
  const hostPath = issuerHostPath(input.issuerUrl);
  const partition = input.partition ?? partitionForIssuer(input.issuerUrl);
  return {
    action: WEB_IDENTITY_ACTION,
    principal: { type: "Federated", id: oidcProviderArn(partition, input.account, input.issuerUrl) },
    context: {
      [`${hostPath}:aud`]: input.audience ?? DEFAULT_TOKEN_AUDIENCE,
      [`${hostPath}:sub`]: serviceAccountSubject(input.namespace, input.serviceAccount),
    },
  };
}
