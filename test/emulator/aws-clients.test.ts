// The AWS side of the emulator, driven by the real AWS SDK v3 clients over HTTP: each service in the
// wire protocol its installed client speaks, typed errors, and paging through the SDK paginators.

import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListPodIdentityAssociationsCommand,
} from "@aws-sdk/client-eks";
import {
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  paginateListAttachedRolePolicies,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/emulator/index.js";
import { SHOP_SNAPSHOT, awsClientConfig, rejectionOf } from "./helpers.js";

const OIDC_ARN = "arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/AB12CD34EF56AB12CD34EF56AB12CD34";
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(SHOP_SNAPSHOT, "aws", name), "utf8")) as Record<string, Record<string, unknown>>;

let emulator: StartedEmulator;
let paged: StartedEmulator;
let iam: IAMClient;

beforeAll(async () => {
  emulator = await startEmulator({ snapshotDir: SHOP_SNAPSHOT });
  paged = await startEmulator({ snapshotDir: SHOP_SNAPSHOT, pageSize: 1 });
  iam = new IAMClient(awsClientConfig(emulator));
});
afterAll(async () => {
  await emulator.close();
  await paged.close();
});

describe("IAM (awsQuery, XML)", () => {
  test("GetRole hands back the trust policy URL-encoded, and decoding it gives the fixture's document", async () => {
    const out = await iam.send(new GetRoleCommand({ RoleName: "web-irsa" }));
    const encoded = out.Role?.AssumeRolePolicyDocument ?? "";
    expect(encoded.startsWith("%7B%22Version%22%3A%222012-10-17%22")).toBe(true);
    expect(JSON.parse(decodeURIComponent(encoded))).toEqual(fixture("iam-get-role-web-irsa.json")["Role"]?.["AssumeRolePolicyDocument"]);
    expect(out.Role?.Arn).toBe("arn:aws:iam::444455556666:role/web-irsa");
    expect(out.Role?.CreateDate?.toISOString()).toBe("2024-01-10T08:00:00.000Z");
    expect(out.Role?.Tags).toEqual([{ Key: "team", Value: "shop" }]);
  });

  test("a role the snapshot did not capture is AccessDenied, never NoSuchEntity", async () => {
    const err = await rejectionOf(() => iam.send(new GetRoleCommand({ RoleName: "other-role" })));
    expect(err.name).toBe("AccessDenied");
    expect((err["$metadata"] as { httpStatusCode?: number }).httpStatusCode).toBe(403);
    expect(err.message).toContain("did not capture");
  });

  test("paginateListAttachedRolePolicies follows Marker/IsTruncated one policy per page", async () => {
    const pagedIam = new IAMClient(awsClientConfig(paged));
    const pages: string[][] = [];
    for await (const page of paginateListAttachedRolePolicies({ client: pagedIam }, { RoleName: "web-irsa" })) {
      pages.push((page.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ""));
    }
    // One page per policy, in the snapshot layer's order (by ARN).
    expect(pages).toEqual([["web-sqs-send"], ["web-s3-read"], ["ReadOnlyAccess"]]);
    const calls = paged.requests().filter((r) => r.action === "ListAttachedRolePolicies");
    expect(calls).toHaveLength(3);
    expect(calls.every((r) => r.service === "iam" && r.status === 200)).toBe(true);
  });

  test("ListRolePolicies, GetRolePolicy (URL-encoded) and a missing inline policy proven by the list", async () => {
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "web-irsa" }))).PolicyNames).toEqual(["inline-kms-decrypt"]);
    const inline = await iam.send(new GetRolePolicyCommand({ RoleName: "web-irsa", PolicyName: "inline-kms-decrypt" }));
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument ?? ""))).toEqual(
      fixture("iam-get-role-policy-web-irsa-inline-kms-decrypt.json")["PolicyDocument"],
    );
    const missing = await rejectionOf(() => iam.send(new GetRolePolicyCommand({ RoleName: "web-irsa", PolicyName: "not-there" })));
    expect(missing.name).toBe("NoSuchEntityException");
    expect((missing["$metadata"] as { httpStatusCode?: number }).httpStatusCode).toBe(404);
  });

  test("GetPolicy names the captured default version and GetPolicyVersion returns it URL-encoded", async () => {
    const arn = "arn:aws:iam::444455556666:policy/web-s3-read";
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    expect(policy.Policy).toMatchObject({ PolicyName: "web-s3-read", Arn: arn, DefaultVersionId: "v3" });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v3" }));
    expect(version.PolicyVersion?.IsDefaultVersion).toBe(true);
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? ""))).toEqual(
      fixture("iam-get-policy-version-web-s3-read.json")["PolicyVersion"]?.["Document"],
    );
    const uncaptured = await rejectionOf(() => iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" })));
    expect(uncaptured.name).toBe("AccessDenied");
  });

  test("OIDC providers: the list, one provider, and NoSuchEntity for one absent from the captured list", async () => {
    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    expect(list.OpenIDConnectProviderList).toEqual([{ Arn: OIDC_ARN }]);
    const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: OIDC_ARN }));
    expect(provider.Url).toBe("oidc.eks.eu-central-1.amazonaws.com/id/AB12CD34EF56AB12CD34EF56AB12CD34");
    expect(provider.ClientIDList).toEqual(["sts.amazonaws.com"]);
    const absent = OIDC_ARN.replace("AB12CD34EF56AB12CD34EF56AB12CD34", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
    const err = await rejectionOf(() => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: absent })));
    expect(err.name).toBe("NoSuchEntityException");
    expect(err.message).toContain("OpenIDConnect Provider not found");
  });
});

describe("STS, EKS, CloudTrail, Logs", () => {
  test("the emulator's env alone (AWS_ENDPOINT_URL, region, dummy keys) points a default SDK client at it", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, emulator.env);
    delete process.env["AWS_PROFILE"];
    try {
      const sts = new STSClient({ maxAttempts: 1 });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("444455556666");
      const eks = new EKSClient({ maxAttempts: 1 });
      expect((await eks.send(new DescribeClusterCommand({ name: "shop-prod" }))).cluster?.name).toBe("shop-prod");
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  test("STS GetCallerIdentity returns the captured identity", async () => {
    const sts = new STSClient(awsClientConfig(emulator));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Account: "444455556666",
      Arn: "arn:aws:iam::444455556666:user/snapshot-capture",
      UserId: "AIDAEXAMPLECAPTURE01",
    });
  });

  test("EKS DescribeCluster (restJson1) with its timestamps as dates", async () => {
    const eks = new EKSClient(awsClientConfig(emulator));
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: "shop-prod" }));
    expect(cluster?.version).toBe("1.30");
    expect(cluster?.identity?.oidc?.issuer).toBe("https://oidc.eks.eu-central-1.amazonaws.com/id/AB12CD34EF56AB12CD34EF56AB12CD34");
    expect(cluster?.createdAt?.toISOString()).toBe("2024-01-05T09:30:00.123Z");
    const other = await rejectionOf(() => eks.send(new DescribeClusterCommand({ name: "elsewhere" })));
    expect(other.name).toBe("AccessDeniedException");
  });

  test("EKS pod identity associations: filtered list, paging by nextToken, describe, and not-found proven by the list", async () => {
    const eks = new EKSClient(awsClientConfig(emulator));
    const bySa = await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: "shop-prod", namespace: "shop", serviceAccount: "worker" }),
    );
    expect(bySa.associations?.map((a) => a.associationId)).toEqual(["a-worker0000000001"]);
    const first = await eks.send(new ListPodIdentityAssociationsCommand({ clusterName: "shop-prod", maxResults: 1 }));
    expect(first.associations?.map((a) => a.serviceAccount)).toEqual(["worker"]);
    expect(first.nextToken).toBeTruthy();
    const second = await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: "shop-prod", maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.associations?.map((a) => a.serviceAccount)).toEqual(["batch"]);
    expect(second.nextToken).toBeUndefined();
    const described = await eks.send(
      new DescribePodIdentityAssociationCommand({ clusterName: "shop-prod", associationId: "a-worker0000000001" }),
    );
    expect(described.association?.roleArn).toBe("arn:aws:iam::444455556666:role/worker-pod-identity");
    expect(described.association?.createdAt?.toISOString()).toBe("2024-03-01T10:00:00.500Z");
    const unknown = await rejectionOf(() =>
      eks.send(new DescribePodIdentityAssociationCommand({ clusterName: "shop-prod", associationId: "a-nope" })),
    );
    expect(unknown.name).toBe("ResourceNotFoundException");
    expect((unknown["$metadata"] as { httpStatusCode?: number }).httpStatusCode).toBe(404);
    const notDescribed = await rejectionOf(() =>
      eks.send(new DescribePodIdentityAssociationCommand({ clusterName: "shop-prod", associationId: "a-batch00000000002" })),
    );
    expect(notDescribed.name).toBe("AccessDeniedException");
  });

  test("EKS DescribeAddon returns the captured add-on", async () => {
    const eks = new EKSClient(awsClientConfig(emulator));
    const { addon } = await eks.send(new DescribeAddonCommand({ clusterName: "shop-prod", addonName: "eks-pod-identity-agent" }));
    expect(addon).toMatchObject({ addonName: "eks-pod-identity-agent", status: "ACTIVE", addonVersion: "v1.3.0-eksbuild.1" });
    const missing = await rejectionOf(() => eks.send(new DescribeAddonCommand({ clusterName: "shop-prod", addonName: "vpc-cni" })));
    expect(missing.name).toBe("AccessDeniedException");
  });

  test("CloudTrail LookupEvents (awsJson1.1): newest first, attribute and time filters, CloudTrailEvent as a JSON string", async () => {
    const trail = new CloudTrailClient(awsClientConfig(emulator));
    const all = await trail.send(new LookupEventsCommand({}));
    expect(all.Events?.map((e) => e.EventId)).toEqual(["evt-3", "evt-2", "evt-1"]);
    expect(all.Events?.[0]?.EventTime?.toISOString()).toBe("2024-06-01T11:59:30.000Z");
    expect(JSON.parse(all.Events?.[1]?.CloudTrailEvent ?? "{}")).toMatchObject({
      eventName: "AssumeRoleWithWebIdentity",
      errorCode: "AccessDenied",
    });
    const byName = await trail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetCallerIdentity" }] }),
    );
    expect(byName.Events?.map((e) => e.EventId)).toEqual(["evt-1"]);
    const window = await trail.send(
      new LookupEventsCommand({ StartTime: new Date("2024-06-01T11:59:10Z"), EndTime: new Date("2024-06-01T12:00:00Z") }),
    );
    expect(window.Events?.map((e) => e.EventId)).toEqual(["evt-3"]);
    const tooMany = await rejectionOf(() =>
      trail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: "EventName", AttributeValue: "a" },
            { AttributeKey: "Username", AttributeValue: "b" },
          ],
        }),
      ),
    );
    expect(tooMany.name).toBe("InvalidLookupAttributesException");
  });

  test("CloudWatch Logs FilterLogEvents answers an empty result (the snapshot format has no CloudWatch logs)", async () => {
    const logs = new CloudWatchLogsClient(awsClientConfig(emulator));
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/eks/shop-prod/cluster" }));
    expect(out.events).toEqual([]);
    expect(
      emulator
        .requests()
        .filter((r) => r.service === "logs")
        .map((r) => r.action),
    ).toEqual(["FilterLogEvents"]);
  });
});
