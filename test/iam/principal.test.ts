// Principal / NotPrincipal matching of trust policies: "*", Federated, Service, and the AWS forms
// (account id, root ARN, role ARN and that role's sessions).

import { describe, expect, it } from "vitest";
import { evaluatePolicy, type RequestPrincipal } from "../../src/iam/index.js";
import type { PolicyStatement } from "../../src/snapshot/types.js";

const ROLE = "arn:aws:iam::111122223333:role/team/deployer";
const SESSION = "arn:aws:sts::111122223333:assumed-role/deployer/ci-42";

function decide(principal: PolicyStatement["Principal"], request: RequestPrincipal, not = false) {
  const statement: PolicyStatement = not
    ? { Effect: "Allow", NotPrincipal: principal, Action: "sts:AssumeRole" }
    : { Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" };
  return evaluatePolicy({ Statement: [statement] }, { action: "sts:AssumeRole", principal: request, context: {} });
}

const aws = (id: string): RequestPrincipal => ({ type: "AWS", id });

describe("principal matching", () => {
  const cases: { title: string; principal: PolicyStatement["Principal"]; request: RequestPrincipal; allowed: boolean }[] = [
    { title: 'Principal "*" trusts everyone', principal: "*", request: { type: "Service", id: "pods.eks.amazonaws.com" }, allowed: true },
    {
      title: '{"AWS": "*"} trusts everyone',
      principal: { AWS: "*" },
      request: { type: "Federated", id: "arn:aws:iam::1:oidc-provider/x" },
      allowed: true,
    },
    { title: "an account id trusts a role of that account", principal: { AWS: "111122223333" }, request: aws(ROLE), allowed: true },
    {
      title: "an account root ARN trusts a session of that account",
      principal: { AWS: "arn:aws:iam::111122223333:root" },
      request: aws(SESSION),
      allowed: true,
    },
    { title: "an account id does not trust another account", principal: { AWS: "444455556666" }, request: aws(ROLE), allowed: false },
    { title: "a role ARN trusts that role", principal: { AWS: ROLE }, request: aws(ROLE), allowed: true },
    {
      title: "a role ARN trusts that role's sessions (whose ARN drops the path)",
      principal: { AWS: ROLE },
      request: aws(SESSION),
      allowed: true,
    },
    {
      title: "a role ARN does not trust another role",
      principal: { AWS: "arn:aws:iam::111122223333:role/other" },
      request: aws(ROLE),
      allowed: false,
    },
    {
      title: "a Service principal compares case-insensitively",
      principal: { Service: "Pods.EKS.amazonaws.com" },
      request: { type: "Service", id: "pods.eks.amazonaws.com" },
      allowed: true,
    },
    {
      title: "a Service principal does not trust a Federated request",
      principal: { Service: "pods.eks.amazonaws.com" },
      request: { type: "Federated", id: "arn:aws:iam::111122223333:oidc-provider/x" },
      allowed: false,
    },
    {
      title: "one of several principals is enough",
      principal: { Service: ["ec2.amazonaws.com", "pods.eks.amazonaws.com"] },
      request: { type: "Service", id: "pods.eks.amazonaws.com" },
      allowed: true,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      expect(decide(c.principal, c.request).decision).toBe(c.allowed ? "allow" : "implicit_deny");
    });
  }

  it("NotPrincipal applies to every principal it does not list", () => {
    expect(decide({ AWS: "arn:aws:iam::111122223333:role/other" }, aws(ROLE), true).decision).toBe("allow");
  });

  it("NotPrincipal does not apply to a principal it lists, with principal_mismatch", () => {
    const d = decide({ AWS: ROLE }, aws(ROLE), true);
    expect(d.decision).toBe("implicit_deny");
    expect(d.statements[0]?.problems[0]).toMatchObject({ code: "principal_mismatch", element: "NotPrincipal" });
  });

  it("names the unique ID IAM leaves when a trusted role was deleted", () => {
    const d = decide({ AWS: "AROAEXAMPLEUNIQUEID12" }, aws(ROLE));
    expect(d.statements[0]?.problems[0]?.message).toContain('"AROAEXAMPLEUNIQUEID12" is an IAM unique ID');
  });

  it("a trust statement without a Principal does not apply to a request with one", () => {
    const d = evaluatePolicy(
      { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] },
      { action: "sts:AssumeRole", principal: aws(ROLE), context: {} },
    );
    expect(d.decision).toBe("implicit_deny");
    expect(d.statements[0]?.problems[0]).toMatchObject({ code: "principal_mismatch", expected: [] });
  });

  it("describes the mismatch with both principals", () => {
    const d = decide({ Service: "ec2.amazonaws.com" }, { type: "Service", id: "pods.eks.amazonaws.com" });
    expect(d.statements[0]?.problems[0]?.message).toBe(
      'The statement\'s Principal names Service "ec2.amazonaws.com", but the request comes from Service "pods.eks.amazonaws.com".',
    );
  });
});
