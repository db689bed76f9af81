// Every AWS CLI output the snapshot format lists is recognised by its shape alone, and what is not one
// of them is said to be unrecognised (null) rather than guessed.

import { describe, expect, test } from "vitest";
import { AwsShapeError, RECOGNISED_COMMANDS, classifyAwsOutput } from "../../src/snapshot/load/aws-shapes.js";

const ISSUER_ID = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER_ID}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { [`${ISSUER_ID}:sub`]: "system:serviceaccount:payments:payments-api" } },
    },
  ],
};
const role = (doc: unknown) => ({
  Role: {
    Path: "/",
    RoleName: "payments-api-irsa",
    RoleId: "AROAYSH3K2N5Q7XMB4TLD",
    Arn: "arn:aws:iam::111122223333:role/payments-api-irsa",
    CreateDate: "2023-11-02T10:41:08+00:00",
    AssumeRolePolicyDocument: doc,
    MaxSessionDuration: 3600,
  },
});

const samples: [string, unknown][] = [
  [
    "eks.describe-cluster",
    {
      cluster: {
        name: "prod-eu",
        arn: "arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu",
        identity: { oidc: { issuer: `https://${ISSUER_ID}` } },
      },
    },
  ],
  [
    "eks.list-pod-identity-associations",
    {
      associations: [
        {
          clusterName: "prod-eu",
          namespace: "orders",
          serviceAccount: "orders-worker",
          associationArn: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod-eu/a-7k2m9xq4ph8vbtz1c",
          associationId: "a-7k2m9xq4ph8vbtz1c",
        },
      ],
    },
  ],
  [
    "eks.describe-pod-identity-association",
    {
      association: {
        clusterName: "prod-eu",
        namespace: "orders",
        serviceAccount: "orders-worker",
        roleArn: "arn:aws:iam::111122223333:role/orders-worker-pod-identity",
        associationArn: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod-eu/a-7k2m9xq4ph8vbtz1c",
        associationId: "a-7k2m9xq4ph8vbtz1c",
        tags: {},
        createdAt: "2024-03-11T13:24:09.378000+00:00",
      },
    },
  ],
  [
    "eks.describe-addon",
    {
      addon: {
        addonName: "eks-pod-identity-agent",
        clusterName: "prod-eu",
        status: "ACTIVE",
        addonVersion: "v1.2.0-eksbuild.1",
        health: { issues: [] },
      },
    },
  ],
  ["eks.list-clusters", { clusters: ["prod-blue", "prod-eu"] }],
  ["iam.get-role", role(TRUST)],
  ["iam.list-roles", { Roles: [{ ...role(encodeURIComponent(JSON.stringify(TRUST))).Role }], IsTruncated: false }],
  [
    "iam.list-attached-role-policies",
    {
      AttachedPolicies: [
        { PolicyName: "payments-statements-s3-read", PolicyArn: "arn:aws:iam::111122223333:policy/payments-statements-s3-read" },
      ],
    },
  ],
  ["iam.list-role-policies", { PolicyNames: ["inline-kms"] }],
  [
    "iam.get-role-policy",
    {
      RoleName: "payments-api-irsa",
      PolicyName: "inline-kms",
      PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }] },
    },
  ],
  [
    "iam.get-policy-version",
    {
      PolicyVersion: {
        Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
        VersionId: "v2",
        IsDefaultVersion: true,
        CreateDate: "2024-02-19T15:07:33+00:00",
      },
    },
  ],
  ["iam.list-open-id-connect-providers", { OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::111122223333:oidc-provider/${ISSUER_ID}` }] }],
  [
    "iam.get-open-id-connect-provider",
    {
      Url: ISSUER_ID,
      ClientIDList: ["sts.amazonaws.com"],
      ThumbprintList: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
      CreateDate: "2023-11-02T09:31:55+00:00",
      Tags: [],
    },
  ],
  [
    "sts.get-caller-identity",
    { UserId: "AROAYSH3K2N5LR8WPZ6QE:jane", Account: "111122223333", Arn: "arn:aws:sts::111122223333:assumed-role/platform-readonly/jane" },
  ],
  [
    "cloudtrail.lookup-events",
    {
      Events: [
        {
          EventId: "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b",
          EventName: "AssumeRoleWithWebIdentity",
          ReadOnly: "true",
          EventTime: "2024-05-14T09:31:46+00:00",
          EventSource: "sts.amazonaws.com",
          Resources: [],
          CloudTrailEvent: JSON.stringify({ eventVersion: "1.08", errorCode: "AccessDenied" }),
        },
      ],
    },
  ],
];

describe("classifyAwsOutput", () => {
  test("the samples cover every recognised command", () => {
    expect(samples.map(([kind]) => kind.replace(".", " "))).toEqual(RECOGNISED_COMMANDS);
  });

  test.each(samples)("recognises %s", (kind, json) => {
    expect(classifyAwsOutput(json)?.kind).toBe(kind);
  });

  test("list-roles decodes each URL-encoded trust policy, and a cut-short page says so", () => {
    const out = classifyAwsOutput({ Roles: [role(encodeURIComponent(JSON.stringify(TRUST))).Role], IsTruncated: true, Marker: "m1" });
    expect(out?.kind === "iam.list-roles" && out.value.roles[0]?.AssumeRolePolicyDocument).toEqual(TRUST);
    expect(out?.kind === "iam.list-roles" && out.value.truncated).toBe(true);
  });

  test("get-role with the trust policy as the CLI prints it (object) keeps the object", () => {
    const out = classifyAwsOutput(role(TRUST));
    expect(out?.kind === "iam.get-role" && out.value.AssumeRolePolicyDocument).toEqual(TRUST);
  });

  test("get-role with the trust policy URL-encoded as the raw IAM API returns it is decoded", () => {
    const encoded = encodeURIComponent(JSON.stringify(TRUST));
    expect(encoded.startsWith("%7B")).toBe(true);
    const out = classifyAwsOutput(role(encoded));
    expect(out?.kind === "iam.get-role" && out.value.AssumeRolePolicyDocument).toEqual(TRUST);
  });

  test("get-role-policy with a URL-encoded document is decoded too", () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::a b+c/*" }] };
    const out = classifyAwsOutput({ RoleName: "r", PolicyName: "p", PolicyDocument: encodeURIComponent(JSON.stringify(doc)) });
    expect(out?.kind === "iam.get-role-policy" && out.value.PolicyDocument).toEqual(doc);
  });

  test("a trust policy that does not decode is an AwsShapeError naming the role", () => {
    expect(() => classifyAwsOutput(role("%7B%22Statement"))).toThrow(AwsShapeError);
    expect(() => classifyAwsOutput(role("%7B%22Statement"))).toThrow(/get-role payments-api-irsa: AssumeRolePolicyDocument/);
  });

  test("get-open-id-connect-provider: the Url is kept without a scheme and no Arn is invented", () => {
    const out = classifyAwsOutput({ Url: `https://${ISSUER_ID}`, ClientIDList: [], ThumbprintList: [] });
    expect(out?.kind).toBe("iam.get-open-id-connect-provider");
    expect(out?.value).toEqual({ Url: ISSUER_ID, ClientIDList: [], ThumbprintList: [] });
  });

  test("lookup-events parses each CloudTrailEvent string into an object", () => {
    const out = classifyAwsOutput(samples.find(([kind]) => kind === "cloudtrail.lookup-events")?.[1]);
    expect(out?.kind === "cloudtrail.lookup-events" && out.value[0]?.CloudTrailEvent).toEqual({
      eventVersion: "1.08",
      errorCode: "AccessDenied",
    });
  });

  test("an empty list-pod-identity-associations is recognised (collected, none exist)", () => {
    expect(classifyAwsOutput({ associations: [] })).toEqual({ kind: "eks.list-pod-identity-associations", value: [] });
  });

  test.each([
    ["an unrelated CLI output (ec2 describe-instances)", { Reservations: [] }],
    ["a JSON array", [1, 2]],
    ["a bare string", "AccessDenied"],
    [
      "iam get-policy (not in the format)",
      { Policy: { PolicyName: "x", Arn: "arn:aws:iam::111122223333:policy/x", DefaultVersionId: "v1" } },
    ],
  ])("does not recognise %s", (_name, json) => {
    expect(classifyAwsOutput(json)).toBeNull();
  });
});
