// The raw layer over whole directories: bad files become problems naming the file while the rest loads,
// outputs that carry no owner are attributed by file name (or refused with a naming hint), and the
// order of everything read is deterministic.

import { describe, expect, test } from "vitest";
import { readRawSnapshot } from "../../src/snapshot/load/raw.js";
import { TARGET, pod, writeSnapshot } from "./support.js";

const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const trust = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}` },
      Action: "sts:AssumeRoleWithWebIdentity",
    },
  ],
};
const getRole = (name: string) => ({
  Role: { RoleName: name, Arn: `arn:aws:iam::111122223333:role/${name}`, AssumeRolePolicyDocument: trust },
});
const attached = (...names: string[]) => ({
  AttachedPolicies: names.map((n) => ({ PolicyName: n, PolicyArn: `arn:aws:iam::111122223333:policy/${n}` })),
});
const version = {
  PolicyVersion: {
    Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
    VersionId: "v1",
    IsDefaultVersion: true,
  },
};
const oidc = { Url: ISSUER, ClientIDList: ["sts.amazonaws.com"], ThumbprintList: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"] };

describe("readRawSnapshot", () => {
  test("a corrupt JSON file and an unrecognised shape are problems with their file names; the rest loads", async () => {
    const dir = await writeSnapshot({
      "target.yaml": TARGET,
      "aws/get-role.json": getRole("payments-api-irsa"),
      "aws/broken.json": '{"Role": {"RoleName": ',
      "aws/ec2-describe-instances.json": { Reservations: [] },
      "aws/notes.txt": "collected by jane",
      "k8s/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: payments}\nspec: {containers: [{name: c}]}\n",
      "k8s/README.md": "how I collected this",
    });
    const raw = await readRawSnapshot(dir);
    expect(raw.aws.roles.map((r) => r.value.RoleName)).toEqual(["payments-api-irsa"]);
    expect(raw.k8sObjects.map((o) => o.value.metadata.name)).toEqual(["p"]);
    expect(raw.problems.map((p) => p.source)).toEqual([
      "aws/broken.json",
      "aws/ec2-describe-instances.json",
      "aws/notes.txt",
      "k8s/README.md",
    ]);
    expect(raw.problems[0]?.message).toMatch(/^not valid JSON/);
    expect(raw.problems[1]?.message).toContain("not a recognised AWS CLI output");
    expect(raw.problems[1]?.message).toContain("iam get-role");
  });

  test("a trust policy that cannot be decoded is a problem and the role is not kept half-read", async () => {
    const bad = { Role: { RoleName: "r", Arn: "arn:aws:iam::111122223333:role/r", AssumeRolePolicyDocument: "%7B%22Version" } };
    const raw = await readRawSnapshot(await writeSnapshot({ "target.yaml": TARGET, "aws/role.json": bad }));
    expect(raw.aws.roles).toEqual([]);
    expect(raw.problems).toEqual([{ source: "aws/role.json", message: expect.stringContaining("get-role r: AssumeRolePolicyDocument") }]);
  });

  test("list-attached-role-policies is attributed to the role its file name contains (longest name wins)", async () => {
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/role-a.json": getRole("payments-api"),
        "aws/role-b.json": getRole("payments-api-irsa"),
        "aws/list-attached-role-policies-payments-api-irsa.json": attached("s3-read"),
        "aws/payments-api/list-attached-role-policies.json": attached("kms-decrypt"),
      }),
    );
    expect(raw.problems).toEqual([]);
    expect(raw.aws.attachedRolePolicies["payments-api-irsa"]?.value.map((p) => p.PolicyName)).toEqual(["s3-read"]);
    expect(raw.aws.attachedRolePolicies["payments-api"]).toEqual({
      value: [{ PolicyName: "kms-decrypt", PolicyArn: "arn:aws:iam::111122223333:policy/kms-decrypt" }],
      source: "aws/payments-api/list-attached-role-policies.json",
    });
  });

  test("with a single role in the snapshot, an unnamed policy list belongs to it", async () => {
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/role.json": getRole("payments-api-irsa"),
        "aws/attached.json": attached("s3-read"),
        "aws/inline.json": { PolicyNames: ["inline-kms"] },
      }),
    );
    expect(Object.keys(raw.aws.attachedRolePolicies)).toEqual(["payments-api-irsa"]);
    expect(raw.aws.inlineRolePolicyNames["payments-api-irsa"]?.value).toEqual(["inline-kms"]);
  });

  test("a role named only by the ServiceAccount annotation still lets a policy list be attributed by file name", async () => {
    const sa =
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: payments-api\n  namespace: payments\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-api-irsa\n";
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "k8s/sa.yaml": sa,
        "aws/role.json": getRole("other"),
        "aws/attached-payments-api-irsa.json": attached("s3-read"),
      }),
    );
    expect(Object.keys(raw.aws.attachedRolePolicies)).toEqual(["payments-api-irsa"]);
  });

  test("an unattributable policy list is a problem that names the file, the roles and how to rename it", async () => {
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/a.json": getRole("role-a"),
        "aws/b.json": getRole("role-b"),
        "aws/attached.json": attached("x"),
      }),
    );
    expect(raw.aws.attachedRolePolicies).toEqual({});
    expect(raw.problems).toEqual([
      {
        source: "aws/attached.json",
        message:
          "list-attached-role-policies output does not say which role it is for and its file name names none of the roles in the snapshot (role-a, role-b) — rename it to include the role name, e.g. aws/list-attached-role-policies-<role-name>.json",
      },
    ]);
  });

  test("get-policy-version is matched to an attached policy by file name, else refused with a naming hint", async () => {
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/role.json": getRole("payments-api-irsa"),
        "aws/attached.json": attached("s3-read", "s3-read-write"),
        "aws/get-policy-version-s3-read-write.json": version,
        "aws/get-policy-version.json": version,
      }),
    );
    expect(raw.aws.policyVersions.map((v) => [v.value.PolicyArn, v.source])).toEqual([
      ["arn:aws:iam::111122223333:policy/s3-read-write", "aws/get-policy-version-s3-read-write.json"],
    ]);
    expect(raw.problems).toEqual([
      { source: "aws/get-policy-version.json", message: expect.stringContaining("rename it to include the policy name") },
    ]);
  });

  test("an OIDC provider takes its ARN from the provider list when listed", async () => {
    const listed = `arn:aws:iam::999988887777:oidc-provider/${ISSUER}`;
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/list.json": { OpenIDConnectProviderList: [{ Arn: listed }] },
        "aws/provider.json": oidc,
      }),
    );
    expect(raw.aws.oidcProviders.map((p) => p.value.Arn)).toEqual([listed]);
    expect(raw.aws.oidcProviderList?.value).toEqual([listed]);
  });

  test("an OIDC provider's ARN is built from the account (target, then caller identity) when not listed", async () => {
    const fromTarget = await readRawSnapshot(
      await writeSnapshot({ "target.yaml": `${TARGET}account: "111122223333"\n`, "aws/provider.json": oidc }),
    );
    expect(fromTarget.aws.oidcProviders[0]?.value.Arn).toBe(`arn:aws:iam::111122223333:oidc-provider/${ISSUER}`);
    const fromCaller = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/provider.json": oidc,
        "aws/whoami.json": { UserId: "AIDA", Account: "444455556666", Arn: "arn:aws:iam::444455556666:user/jane" },
      }),
    );
    expect(fromCaller.aws.oidcProviders[0]?.value.Arn).toBe(`arn:aws:iam::444455556666:oidc-provider/${ISSUER}`);
  });

  test("an OIDC provider with no way to know the account is a problem asking for the account", async () => {
    const raw = await readRawSnapshot(await writeSnapshot({ "target.yaml": TARGET, "aws/provider.json": oidc }));
    expect(raw.aws.oidcProviders).toEqual([]);
    expect(raw.problems[0]?.message).toContain("add `account: <12-digit id>` to target.yaml");
  });

  test("oidcProviderList is undefined when not collected and [] when collected empty", async () => {
    const none = await readRawSnapshot(await writeSnapshot({ "target.yaml": TARGET, "aws/": null }));
    const empty = await readRawSnapshot(await writeSnapshot({ "target.yaml": TARGET, "aws/list.json": { OpenIDConnectProviderList: [] } }));
    expect(none.aws.oidcProviderList).toBeUndefined();
    expect(empty.aws.oidcProviderList?.value).toEqual([]);
  });

  test("objects from many files come out sorted; the same object saved twice keeps the newest resourceVersion", async () => {
    const old = { ...pod("b"), metadata: { ...pod("b").metadata, resourceVersion: "100" } };
    const fresh = { ...pod("b"), metadata: { ...pod("b").metadata, resourceVersion: "205" } };
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "k8s/z.json": { apiVersion: "v1", kind: "List", items: [pod("c"), fresh] },
        "k8s/a/pods.json": { apiVersion: "v1", kind: "List", items: [old, pod("a")] },
        "k8s/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n",
      }),
    );
    expect(raw.k8sObjects.map((o) => `${o.value.kind}/${o.value.metadata.name}@${o.source}`)).toEqual([
      "Namespace/payments@k8s/ns.yaml",
      "Pod/a@k8s/a/pods.json",
      "Pod/b@k8s/z.json",
      "Pod/c@k8s/z.json",
    ]);
  });

  test("present and logsRoot say which parts exist", async () => {
    const raw = await readRawSnapshot(await writeSnapshot({ "target.yaml": TARGET, "logs/app.log": "hello\n" }));
    expect(raw.present).toEqual({ k8s: false, aws: false, logs: true });
    expect(raw.logsRoot).toMatch(/logs$/);
    expect(raw.k8sObjects).toEqual([]);
    expect(raw.problems).toEqual([]);
  });

  test("cloudtrail lookup-events from several files are merged, de-duplicated and sorted by time", async () => {
    const ev = (id: string, time: string) => ({
      EventId: id,
      EventName: "AssumeRoleWithWebIdentity",
      EventTime: time,
      CloudTrailEvent: "{}",
    });
    const raw = await readRawSnapshot(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/trail-2.json": { Events: [ev("b", "2024-05-14T09:31:00+00:00"), ev("a", "2024-05-14T09:30:00+00:00")] },
        "aws/trail-1.json": { Events: [ev("a", "2024-05-14T09:30:00+00:00")] },
      }),
    );
    expect(raw.aws.cloudTrailEvents?.value.map((e) => e.EventId)).toEqual(["a", "b"]);
    expect(raw.aws.cloudTrailEvents?.source).toBe("aws/trail-1.json, aws/trail-2.json");
  });
});
