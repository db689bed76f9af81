// pod_identity.trust_policy: the associated role's trust policy evaluated for pods.eks.amazonaws.com with
// both sts:AssumeRole and sts:TagSession and the session tags EKS Auth sends; the corrected whole document
// must itself admit EKS Auth. Medium from EKS Auth's message when the role is not in the evidence.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/pod-identity/trust-policy.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { evaluatePodIdentityTrust } from "../../../src/iam/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import type { PolicyDocument, PolicyStatement, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const ROLE = "orders-worker-pod-identity";
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const CLUSTER_ARN = "arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function setTrust(s: Snapshot, statements: PolicyStatement[]): void {
  const role = s.aws.roles[ROLE];
  if (role?.status !== "found") throw new Error("base scenario lacks the Pod Identity role");
  role.value.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: statements };
}

const piStatement = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: "PodIdentity",
  Effect: "Allow",
  Principal: { Service: "pods.eks.amazonaws.com" },
  Action: ["sts:AssumeRole", "sts:TagSession"],
  ...extra,
});

const irsaStatement: PolicyStatement = {
  Effect: "Allow",
  Principal: { Federated: PROVIDER },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: {
    StringEquals: {
      "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D:sub": "system:serviceaccount:orders:orders-worker",
    },
  },
};

const admits = (policy: unknown) =>
  evaluatePodIdentityTrust(policy as PolicyDocument, {
    namespace: "orders",
    serviceAccount: "orders-worker",
    clusterArn: CLUSTER_ARN,
    clusterName: "prod-eu",
  }).decision;

describe("pod_identity.trust_policy", () => {
  it("does not fire on the healthy Pod Identity and IRSA scenarios", async () => {
    expect(run(await variant(PI, () => {}))).toBeNull();
    expect(run(await variant(IRSA, () => {}))).toBeNull();
  });

  it("fires high for a trust policy copied from IRSA, adding the Pod Identity statement and keeping the IRSA one", async () => {
    const finding = run(await variant(PI, (x) => setTrust(x, [irsaStatement])));
    expect(finding?.causeId).toBe("pod_identity.trust_policy");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain(
      `Role ${ROLE} (arn:aws:iam::111122223333:role/${ROLE}), associated with orders/orders-worker by Pod Identity association a-7k2m9xq4ph8vbtz1c`,
    );
    expect(finding?.detail).toContain("its trust policy is an IRSA one");
    const action = finding?.actions[0];
    expect(action?.safety).toBe("Modify IAM trust policy");
    expect(action?.command).toBe(`aws iam update-assume-role-policy --role-name ${ROLE} --policy-document file://trust-policy.json`);
    const policy = action?.policy as PolicyDocument;
    expect(policy.Statement).toEqual([
      irsaStatement,
      {
        Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      },
    ]);
    expect(admits(policy)).toBe("allow");
  });

  it("fires high when sts:TagSession is missing and adds it to the same statement", async () => {
    const finding = run(await variant(PI, (x) => setTrust(x, [piStatement({ Action: "sts:AssumeRole" })])));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("not sts:TagSession");
    expect(finding?.immediate).toContain('add sts:TagSession to the Action of statement "PodIdentity" (#0)');
    expect((finding?.actions[0]?.policy as PolicyDocument).Statement).toEqual([
      piStatement({ Action: ["sts:AssumeRole", "sts:TagSession"] }),
    ]);
  });

  it("removes a Deny that catches EKS Auth from the corrected document", async () => {
    const deny: PolicyStatement = {
      Sid: "NoService",
      Effect: "Deny",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: "sts:TagSession",
    };
    const finding = run(await variant(PI, (x) => setTrust(x, [piStatement(), deny])));
    expect(finding?.confidence).toBe("high");
    const policy = finding?.actions[0]?.policy as PolicyDocument;
    expect(policy.Statement).toEqual([piStatement()]);
    expect(finding?.immediate).toContain('remove Deny statement "NoService" (#1)');
    expect(admits(policy)).toBe("allow");
  });

  it("evaluates the session tags EKS Auth sends: a condition on the right namespace passes, a wrong one is replaced", async () => {
    const tagged = (ns: string) => piStatement({ Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": ns } } });
    expect(run(await variant(PI, (x) => setTrust(x, [tagged("orders")])))).toBeNull();
    const finding = run(await variant(PI, (x) => setTrust(x, [tagged("order")])));
    expect(finding?.confidence).toBe("high");
    const policy = finding?.actions[0]?.policy as PolicyDocument;
    expect(policy.Statement).toEqual([
      piStatement({
        Condition: {
          StringEquals: {
            "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
            "aws:RequestTag/kubernetes-namespace": "orders",
            "aws:RequestTag/kubernetes-service-account": "orders-worker",
          },
        },
      }),
    ]);
    expect(admits(policy)).toBe("allow");
  });

  it("is medium from EKS Auth's message when the role's trust policy was not collected", async () => {
    const s = await variant(PI, (x) => {
      x.aws.roles[ROLE] = notCollected(`role ${ROLE}`);
      const m = {
        patternId: "pod_identity.eks_auth_trust_denied",
        file: "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log",
        line: 2,
        text: "failed to refresh cached credentials, failed to load credentials, Unauthorized Exception! EKS does not have permissions to assume the associated role., fault: client",
        time: null,
        captures: {},
      };
      x.logs = found({ files: [m.file], matches: [m], counts: { [m.patternId]: 1 } }, "logs/");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm).toEqual([`aws iam get-role --role-name ${ROLE} --query Role.AssumeRolePolicyDocument`]);
  });

  it("does not fire when the role was not collected and nothing says EKS Auth was refused", async () => {
    expect(run(await variant(PI, (x) => (x.aws.roles[ROLE] = notCollected(`role ${ROLE}`))))).toBeNull();
  });

  it("is medium when the pod also has IRSA settings, which the SDK uses first", async () => {
    const s = await variant(PI, (x) => {
      setTrust(x, [irsaStatement]);
      if (x.k8s.pod.status !== "found") throw new Error("no pod");
      x.k8s.pod.value.spec.containers[0]!.env!.push({ name: "AWS_ROLE_ARN", value: "arn:aws:iam::111122223333:role/orders-worker-irsa" });
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("the pod also has IRSA settings");
  });
});
