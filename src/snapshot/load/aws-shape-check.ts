// The loader's edge for AWS CLI outputs: once a file is recognised (aws-shapes.ts), the fields the
// diagnosis reads are checked for their type, so an issuer or a role ARN written as a number becomes a
// warning naming the file and the field instead of a TypeError in a check. Kinds without a schema here
// pass as they are (their classifier already checks what it keys on).

import { z } from "zod";
import type { AwsOutput } from "./aws-shapes.js";

const str = z.string().nullish();
const strings = z.array(z.string()).nullish();

const association = z.looseObject({ roleArn: str, targetRoleArn: str, createdAt: str, modifiedAt: str, associationArn: str });
const tags = z.array(z.looseObject({ Key: z.string(), Value: str })).nullish();

const SCHEMAS: Partial<Record<AwsOutput["kind"], z.ZodType>> = {
  "eks.describe-cluster": z.looseObject({
    version: str,
    status: str,
    endpoint: str,
    platformVersion: str,
    identity: z.looseObject({ oidc: z.looseObject({ issuer: str }).nullish() }).nullish(),
    resourcesVpcConfig: z
      .looseObject({ endpointPublicAccess: z.boolean().nullish(), endpointPrivateAccess: z.boolean().nullish(), vpcId: str })
      .nullish(),
  }),
  "eks.list-pod-identity-associations": z.array(association),
  "eks.describe-pod-identity-association": association,
  "eks.describe-addon": z.looseObject({
    clusterName: str,
    status: str,
    addonVersion: str,
    health: z.looseObject({ issues: z.array(z.looseObject({ code: str, message: str })).nullish() }).nullish(),
  }),
  "iam.get-role": z.looseObject({ RoleId: str, Path: str, CreateDate: str, MaxSessionDuration: z.number().nullish(), Tags: tags }),
  "iam.get-open-id-connect-provider": z.looseObject({ CreateDate: str, Tags: tags, ClientIDList: strings, ThumbprintList: strings }),
  "cloudtrail.lookup-events": z.array(z.looseObject({ EventSource: str, Username: str })),
};

/** Null when the output's read fields have their types; else "field identity.oidc.issuer is a number, expected a string". */
export function awsShapeProblem(output: AwsOutput): string | null {
  const schema = SCHEMAS[output.kind];
  if (!schema) return null;
  const result = schema.safeParse(output.value);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  const path =
    issue.path
      .map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`))
      .join("")
      .replace(/^\./, "") || "(the output)";
  const received = /received (\w+)/.exec(issue.message)?.[1];
  return `field ${path} ${received ? `is a ${received}, expected a ${"expected" in issue ? String(issue.expected) : "value of another type"}` : "has the wrong shape"}`;
}
