// irsa_annotation.role_not_found: IAM's NoSuchEntity (absent) is proof; a role ARN in another account than the
// cluster's with STS denying the exchange is a strong sign; a role nobody looked up is only a candidate, and
// never a finding without a denied exchange. A role that was described is never "not found".

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/irsa-annotation/role-not-found.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { absent, notCollected, unavailable } from "../../../src/snapshot/evidence.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const SCENARIO = "irsa_annotation.role_not_found--staging-account-id";
const HOME_ARN = "arn:aws:iam::111122223333:role/payments-api-irsa";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

/** The scenario's denied exchange, but with the annotation (and the injected env) naming another role ARN. */
function roleArn(arn: string) {
  return (s: Snapshot): void => {
    if (s.k8s.serviceAccount.status === "found") {
      s.k8s.serviceAccount.value.metadata.annotations = { "eks.amazonaws.com/role-arn": arn };
    }
    if (s.k8s.pod.status === "found") {
      for (const e of s.k8s.pod.value.spec.containers[0]?.env ?? []) if (e.name === "AWS_ROLE_ARN") e.value = arn;
    }
  };
}
const homeAccountArn = roleArn(HOME_ARN);

describe("irsa_annotation.role_not_found", () => {
  it("fires medium on a role ARN in another account with STS denying, and points at the role at home that trusts the pod", async () => {
    const finding = run(await loadScenario(SCENARIO));
    expect(finding?.causeId).toBe("irsa_annotation.role_not_found");
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("arn:aws:iam::444455556666:role/payments-api-irsa-staging");
    expect(finding?.detail).toContain("111122223333");
    expect(finding?.actions[0]?.command).toContain(`eks.amazonaws.com/role-arn=${HOME_ARN} `);
    expect(finding?.evidence.some((e) => e.content.includes("Not authorized to perform sts:AssumeRoleWithWebIdentity"))).toBe(true);
  });

  it("does not take a same-named role of the cluster's account for the annotated one of another account", async () => {
    const finding = run(await variant(SCENARIO, roleArn("arn:aws:iam::444455556666:role/payments-api-irsa")));
    expect(finding?.confidence).toBe("medium");
    expect(
      finding?.evidence.some((e) => e.content.includes(`the evidence holds ${HOME_ARN}, a role of the same name in account 111122223333`)),
    ).toBe(true);
    expect(finding?.actions[0]?.command).toContain(`eks.amazonaws.com/role-arn=${HOME_ARN} `);
  });

  it("fires high on the bundle's recorded NoSuchEntity, and names the role that trusts the service account instead", async () => {
    const finding = run(await loadScenario("irsa_annotation.role_not_found--role-deleted"));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("IAM has no role named payments-api-irsa in account 111122223333 (NoSuchEntity)");
    expect(finding?.evidence.find((e) => e.type === "permissions")?.source).toBe("aws/iam-get-role-payments-api-irsa.error.txt");
    expect(finding?.actions[0]?.command).toContain("eks.amazonaws.com/role-arn=arn:aws:iam::111122223333:role/payments-api-irsa-v2 ");
  });

  it("fires high when IAM says the role does not exist, and offers to create it when no role trusts the service account", async () => {
    const s = await variant("healthy--irsa", (x) => {
      x.aws.roles["payments-api-irsa"] = absent(
        "aws iam get-role --role-name payments-api-irsa",
        "NoSuchEntity: The role with name payments-api-irsa cannot be found.",
      );
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("NoSuchEntity");
    const create = finding?.actions.find((a) => a.command.startsWith("aws iam create-role"));
    expect(create?.command).toContain("--role-name payments-api-irsa");
    expect(JSON.stringify(create?.policy)).toContain("system:serviceaccount:payments:payments-api");
  });

  it("is only a low candidate when the role was not looked up and STS denies the exchange", async () => {
    const s = await variant(SCENARIO, (x) => {
      homeAccountArn(x);
      x.aws.roles["payments-api-irsa"] = notCollected("role payments-api-irsa");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("low");
    expect(finding?.toConfirm?.join(" ")).toContain("aws iam get-role --role-name payments-api-irsa");
  });

  it("does not fire when the role was not looked up and nothing was denied", async () => {
    const s = await variant("healthy--irsa", (x) => {
      x.aws.roles["payments-api-irsa"] = notCollected("role payments-api-irsa");
    });
    expect(run(s)).toBeNull();
  });

  it("does not fire when the tool was refused the role lookup (not_collected is not absent, nor is permission_denied)", async () => {
    const s = await variant(SCENARIO, (x) => {
      homeAccountArn(x);
      x.aws.roles["payments-api-irsa"] = unavailable("permission_denied", "iam:GetRole was denied", { permission: "iam:GetRole" });
    });
    expect(run(s)).toBeNull();
  });

  it("does not fire when the annotated role was described in its own account", async () => {
    expect(run(await variant(SCENARIO, homeAccountArn))).toBeNull();
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });
});
