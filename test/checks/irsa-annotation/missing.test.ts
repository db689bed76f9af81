// irsa_annotation.missing: fires on an unannotated service account with no Pod Identity association, names
// the role that already trusts it, and stays quiet when the annotation, an association or the service
// account itself (not collected) says otherwise.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/irsa-annotation/missing.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { notCollected } from "../../../src/snapshot/evidence.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const SCENARIO = "irsa_annotation.missing--go-no-credential-providers";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function unannotate(s: Snapshot): void {
  if (s.k8s.serviceAccount.status !== "found") throw new Error("scenario has no service account");
  delete s.k8s.serviceAccount.value.metadata.annotations?.["eks.amazonaws.com/role-arn"];
}

describe("irsa_annotation.missing", () => {
  it("fires high on the scenario and names the role that already trusts the service account", async () => {
    const finding = run(await loadScenario(SCENARIO));
    expect(finding?.causeId).toBe("irsa_annotation.missing");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("payments/payments-api");
    expect(finding?.actions[0]?.command).toContain("eks.amazonaws.com/role-arn=arn:aws:iam::111122223333:role/payments-api-irsa");
    expect(finding?.evidence.map((e) => e.content).join("\n")).toContain("NoCredentialProviders");
  });

  it("names a role ARN kept under a misspelled annotation key (eks.amazon.com/role-arn), which the webhook ignores", async () => {
    const finding = run(await loadScenario("irsa_annotation.missing--lbc-annotation-key-eks-amazon-com-typo"));
    expect(finding?.detail).toContain(
      "it carries eks.amazon.com/role-arn=arn:aws:iam::111122223333:role/AmazonEKSLoadBalancerControllerRole instead, a key the webhook does not read",
    );
    const s = await variant(SCENARIO, (x) => {
      if (x.k8s.serviceAccount.status !== "found") throw new Error("scenario has no service account");
      x.k8s.serviceAccount.value.metadata.annotations = { "eks.amazonaws.com/role_arn": " arn:aws:iam::111122223333:role/meant " };
      x.aws.roles = {};
    });
    const meant = run(s);
    expect(meant?.evidence.map((e) => e.content)).toContain(
      "ServiceAccount payments/payments-api names role arn:aws:iam::111122223333:role/meant under annotation eks.amazonaws.com/role_arn: the webhook reads only eks.amazonaws.com/role-arn",
    );
    expect(meant?.actions[0]?.command).toContain("eks.amazonaws.com/role-arn=arn:aws:iam::111122223333:role/meant");
  });

  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("does not fire when the annotation is missing but the pod still carries AWS_ROLE_ARN (another cause)", async () => {
    expect(run(await variant("healthy--irsa", unannotate))).toBeNull();
  });

  it("does not fire when a Pod Identity association covers the service account", async () => {
    const s = await variant(SCENARIO, (x) => {
      x.aws.podIdentityAssociations = {
        status: "found",
        source: "aws/eks-list-pod-identity-associations.json",
        value: [
          {
            clusterName: "prod-eu",
            namespace: "payments",
            serviceAccount: "payments-api",
            associationArn: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod-eu/a-abcdefghijklmnop1",
            associationId: "a-abcdefghijklmnop1",
          },
        ],
      };
    });
    expect(run(s)).toBeNull();
  });

  it("gives medium and asks for the associations when they were not collected", async () => {
    const s = await variant(SCENARIO, (x) => {
      x.aws.podIdentityAssociations = notCollected("the pod identity associations");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain("list-pod-identity-associations");
  });

  it("does not guess when the service account itself was not collected", async () => {
    const s = await variant(SCENARIO, (x) => {
      x.k8s.serviceAccount = notCollected("service account payments/payments-api");
    });
    expect(run(s)).toBeNull();
  });

  it("leaves a malformed annotation to irsa_annotation.malformed_arn", async () => {
    const s = await variant(SCENARIO, (x) => {
      if (x.k8s.serviceAccount.status === "found") {
        x.k8s.serviceAccount.value.metadata.annotations = { "eks.amazonaws.com/role-arn": "payments-api-irsa" };
      }
    });
    expect(run(s)).toBeNull();
  });
});
