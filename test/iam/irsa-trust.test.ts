// Trust-policy scenarios of IRSA: the request a pod makes (webIdentityRequest) against the trust
// policies people actually write, checking the decision and the problem codes a diagnosis acts on.

import { describe, expect, it } from "vitest";
import { evaluatePolicy, webIdentityRequest, type PolicyProblem } from "../../src/iam/index.js";
import { HOST_A, HOST_B, POD, PROVIDER_A, PROVIDER_B, irsaStatement, policy } from "./fixtures.js";

const codes = (problems: PolicyProblem[]): string[] => problems.map((p) => p.code);

describe("IRSA trust policy evaluation", () => {
  it("allows a correct IRSA trust policy (StringEquals on sub and aud, provider of the pod's issuer)", () => {
    const d = evaluatePolicy(policy(irsaStatement()), webIdentityRequest(POD));
    expect(d.decision).toBe("allow");
    expect(d.allowedBy).toEqual([0]);
    expect(d.closestAllow).toBeNull();
    expect(d.statements[0]?.problems).toEqual([]);
    expect(d.statements[0]?.conditions.map((c) => c.matched)).toEqual([true, true]);
  });

  const subjectCases = [
    { title: "another namespace", sub: "system:serviceaccount:billing:api" },
    { title: "another service account", sub: "system:serviceaccount:payments:worker" },
    { title: "a subject without the system:serviceaccount prefix", sub: "payments:api" },
  ];
  for (const c of subjectCases) {
    it(`denies a subject for ${c.title} with condition_value_mismatch naming expected vs actual`, () => {
      const d = evaluatePolicy(policy(irsaStatement({ sub: c.sub })), webIdentityRequest(POD));
      expect(d.decision).toBe("implicit_deny");
      expect(d.closestAllow).toBe(0);
      const problems = d.statements[0]?.problems ?? [];
      expect(codes(problems)).toEqual(["condition_value_mismatch"]);
      expect(problems[0]).toMatchObject({
        key: `${HOST_A}:sub`,
        operator: "StringEquals",
        expected: [c.sub],
        actual: ["system:serviceaccount:payments:api"],
      });
      expect(problems[0]?.message).toBe(
        `StringEquals on "${HOST_A}:sub" expects "${c.sub}", but the request has "system:serviceaccount:payments:api".`,
      );
    });
  }

  it('flags StringEquals with "system:serviceaccount:payments:*" as wildcard_in_exact_operator', () => {
    const d = evaluatePolicy(policy(irsaStatement({ sub: "system:serviceaccount:payments:*" })), webIdentityRequest(POD));
    expect(d.decision).toBe("implicit_deny");
    const problems = d.statements[0]?.problems ?? [];
    expect(codes(problems)).toEqual(["wildcard_in_exact_operator", "condition_value_mismatch"]);
    expect(problems[0]).toMatchObject({ suggestedOperator: "StringLike", values: ["system:serviceaccount:payments:*"] });
    expect(problems[0]?.message).toBe(
      'StringEquals compares "system:serviceaccount:payments:*" literally: "*" and "?" are wildcards only under StringLike. Under StringLike the request\'s value would match.',
    );
  });

  it("says when a wildcard under StringEquals would not match even under StringLike", () => {
    const d = evaluatePolicy(policy(irsaStatement({ sub: "system:serviceaccount:billing:*" })), webIdentityRequest(POD));
    expect(d.statements[0]?.problems[0]?.message).toContain("Even under StringLike the request's value would not match.");
  });

  it('allows StringLike with "system:serviceaccount:payments:*" (the wildcard crosses no boundary it should not)', () => {
    const d = evaluatePolicy(
      policy(irsaStatement({ operator: "StringLike", sub: "system:serviceaccount:payments:*" })),
      webIdentityRequest(POD),
    );
    expect(d.decision).toBe("allow");
  });

  it("lets StringLike's * span ':' so system:serviceaccount:* matches every namespace", () => {
    const d = evaluatePolicy(policy(irsaStatement({ operator: "StringLike", sub: "system:serviceaccount:*" })), webIdentityRequest(POD));
    expect(d.decision).toBe("allow");
  });

  it("gives principal_mismatch and condition_key_for_other_issuer for the trust policy of another cluster", () => {
    const d = evaluatePolicy(policy(irsaStatement({ host: HOST_B, provider: PROVIDER_B })), webIdentityRequest(POD));
    expect(d.decision).toBe("implicit_deny");
    const problems = d.statements[0]?.problems ?? [];
    expect(codes(problems)).toEqual(["principal_mismatch", "condition_key_for_other_issuer", "condition_key_for_other_issuer"]);
    expect(problems[0]).toMatchObject({
      element: "Principal",
      expected: [{ type: "Federated", id: PROVIDER_B }],
      actual: { type: "Federated", id: PROVIDER_A },
    });
    expect(problems[0]?.message).toContain(`not that of "${HOST_A}"`);
    expect(problems[1]).toMatchObject({ key: `${HOST_B}:aud`, keyIssuer: HOST_B, requestIssuers: [HOST_A] });
  });

  it("gives only condition_key_for_other_issuer when the provider is right but the keys name another issuer", () => {
    const d = evaluatePolicy(policy(irsaStatement({ host: HOST_B })), webIdentityRequest(POD));
    expect(codes(d.statements[0]?.problems ?? [])).toEqual(["condition_key_for_other_issuer", "condition_key_for_other_issuer"]);
  });

  const audienceCases = [
    { title: 'the China audience "sts.amazonaws.com.cn"', audience: "sts.amazonaws.com.cn" },
    { title: "a custom audience", audience: "my-app" },
  ];
  for (const c of audienceCases) {
    it(`denies an aud condition "sts.amazonaws.com" against a token for ${c.title}`, () => {
      const d = evaluatePolicy(policy(irsaStatement()), webIdentityRequest({ ...POD, audience: c.audience }));
      expect(d.decision).toBe("implicit_deny");
      const problems = d.statements[0]?.problems ?? [];
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        code: "condition_value_mismatch",
        key: `${HOST_A}:aud`,
        expected: ["sts.amazonaws.com"],
        actual: [c.audience],
      });
    });
  }

  it("denies a statement that allows sts:AssumeRole only, with action_not_allowed", () => {
    const d = evaluatePolicy(policy(irsaStatement({ action: "sts:AssumeRole" })), webIdentityRequest(POD));
    expect(d.decision).toBe("implicit_deny");
    const problems = d.statements[0]?.problems ?? [];
    expect(problems).toEqual([
      {
        code: "action_not_allowed",
        message: 'Action "sts:AssumeRole" does not cover the request\'s action "sts:AssumeRoleWithWebIdentity".',
        element: "Action",
        expected: ["sts:AssumeRole"],
        actual: "sts:AssumeRoleWithWebIdentity",
      },
    ]);
  });

  it("lets an explicit Deny statement win over a matching Allow", () => {
    const deny = {
      Sid: "NoPayments",
      Effect: "Deny" as const,
      Principal: "*" as const,
      Action: "sts:*",
      Condition: { StringLike: { [`${HOST_A}:sub`]: "system:serviceaccount:payments:*" } },
    };
    const d = evaluatePolicy(policy(irsaStatement(), deny), webIdentityRequest(POD));
    expect(d.decision).toBe("explicit_deny");
    expect(d.allowedBy).toEqual([0]);
    expect(d.deniedBy).toEqual([1]);
    expect(d.statements[1]?.sid).toBe("NoPayments");
  });

  it("does not deny when the Deny statement's condition does not hold", () => {
    const deny = {
      Effect: "Deny" as const,
      Principal: "*" as const,
      Action: "sts:*",
      Condition: { StringEquals: { [`${HOST_A}:sub`]: "system:serviceaccount:kube-system:default" } },
    };
    expect(evaluatePolicy(policy(irsaStatement(), deny), webIdentityRequest(POD)).decision).toBe("allow");
  });

  it("allows when any of several statements applies and picks the nearest failing one as closestAllow", () => {
    const wrongAction = irsaStatement({ action: "sts:AssumeRole" });
    const wrongSub = irsaStatement({ sub: "system:serviceaccount:payments:other" });
    const d = evaluatePolicy(policy(wrongAction, wrongSub), webIdentityRequest(POD));
    expect(d.decision).toBe("implicit_deny");
    expect(d.closestAllow).toBe(1);
    expect(evaluatePolicy(policy(wrongAction, wrongSub, irsaStatement()), webIdentityRequest(POD)).allowedBy).toEqual([2]);
  });

  it("reports a key the pod's token never carries (amr) as condition_key_missing_in_request", () => {
    const s = irsaStatement();
    s.Condition = { ...s.Condition, "ForAnyValue:StringLike": { [`${HOST_A}:amr`]: "authenticated" } };
    const d = evaluatePolicy(policy(s), webIdentityRequest(POD));
    expect(d.decision).toBe("implicit_deny");
    expect(d.statements[0]?.problems).toEqual([
      {
        code: "condition_key_missing_in_request",
        message: `ForAnyValue:StringLike needs the condition key "${HOST_A}:amr", which the request does not carry.`,
        operator: "ForAnyValue:StringLike",
        key: `${HOST_A}:amr`,
      },
    ]);
  });

  it("matches condition keys case-insensitively, as IAM does", () => {
    const s = irsaStatement({ host: HOST_A.toUpperCase() });
    expect(evaluatePolicy(policy(s), webIdentityRequest(POD)).decision).toBe("allow");
  });

  it("treats a Federated principal of another account as principal_mismatch", () => {
    const other = PROVIDER_A.replace("111122223333", "444455556666");
    const d = evaluatePolicy(policy(irsaStatement({ provider: other })), webIdentityRequest(POD));
    expect(codes(d.statements[0]?.problems ?? [])).toEqual(["principal_mismatch"]);
  });

  it("keeps the statement as written for display", () => {
    const s = irsaStatement();
    const d = evaluatePolicy(policy(s), webIdentityRequest(POD));
    expect(d.statements[0]?.statement).toEqual(s);
  });

  it("gives the same explanation whatever the order of the condition keys in the JSON", () => {
    const s1 = irsaStatement({ sub: "x" });
    const c = s1.Condition?.["StringEquals"] ?? {};
    const s2 = { ...s1, Condition: { StringEquals: Object.fromEntries(Object.entries(c).reverse()) } };
    const d1 = evaluatePolicy(policy(s1), webIdentityRequest(POD));
    const d2 = evaluatePolicy(policy(s2), webIdentityRequest(POD));
    expect(d2.statements[0]?.problems).toEqual(d1.statements[0]?.problems);
    expect(d2.statements[0]?.conditions).toEqual(d1.statements[0]?.conditions);
  });
});
