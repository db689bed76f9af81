// EKS Pod Identity: the trust policy must allow pods.eks.amazonaws.com both sts:AssumeRole and
// sts:TagSession; the combined verdict and its problems say which is missing.

import { describe, expect, it } from "vitest";
import {
  correctedPodIdentityStatement,
  evaluatePodIdentityTrust,
  podIdentityRequest,
  podIdentityRequests,
  trustPolicyOf,
} from "../../src/iam/index.js";
import type { PolicyStatement } from "../../src/snapshot/types.js";

const SERVICE = { Service: "pods.eks.amazonaws.com" };
const POD = {
  clusterName: "prod",
  clusterArn: "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
  namespace: "payments",
  serviceAccount: "api",
};
const trust = (...statements: PolicyStatement[]) => ({ Version: "2012-10-17", Statement: statements });

describe("Pod Identity trust evaluation", () => {
  it("builds the request of each action with the session tags as aws:RequestTag keys", () => {
    expect(podIdentityRequest(POD, "sts:TagSession")).toEqual({
      action: "sts:TagSession",
      principal: { type: "Service", id: "pods.eks.amazonaws.com" },
      context: {
        "aws:RequestTag/eks-cluster-arn": POD.clusterArn,
        "aws:RequestTag/eks-cluster-name": "prod",
        "aws:RequestTag/kubernetes-namespace": "payments",
        "aws:RequestTag/kubernetes-service-account": "api",
        "aws:TagKeys": ["eks-cluster-arn", "eks-cluster-name", "kubernetes-namespace", "kubernetes-service-account"],
      },
    });
    expect(podIdentityRequests(POD).map((r) => r.action)).toEqual(["sts:AssumeRole", "sts:TagSession"]);
  });

  it("sends no tag keys when the association disables session tags", () => {
    expect(podIdentityRequest({ ...POD, sessionTags: false }).context).toEqual({});
  });

  it("allows the trust policy the EKS guide documents", () => {
    const d = evaluatePodIdentityTrust(trust(correctedPodIdentityStatement()), POD);
    expect(d.decision).toBe("allow");
    expect(d.problems).toEqual([]);
  });

  it("denies a trust policy with only sts:AssumeRole (missing TagSession) with a clear problem", () => {
    const d = evaluatePodIdentityTrust(trust({ Effect: "Allow", Principal: SERVICE, Action: "sts:AssumeRole" }), POD);
    expect(d.decision).toBe("implicit_deny");
    expect(d.assumeRole.decision).toBe("allow");
    expect(d.tagSession.decision).toBe("implicit_deny");
    expect(d.problems).toEqual([
      {
        code: "action_not_allowed",
        message:
          'EKS Pod Identity needs both sts:AssumeRole and sts:TagSession; the trust policy allows sts:AssumeRole to pods.eks.amazonaws.com but not sts:TagSession, so the pod gets no credentials. Add "sts:TagSession" to the statement\'s Action.',
        element: "Action",
        expected: ["sts:AssumeRole"],
        actual: "sts:TagSession",
      },
    ]);
  });

  it("denies a trust policy that names the wrong service, once per cause", () => {
    const d = evaluatePodIdentityTrust(
      trust({ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }),
      POD,
    );
    expect(d.decision).toBe("implicit_deny");
    expect(d.problems.map((p) => p.code)).toEqual(["principal_mismatch"]);
  });

  it("reports a session-tag condition for another namespace as condition_value_mismatch", () => {
    const d = evaluatePodIdentityTrust(trust(correctedPodIdentityStatement({ namespace: "billing" })), POD);
    expect(d.decision).toBe("implicit_deny");
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toMatchObject({
      code: "condition_value_mismatch",
      key: "aws:RequestTag/kubernetes-namespace",
      expected: ["billing"],
      actual: ["payments"],
    });
  });

  it("allows a statement narrowed to the pod's cluster, namespace and service account", () => {
    const s = correctedPodIdentityStatement({ clusterArn: POD.clusterArn, namespace: "payments", serviceAccount: "api" });
    expect(evaluatePodIdentityTrust(trustPolicyOf(s), POD).decision).toBe("allow");
  });

  it("reports an explicit Deny of TagSession as explicit_deny", () => {
    const d = evaluatePodIdentityTrust(
      trust(correctedPodIdentityStatement(), { Sid: "NoTags", Effect: "Deny", Principal: "*", Action: "sts:TagSession" }),
      POD,
    );
    expect(d.decision).toBe("explicit_deny");
    expect(d.problems).toEqual([
      {
        code: "explicit_deny",
        message:
          'Statement 1 ("NoTags") explicitly denies sts:TagSession to pods.eks.amazonaws.com; an explicit Deny overrides every Allow.',
        action: "sts:TagSession",
        statementIndex: 1,
        sid: "NoTags",
      },
    ]);
  });

  it("says no statement allows the actions when the trust policy has no Allow statement", () => {
    const d = evaluatePodIdentityTrust(trust({ Effect: "Deny", Principal: { AWS: "444455556666" }, Action: "sts:*" }), POD);
    expect(d.decision).toBe("implicit_deny");
    expect(d.problems.map((p) => p.message)).toEqual([
      "No Allow statement of the trust policy lets pods.eks.amazonaws.com perform sts:AssumeRole.",
      "No Allow statement of the trust policy lets pods.eks.amazonaws.com perform sts:TagSession.",
    ]);
  });
});
