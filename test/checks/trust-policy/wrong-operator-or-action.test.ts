// trust_policy.wrong_operator_or_action: a wildcard under StringEquals, sts:AssumeRole instead of
// sts:AssumeRoleWithWebIdentity, a misspelt operator, no web identity statement, or a Deny that catches
// the pod; each fix is the whole document that admits the pod with the other statements kept.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/trust-policy/wrong-operator-or-action.js";
import { check as subjectCheck } from "../../../src/checks/trust-policy/subject-mismatch.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { evaluatePolicy, webIdentityRequest } from "../../../src/iam/index.js";
import type { PolicyDocument, PolicyStatement, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const BASE = "healthy--irsa";
const ROLE = "payments-api-irsa";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;
const SUBJECT = "system:serviceaccount:payments:payments-api";
const EC2: PolicyStatement = { Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function irsa(change: Partial<PolicyStatement> = {}, sub = SUBJECT, operator = "StringEquals"): PolicyStatement {
  return {
    Sid: "PaymentsApi",
    Effect: "Allow",
    Principal: { Federated: PROVIDER },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { [operator]: { [`${HOST}:sub`]: sub, [`${HOST}:aud`]: "sts.amazonaws.com" } },
    ...change,
  };
}

function setTrust(s: Snapshot, statements: PolicyStatement[]): void {
  const role = s.aws.roles[ROLE];
  if (role?.status !== "found") throw new Error("base scenario has no role");
  role.value.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: statements };
}

const request = webIdentityRequest({ issuerUrl: ISSUER, account: "111122223333", namespace: "payments", serviceAccount: "payments-api" });
const admitsPod = (policy: unknown): boolean => evaluatePolicy(policy as PolicyDocument, request).decision === "allow";
const statementsOf = (policy: unknown): PolicyStatement[] => (policy as PolicyDocument).Statement as PolicyStatement[];

describe("trust_policy.wrong_operator_or_action", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario(BASE))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("fires high on a wildcard under StringEquals and moves just that key to StringLike", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [irsa({}, "system:serviceaccount:payments:*")])));
    expect(finding?.causeId).toBe("trust_policy.wrong_operator_or_action");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain('statement "PaymentsApi" (#0) compares');
    expect(finding?.detail).toContain(
      'with "system:serviceaccount:payments:*" under StringEquals, which treats "*" literally (expected StringLike)',
    );
    const policy = finding?.actions[0]?.policy;
    expect(statementsOf(policy)[0]?.Condition).toEqual({
      StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" },
      StringLike: { [`${HOST}:sub`]: "system:serviceaccount:payments:*" },
    });
    expect(admitsPod(policy)).toBe(true);
  });

  it("fires on sts:AssumeRole and sets the web identity action, keeping the other statements", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [EC2, irsa({ Action: "sts:AssumeRole" })])));
    expect(finding?.detail).toContain('statement "PaymentsApi" (#1) allows Action "sts:AssumeRole", not "sts:AssumeRoleWithWebIdentity"');
    const policy = finding?.actions[0]?.policy;
    expect(statementsOf(policy)).toEqual([EC2, irsa()]);
    expect(admitsPod(policy)).toBe(true);
  });

  it("fires on a misspelt operator and renames it", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [irsa({}, SUBJECT, "StringEqual")])));
    expect(finding?.detail).toContain('uses the unknown condition operator "StringEqual" (expected "StringEquals")');
    expect(statementsOf(finding?.actions[0]?.policy)[0]).toEqual(irsa());
  });

  it("fires on a Deny that catches the pod, naming its condition, and removes only that statement", async () => {
    const deny: PolicyStatement = {
      Sid: "DenyOthers",
      Effect: "Deny",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringNotLike: { [`${HOST}:sub`]: "system:serviceaccount:payments-*:*" } },
    };
    const finding = run(await variant(BASE, (s) => setTrust(s, [irsa(), deny, EC2])));
    expect(finding?.detail).toContain('Deny statement "DenyOthers" (#1) applies');
    expect(finding?.detail).toContain(`holds for "${SUBJECT}"`);
    const policy = finding?.actions[0]?.policy;
    expect(statementsOf(policy)).toEqual([irsa(), EC2]);
    expect(admitsPod(policy)).toBe(true);
  });

  it("with a Deny and a wrong subject, fixes both and lets subject_mismatch see the Allow statement", async () => {
    const deny: PolicyStatement = {
      Sid: "DenyAll",
      Effect: "Deny",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
    };
    const s = await variant(BASE, (x) => setTrust(x, [irsa({}, "system:serviceaccount:payments:payments-worker"), deny]));
    const finding = run(s);
    expect(admitsPod(finding?.actions[0]?.policy)).toBe(true);
    expect(subjectCheck.run(s, deriveFacts(s))?.detail).toContain('service account "payments-worker" instead of "payments-api"');
  });

  it("fires when no statement trusts a web identity at all, adding the documented statement", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [EC2])));
    expect(finding?.detail).toContain(
      'has no web identity statement: its nearest Allow, statement "Ec2" (#0), trusts Service "ec2.amazonaws.com"',
    );
    const policy = finding?.actions[0]?.policy;
    expect(statementsOf(policy)[0]).toEqual(EC2);
    expect(statementsOf(policy)).toHaveLength(2);
    expect(admitsPod(policy)).toBe(true);
  });

  it("does not fire for a plain subject mismatch (near miss)", async () => {
    expect(run(await variant(BASE, (s) => setTrust(s, [irsa({}, "system:serviceaccount:default:payments-api")])))).toBeNull();
  });

  it("fires on a condition on a claim the token never carries (amr) and removes just that condition", async () => {
    const st = irsa();
    st.Condition = { ...st.Condition, "ForAnyValue:StringLike": { [`${HOST}:amr`]: "authenticated" } };
    const finding = run(await variant(BASE, (s) => setTrust(s, [st])));
    expect(finding?.detail).toContain(`requires ForAnyValue:StringLike on "${HOST}:amr", a claim STS never receives`);
    expect(statementsOf(finding?.actions[0]?.policy)[0]).toEqual(irsa());
  });

  it("does not judge global condition keys the request model does not carry (aws:SourceIp)", async () => {
    const st = irsa();
    st.Condition = { ...st.Condition, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } };
    expect(run(await variant(BASE, (s) => setTrust(s, [st])))).toBeNull();
  });

  it("replaces the statement with the documented one, keeping its Sid, when no minimal edit fixes it", async () => {
    const st: PolicyStatement = {
      Sid: "PaymentsApi",
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      NotAction: "sts:AssumeRoleWithWebIdentity",
    };
    const finding = run(await variant(BASE, (s) => setTrust(s, [st])));
    expect(finding?.detail).toContain('statement "PaymentsApi" (#0) excludes "sts:AssumeRoleWithWebIdentity" with NotAction');
    expect(finding?.actions[0]?.description).toContain('replace statement "PaymentsApi" (#0) with the documented IRSA statement');
    const policy = finding?.actions[0]?.policy;
    expect(statementsOf(policy)[0]?.Sid).toBe("PaymentsApi");
    expect(admitsPod(policy)).toBe(true);
  });
});
