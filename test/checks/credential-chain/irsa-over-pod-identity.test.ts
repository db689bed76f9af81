// credential_chain.irsa_over_pod_identity: an association exists for the service account, but a container
// still carries the IRSA variables (its pod predates the association) and fails on its IRSA path.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/credential-chain/irsa-over-pod-identity.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function associate(s: Snapshot, createdAt: string): void {
  s.aws.podIdentityAssociations = found(
    [
      {
        clusterName: "prod-eu",
        namespace: "payments",
        serviceAccount: "payments-api",
        associationArn: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod-eu/a-abcdefghijklmnop1",
        associationId: "a-abcdefghijklmnop1",
        roleArn: "arn:aws:iam::111122223333:role/payments-api-pod-identity",
        createdAt,
      },
    ],
    "aws/eks-list-pod-identity-associations.json",
  );
}

function breakTrust(s: Snapshot): void {
  const role = s.aws.roles["payments-api-irsa"];
  if (role?.status !== "found") throw new Error("no role");
  role.value.AssumeRolePolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
}

describe("credential_chain.irsa_over_pod_identity", () => {
  it("does not fire on the healthy scenarios, nor when IRSA still works", async () => {
    expect(run(await variant("healthy--irsa", () => {}))).toBeNull();
    expect(run(await variant("healthy--pod-identity", () => {}))).toBeNull();
    expect(run(await variant("healthy--irsa", (s) => associate(s, "2024-06-01T00:00:00Z")))).toBeNull();
  });

  it("fires high when the pod predates the association and its IRSA role no longer trusts it", async () => {
    const f = run(
      await variant("healthy--irsa", (s) => {
        associate(s, "2024-06-01T00:00:00Z");
        breakTrust(s);
      }),
    );
    expect(f?.causeId).toBe("credential_chain.irsa_over_pod_identity");
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toContain("before association a-abcdefghijklmnop1");
    expect(f?.detail).toContain("whose trust_policy hop fails");
    expect(f?.actions[0]?.command).toBe("kubectl rollout restart deployment/payments-api -n payments");
  });

  it("is medium when the association is older than the pod: why the pod kept IRSA is then not shown", async () => {
    const f = run(
      await variant("healthy--irsa", (s) => {
        associate(s, "2023-01-01T00:00:00Z");
        breakTrust(s);
      }),
    );
    expect(f?.confidence).toBe("medium");
  });

  it("with both sets of variables, is high only when the container's SDK is known to reach web identity first", async () => {
    const both = (s: Snapshot) => {
      associate(s, "2023-01-01T00:00:00Z");
      breakTrust(s);
      if (s.k8s.pod.status !== "found") throw new Error("no pod");
      for (const c of s.k8s.pod.value.spec.containers)
        c.env = [...(c.env ?? []), { name: "AWS_CONTAINER_CREDENTIALS_FULL_URI", value: "http://169.254.170.23/v1/credentials" }];
      // Nothing recorded of which role the container obtained (the fixture's RoleLastUsed would say web identity).
      const role = s.aws.roles["payments-api-irsa"];
      if (role?.status === "found") delete (role.value as { RoleLastUsed?: unknown }).RoleLastUsed;
    };
    // No SDK named in the evidence: JavaScript v2 takes the container endpoint before the web identity token.
    const open = run(await variant("healthy--irsa", both));
    expect(open?.confidence).toBe("medium");
    expect(open?.toConfirm?.[0]).toMatch(/which role container payments-api obtains: .*comes before web identity/);
    const go = run(
      await variant("healthy--irsa", (s) => {
        both(s);
        if (s.k8s.pod.status !== "found") throw new Error("no pod");
        s.k8s.pod.value.spec.containers[0]!.image = "public.ecr.aws/aws-cli/aws-cli:2.15.30";
      }),
    );
    expect(go?.confidence).toBe("high");
  });
});
