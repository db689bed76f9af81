// Roles are keyed by name in a snapshot: a role of the same name read in another account (a staging copy)
// has its own RoleLastUsed, which says nothing of whether this pod obtained the role its ARN names.

import { describe, expect, it } from "vitest";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

/** Both the IRSA and the Pod Identity variables, with an SDK not identified: the evidence must decide. */
function both(s: Snapshot): void {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  for (const c of s.k8s.pod.value.spec.containers)
    c.env = [...(c.env ?? []), { name: "AWS_CONTAINER_CREDENTIALS_FULL_URI", value: "http://169.254.170.23/v1/credentials" }];
}

describe("which role a container obtained, from RoleLastUsed", () => {
  it("the role's own RoleLastUsed after the pod started decides for web identity", async () => {
    const p = deriveFacts(await variant("healthy--irsa", both)).credentialPaths[0]!;
    expect(p.contenders).toEqual([]);
    expect(p.decidedBy[0]?.what).toMatch(/role payments-api-irsa was last used at .* \(RoleLastUsed\), after the pod was created/);
  });

  it("a namesake's RoleLastUsed in another account decides nothing", async () => {
    const s = await variant("healthy--irsa", (x) => {
      both(x);
      const role = x.aws.roles["payments-api-irsa"];
      if (role?.status !== "found") throw new Error("no role");
      role.value.Arn = "arn:aws:iam::999988887777:role/payments-api-irsa";
    });
    const p = deriveFacts(s).credentialPaths[0]!;
    expect(p.decidedBy).toEqual([]);
    expect(p.contenders).toEqual(["container"]);
  });
});

describe("whether the annotated role was made for Pod Identity", () => {
  const podIdentityOnly = (s: Snapshot, arn: string): void => {
    const role = s.aws.roles["payments-api-irsa"];
    if (role?.status !== "found") throw new Error("no role");
    role.value.Arn = arn;
    role.value.AssumeRolePolicyDocument = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    };
  };

  it("is read from the annotated role itself", async () => {
    const s = await variant("healthy--irsa", (x) => podIdentityOnly(x, "arn:aws:iam::111122223333:role/payments-api-irsa"));
    expect(deriveFacts(s).podIdentityIntent.irsaRoleIsPodIdentityRole).toBe(true);
  });

  it("is not read from a namesake in another account", async () => {
    const s = await variant("healthy--irsa", (x) => podIdentityOnly(x, "arn:aws:iam::999988887777:role/payments-api-irsa"));
    expect(deriveFacts(s).podIdentityIntent.irsaRoleIsPodIdentityRole).toBe(false);
  });
});
