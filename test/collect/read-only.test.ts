// The collectors cannot change a cluster or an account: the AWS operation table holds reads only and
// the one send function refuses anything else before a request leaves; the Kubernetes reader has no verb
// but GET. Also the dependent rounds between start and report, as the collectors count them.

import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { NotAReadError, READ_ACTIONS, READ_ONLY_NAME, sendRead } from "../../src/collect/aws/operations.js";
import { collectLive } from "../../src/collect/index.js";
import { scenarioDir, withEmulator } from "./helpers.js";

describe("AWS: only reads can be sent", () => {
  test("the operation table is exactly the reads the collectors use", () => {
    expect(READ_ACTIONS).toEqual([
      "cloudtrail:LookupEvents",
      "eks:DescribeAddon",
      "eks:DescribeCluster",
      "eks:DescribePodIdentityAssociation",
      "eks:ListClusters",
      "eks:ListPodIdentityAssociations",
      "iam:GetOpenIDConnectProvider",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListOpenIDConnectProviders",
      "iam:ListPolicies",
      "iam:ListRolePolicies",
      "sts:GetCallerIdentity",
    ]);
    for (const a of READ_ACTIONS) expect(a.split(":")[1]).toMatch(READ_ONLY_NAME);
  });

  test.each([
    ["iam", "DeleteRole"],
    ["iam", "UpdateAssumeRolePolicy"],
    ["iam", "CreateOpenIDConnectProvider"],
    ["sts", "AssumeRoleWithWebIdentity"],
    ["eks", "CreatePodIdentityAssociation"],
    ["iam", "constructor"],
    ["iam", "__proto__"],
  ] as const)("%s:%s is refused before anything is sent", async (service, operation) => {
    await withEmulator(scenarioDir("healthy--irsa"), {}, async (e) => {
      const config = { endpoint: e.url, region: "eu-west-1", maxAttempts: 1 };
      const clients = {
        iam: new IAMClient(config),
        sts: new STSClient(config),
        eks: new EKSClient(config),
        cloudtrail: new CloudTrailClient(config),
      };
      await expect(sendRead(clients, service, operation, {})).rejects.toBeInstanceOf(NotAReadError);
      expect(e.requests()).toEqual([]);
    });
  });
});

describe("dependent rounds from start to report", () => {
  const roundsOf = (calls: { action: string; subject: string; round: number }[]) =>
    Object.fromEntries(
      calls
        .filter((c) => !c.subject.includes("#") || c.subject.endsWith("#1"))
        .map((c) => [`${c.action} ${c.subject.replace(/#1$/, "")}`, c.round]),
    );

  test("IRSA, pod named: everything about the target in round 1, its role in 2, the managed policy document in 3", async () => {
    const live = await withEmulator(scenarioDir("healthy--irsa"), {}, () =>
      collectLive({ namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4q" }, { cluster: "prod-eu" }),
    );
    const r = roundsOf(live.calls);
    expect(r).toMatchObject({
      "get pods payments/payments-api-7d9c8b6f5-x2k4q": 1,
      "DescribeCluster prod-eu": 1,
      "ListOpenIDConnectProviders *": 1,
      "GetCallerIdentity caller": 1,
      "get serviceaccounts payments/payments-api": 2,
      "get nodes ip-10-0-42-17.eu-west-1.compute.internal": 2,
      "get pods/log payments/payments-api-7d9c8b6f5-x2k4q/payments-api": 2,
      "GetRole payments-api-irsa": 2,
      "ListAttachedRolePolicies payments-api-irsa": 2,
      // The account's attached customer managed policies (with their default versions) are listed in round 1,
      // so no GetPolicy stands between the role's policy list and the document.
      "ListPolicies local": 1,
      "GetPolicyVersion arn:aws:iam::111122223333:policy/payments-statements-s3-read:v2": 3,
    });
    expect(r["GetPolicy arn:aws:iam::111122223333:policy/payments-statements-s3-read"]).toBeUndefined();
    expect(Math.max(...live.calls.map((c) => c.round))).toBe(3);
  });

  test("Pod Identity, service account named: the association is described in round 2 and its role read in 3", async () => {
    const live = await withEmulator(scenarioDir("healthy--pod-identity"), {}, () =>
      collectLive({ namespace: "orders", serviceAccount: "orders-worker" }, { cluster: "prod-eu" }),
    );
    const r = roundsOf(live.calls);
    expect(r).toMatchObject({ "ListPodIdentityAssociations prod-eu": 1, "GetRole orders-worker-pod-identity": 3 });
    const describe = live.calls.filter((c) => c.action === "DescribePodIdentityAssociation").map((c) => c.round);
    expect(new Set(describe)).toEqual(new Set([2]));
    expect(Math.max(...live.calls.map((c) => c.round))).toBe(4);
  });
});
