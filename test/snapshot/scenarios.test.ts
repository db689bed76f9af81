// The two healthy scenarios are the base every broken scenario copies: each must load completely, with
// every piece the diagnosis reads found and no problem.

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import type { Evidence } from "../../src/snapshot/evidence.js";

const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "scenarios");
const status = (e: Evidence<unknown>) => e.status;

describe("healthy--irsa", async () => {
  const s = await loadSnapshotDir(join(SCENARIOS, "healthy--irsa"));
  const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";

  test("loads without problems and targets payments/payments-api-7d9c8b6f5-x2k4q", () => {
    expect(s.problems).toEqual([]);
    expect(s.target).toMatchObject({
      cluster: "prod-eu",
      namespace: "payments",
      pod: "payments-api-7d9c8b6f5-x2k4q",
      incidentTime: "2024-05-14T09:32:00Z",
    });
  });

  test("every Kubernetes item is found", () => {
    expect(Object.fromEntries(Object.entries(s.k8s).map(([k, e]) => [k, status(e)]))).toEqual({
      pod: "found",
      pods: "found",
      serviceAccount: "found",
      events: "found",
      mutatingWebhooks: "found",
      podIdentityAgent: "found",
      podIdentityAgentPods: "found",
      node: "found",
      namespace: "found",
      owners: "found",
    });
    expect(s.k8s.pod.status === "found" && s.k8s.pod.source).toBe("k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml");
    expect(s.k8s.node.status === "found" && s.k8s.node.value.spec?.providerID).toBe("aws:///eu-west-1a/i-0abc123def4567890");
  });

  test("the pod carries what the pod-identity-webhook injects for IRSA", () => {
    if (s.k8s.pod.status !== "found") throw new Error("pod not found");
    const spec = s.k8s.pod.value.spec;
    const env = Object.fromEntries((spec.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      AWS_STS_REGIONAL_ENDPOINTS: "regional",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_REGION: "eu-west-1",
      AWS_ROLE_ARN: "arn:aws:iam::111122223333:role/payments-api-irsa",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
    });
    const token = spec.volumes?.find((v) => v.name === "aws-iam-token")?.projected?.sources?.[0]?.serviceAccountToken;
    expect(token).toEqual({ audience: "sts.amazonaws.com", expirationSeconds: 86400, path: "token" });
    expect(spec.containers[0]?.volumeMounts).toContainEqual({
      mountPath: "/var/run/secrets/eks.amazonaws.com/serviceaccount",
      name: "aws-iam-token",
      readOnly: true,
    });
  });

  test("AWS: cluster, caller, OIDC provider list and the cluster's provider, the annotated role and its permissions are found", () => {
    expect(status(s.aws.cluster)).toBe("found");
    expect(status(s.aws.callerIdentity)).toBe("found");
    expect(s.aws.oidcProviderList).toMatchObject({ status: "found", source: "aws/iam-list-open-id-connect-providers.json" });
    expect(s.aws.oidcProviders[PROVIDER]).toMatchObject({ status: "found", value: { ClientIDList: ["sts.amazonaws.com"] } });
    expect(Object.keys(s.aws.roles)).toEqual(["payments-api-irsa"]);
    expect(s.aws.roles["payments-api-irsa"]).toMatchObject({ status: "found", source: "aws/iam-get-role-payments-api-irsa.json" });
    const perms = s.aws.rolePermissions["payments-api-irsa"];
    expect(perms?.status === "found" && perms.value.attached.map((p) => [p.PolicyName, p.Document !== undefined])).toEqual([
      ["payments-statements-s3-read", true],
    ]);
    expect(s.aws.podIdentityAssociations).toMatchObject({ status: "found", value: [] });
    expect(status(s.aws.podIdentityAddon)).toBe("found");
    expect(s.aws.cloudTrail).toMatchObject({ status: "unavailable", reason: "not_collected" });
  });

  test("logs are scanned and hold the application log", () => {
    expect(s.logs.status === "found" && s.logs.value.files).toEqual(["payments-api-7d9c8b6f5-x2k4q/payments-api.log"]);
    expect(s.logs.status === "found" && s.logs.value.matches).toEqual([]);
  });

  test("the snapshot is plain JSON: it round-trips", () => {
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe("healthy--pod-identity", async () => {
  const s = await loadSnapshotDir(join(SCENARIOS, "healthy--pod-identity"));

  test("loads without problems; the pod is chosen from the service account", () => {
    expect(s.problems).toEqual([]);
    expect(s.k8s.pod.status === "found" && s.k8s.pod.value.metadata.name).toBe("orders-worker-5f8d9c7b4-m7z9p");
    expect(s.k8s.pod.status === "found" && s.k8s.pod.source).toContain("among 1 pod of service account orders-worker");
  });

  test("every Kubernetes item is found, the service account has no IRSA annotation", () => {
    for (const [k, e] of Object.entries(s.k8s)) expect(status(e), k).toBe("found");
    expect(s.k8s.serviceAccount.status === "found" && s.k8s.serviceAccount.value.metadata.annotations).toBeUndefined();
  });

  test("the pod carries what the Pod Identity webhook injects", () => {
    if (s.k8s.pod.status !== "found") throw new Error("pod not found");
    const spec = s.k8s.pod.value.spec;
    const env = Object.fromEntries((spec.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials",
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
    });
    const token = spec.volumes?.find((v) => v.name === "eks-pod-identity-token")?.projected?.sources?.[0]?.serviceAccountToken;
    expect(token?.audience).toBe("pods.eks.amazonaws.com");
  });

  test("the agent DaemonSet is ready and its pod on the target's node comes first", () => {
    expect(s.k8s.podIdentityAgent.status === "found" && s.k8s.podIdentityAgent.value.status?.numberReady).toBe(3);
    expect(s.k8s.podIdentityAgentPods.status === "found" && s.k8s.podIdentityAgentPods.value.map((p) => p.spec.nodeName)).toEqual([
      "ip-10-0-77-203.eu-west-1.compute.internal",
      "ip-10-0-42-17.eu-west-1.compute.internal",
    ]);
  });

  test("associations merge list and describe, keeping the other service account's too", () => {
    const a = s.aws.podIdentityAssociations;
    expect(a.status === "found" && a.value.map((x) => [x.serviceAccount, x.roleArn ?? null])).toEqual([
      ["orders-reporting", null],
      ["orders-worker", "arn:aws:iam::111122223333:role/orders-worker-pod-identity"],
    ]);
    expect(s.aws.podIdentityAddon).toMatchObject({ status: "found", value: { status: "ACTIVE" } });
  });

  test("the association's role is found with its Pod Identity trust", () => {
    const role = s.aws.roles["orders-worker-pod-identity"];
    expect(role?.status === "found" && role.value.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      },
    ]);
    expect(status(s.aws.rolePermissions["orders-worker-pod-identity"] ?? { status: "absent", source: "" })).toBe("found");
  });

  test("the cluster's OIDC provider is there too, so a copy can switch to IRSA without gaps", () => {
    expect(s.aws.oidcProviderList.status).toBe("found");
    const arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
    expect(s.aws.oidcProviders[arn]?.status).toBe("found");
  });

  test("logs hold the agent and application logs", () => {
    expect(s.logs.status === "found" && s.logs.value.files).toEqual([
      "kube-system/eks-pod-identity-agent-q5c8n/eks-pod-identity-agent.log",
      "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log",
    ]);
  });
});
