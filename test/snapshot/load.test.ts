// loadSnapshotDir: evidence states from what the directory holds. Missing parts are not_collected, items
// looked for and not there are absent, and the items the diagnosis looks for by name (the annotated
// role, the cluster's OIDC provider) are keyed even when aws/ lacks them.

import { describe, expect, test } from "vitest";
import { SnapshotError, loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { TARGET, pod, writeSnapshot } from "./support.js";

const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`;
const cluster = (name = "prod-eu") => ({
  cluster: { name, arn: `arn:aws:eks:eu-west-1:111122223333:cluster/${name}`, identity: { oidc: { issuer: `https://${ISSUER}` } } },
});
const annotatedSa = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: payments-api
  namespace: payments
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-api-irsa
`;

describe("loadSnapshotDir", () => {
  test("a snapshot with only target.yaml: every item is not_collected, nothing is a problem", async () => {
    const s = await loadSnapshotDir(await writeSnapshot({ "target.yaml": `${TARGET}pod: p\n` }));
    expect(s.problems).toEqual([]);
    const all = [...Object.values(s.k8s), ...Object.values(s.aws).filter((e) => "status" in e), s.logs];
    for (const e of all) expect(e).toMatchObject({ status: "unavailable", reason: "not_collected" });
    expect(s.aws.roles).toEqual({});
    expect(s.logs.status === "unavailable" && s.logs.detail).toContain("no logs/ folder");
    expect(s.version).toBe(1);
  });

  test("a named pod missing from a populated k8s/ is absent while its neighbours load", async () => {
    const s = await loadSnapshotDir(
      await writeSnapshot({
        "target.yaml": `${TARGET}pod: payments-api-x\n`,
        "k8s/pods.json": { apiVersion: "v1", kind: "List", items: [pod("payments-api-y")] },
      }),
    );
    expect(s.k8s.pod.status).toBe("absent");
    expect(s.k8s.serviceAccount).toMatchObject({ status: "unavailable", reason: "not_collected" });
  });

  test("the role named by the ServiceAccount annotation but not in aws/ is not_collected, keyed by its name, with the command to run", async () => {
    const s = await loadSnapshotDir(
      await writeSnapshot({
        "target.yaml": `${TARGET}serviceAccount: payments-api\n`,
        "k8s/sa.yaml": annotatedSa,
        "aws/cluster.json": cluster(),
      }),
    );
    const role = s.aws.roles["payments-api-irsa"];
    expect(role).toMatchObject({ status: "unavailable", reason: "not_collected" });
    expect(role?.status === "unavailable" && role.detail).toContain("aws iam get-role --role-name payments-api-irsa --output json");
    expect(role?.status === "unavailable" && role.detail).toContain("ServiceAccount annotation");
    expect(s.aws.rolePermissions["payments-api-irsa"]).toMatchObject({ status: "unavailable", reason: "not_collected" });
  });

  test("the role in the pod's AWS_ROLE_ARN is looked for too", async () => {
    const p = pod("p");
    (p.spec.containers[0] as { env?: object[] }).env = [{ name: "AWS_ROLE_ARN", value: "arn:aws:iam::111122223333:role/team/old-role" }];
    const s = await loadSnapshotDir(await writeSnapshot({ "target.yaml": `${TARGET}pod: p\n`, "k8s/p.json": p }));
    expect(Object.keys(s.aws.roles)).toEqual(["old-role"]);
  });

  test("the cluster's OIDC provider is absent when the account's provider list lacks it", async () => {
    const s = await loadSnapshotDir(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/cluster.json": cluster(),
        "aws/providers.json": {
          OpenIDConnectProviderList: [
            { Arn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/8E3B1D6F0A2C4E9B7D5F1A3C6E8B0D2F" },
          ],
        },
      }),
    );
    expect(s.aws.oidcProviders[PROVIDER]).toMatchObject({ status: "absent", source: "aws/providers.json" });
  });

  test("the cluster's OIDC provider is not_collected when listed but not described, or when nothing was listed", async () => {
    const listed = await loadSnapshotDir(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/cluster.json": cluster(),
        "aws/providers.json": { OpenIDConnectProviderList: [{ Arn: PROVIDER }] },
      }),
    );
    expect(listed.aws.oidcProviders[PROVIDER]).toMatchObject({ status: "unavailable", reason: "not_collected" });
    const unlisted = await loadSnapshotDir(await writeSnapshot({ "target.yaml": TARGET, "aws/cluster.json": cluster() }));
    expect(unlisted.aws.oidcProviders[PROVIDER]).toMatchObject({ status: "unavailable", reason: "not_collected" });
  });

  test("describe-cluster of another cluster does not stand in for the target's", async () => {
    const s = await loadSnapshotDir(await writeSnapshot({ "target.yaml": TARGET, "aws/cluster.json": cluster("staging-eu") }));
    expect(s.aws.cluster).toMatchObject({
      status: "unavailable",
      reason: "not_collected",
      detail: "aws/ describes cluster staging-eu, not prod-eu",
    });
  });

  test("pod identity associations of another cluster are kept apart from this cluster's, as evidence of where the binding is", async () => {
    const assoc = (cluster: string, sa: string) => ({
      clusterName: cluster,
      namespace: "payments",
      serviceAccount: sa,
      associationArn: `arn:aws:eks:eu-west-1:111122223333:podidentityassociation/${cluster}/a-${sa}`,
      associationId: `a-${sa}`,
    });
    const s = await loadSnapshotDir(
      await writeSnapshot({
        "target.yaml": TARGET,
        "aws/assoc.json": { associations: [assoc("prod-eu", "payments-api"), assoc("staging-eu", "payments-api-stg")] },
      }),
    );
    expect(s.aws.podIdentityAssociations.status === "found" && s.aws.podIdentityAssociations.value.map((a) => a.associationId)).toEqual([
      "a-payments-api",
    ]);
    expect(s.aws.otherClusterAssociations).toMatchObject({
      status: "found",
      value: [{ clusterName: "staging-eu", associationId: "a-payments-api-stg" }],
    });
    expect(s.problems).toEqual([]);
  });

  test("problems from every part are collected and sorted; the load still completes", async () => {
    const s = await loadSnapshotDir(
      await writeSnapshot({
        "target.yaml": `${TARGET}pod: p\n`,
        "k8s/p.json": pod("p"),
        "k8s/broken.yaml": "kind: [\n",
        "aws/broken.json": "{",
        "logs/app.log": "2024-05-14T09:31:00Z started\n",
      }),
    );
    expect(s.problems.map((p) => p.source)).toEqual(["aws/broken.json", "k8s/broken.yaml"]);
    expect(s.k8s.pod.status).toBe("found");
    expect(s.logs.status === "found" && s.logs.value.files).toEqual(["app.log"]);
  });

  test("a bad target.yaml stops the load with a SnapshotError", async () => {
    const err = await loadSnapshotDir(await writeSnapshot({ "target.yaml": "cluster: prod-eu\nregion: eu-west-1\n" })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toBe("target.yaml: namespace is required — add `namespace: <ns>`");
  });
});
