// The trust statements that would let a pod in: the report offers them as the fix to apply. They are
// the statements AWS documents, fitted to the case: exact (StringEquals) subject and audience for
// IRSA, and both sts:AssumeRole and sts:TagSession for Pod Identity.

import type { PolicyDocument, PolicyStatement } from "./types.js";
import { issuerHostPath, oidcProviderArn, partitionForIssuer } from "./issuer.js";
import { DEFAULT_TOKEN_AUDIENCE, WEB_IDENTITY_ACTION, serviceAccountSubject, type WebIdentityInput } from "./web-identity.js";
import { POD_IDENTITY_ACTIONS, POD_IDENTITY_PRINCIPAL } from "./pod-identity.js";

export function correctedWebIdentityStatement(input: WebIdentityInput & { sid?: string }): PolicyStatement {
  const hostPath = issuerHostPath(input.issuerUrl);
  const partition = input.partition ?? partitionForIssuer(input.issuerUrl);
  const statement: PolicyStatement = {
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn(partition, input.account, input.issuerUrl) },
    Action: WEB_IDENTITY_ACTION,
    Condition: {
      StringEquals: {
        [`${hostPath}:aud`]: input.audience ?? DEFAULT_TOKEN_AUDIENCE,
        [`${hostPath}:sub`]: serviceAccountSubject(input.namespace, input.serviceAccount),
      },
    },
  };
  return input.sid === undefined ? statement : { Sid: input.sid, ...statement };
}

export interface PodIdentityStatementInput {
  sid?: string;
  /** When given, the statement is narrowed to these session tags (as the EKS guide shows). */
  namespace?: string;
  serviceAccount?: string;
  clusterArn?: string;
}

export function correctedPodIdentityStatement(input: PodIdentityStatementInput = {}): PolicyStatement {
  const tags: Record<string, string> = {};
  if (input.clusterArn !== undefined) tags["aws:RequestTag/eks-cluster-arn"] = input.clusterArn;
  if (input.namespace !== undefined) tags["aws:RequestTag/kubernetes-namespace"] = input.namespace;
  if (input.serviceAccount !== undefined) tags["aws:RequestTag/kubernetes-service-account"] = input.serviceAccount;
  const statement: PolicyStatement = {
    Sid: input.sid ?? "AllowEksAuthToAssumeRoleForPodIdentity",
    Effect: "Allow",
    Principal: { Service: POD_IDENTITY_PRINCIPAL },
    Action: [...POD_IDENTITY_ACTIONS],
  };
  if (Object.keys(tags).length > 0) statement.Condition = { StringEquals: tags };
  return statement;
}

/** A whole trust policy holding one statement, ready for `aws iam update-assume-role-policy`. */
export function trustPolicyOf(statement: PolicyStatement): PolicyDocument {
  return { Version: "2012-10-17", Statement: [statement] };
}
