// Identity-policy evaluation: Action / NotAction and Resource / NotResource with wildcards, the
// case rules of each, and Deny overriding Allow.

import { describe, expect, it } from "vitest";
import { evaluatePolicy, type PolicyRequest } from "../../src/iam/index.js";
import type { PolicyStatement } from "../../src/snapshot/types.js";

const get = (resource: string, action = "s3:GetObject"): PolicyRequest => ({ action, resource, context: {} });
const decide = (statements: PolicyStatement[], request: PolicyRequest) =>
  evaluatePolicy({ Version: "2012-10-17", Statement: statements }, request);

const READ_BUCKET: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" };

describe("identity policy evaluation", () => {
  const cases: { title: string; statements: PolicyStatement[]; request: PolicyRequest; decision: string; codes?: string[] }[] = [
    {
      title: "s3:GetObject on arn:aws:s3:::bucket/* allows an object in the bucket",
      statements: [READ_BUCKET],
      request: get("arn:aws:s3:::bucket/dir/file.txt"),
      decision: "allow",
    },
    {
      title: "arn:aws:s3:::bucket/* does not cover the bucket itself",
      statements: [READ_BUCKET],
      request: get("arn:aws:s3:::bucket"),
      decision: "implicit_deny",
      codes: ["resource_not_matched"],
    },
    {
      title: "arn:aws:s3:::bucket/* does not cover another bucket with the same prefix",
      statements: [READ_BUCKET],
      request: get("arn:aws:s3:::bucket-2/file"),
      decision: "implicit_deny",
      codes: ["resource_not_matched"],
    },
    {
      title: "resource ARNs are case-sensitive",
      statements: [READ_BUCKET],
      request: get("arn:aws:s3:::Bucket/file"),
      decision: "implicit_deny",
      codes: ["resource_not_matched"],
    },
    {
      title: "Resource ? matches one character",
      statements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/log-?.txt" }],
      request: get("arn:aws:s3:::bucket/log-1.txt"),
      decision: "allow",
    },
    {
      title: "action names are case-insensitive",
      statements: [{ Effect: "Allow", Action: "S3:getobject", Resource: "*" }],
      request: get("arn:aws:s3:::bucket/x"),
      decision: "allow",
    },
    {
      title: "action wildcards match by prefix",
      statements: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }],
      request: get("arn:aws:s3:::bucket/x"),
      decision: "allow",
    },
    {
      title: "an action of another service is not covered",
      statements: [READ_BUCKET],
      request: get("arn:aws:s3:::bucket/x", "s3:PutObject"),
      decision: "implicit_deny",
      codes: ["action_not_allowed"],
    },
    {
      title: "NotAction allows every action it does not list",
      statements: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
      request: get("arn:aws:s3:::bucket/x"),
      decision: "allow",
    },
    {
      title: "NotAction excludes the actions it lists",
      statements: [{ Effect: "Allow", NotAction: ["iam:*", "s3:*"], Resource: "*" }],
      request: get("arn:aws:s3:::bucket/x"),
      decision: "implicit_deny",
      codes: ["action_not_allowed"],
    },
    {
      title: "NotResource allows every resource it does not list",
      statements: [{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }],
      request: get("arn:aws:s3:::bucket/x"),
      decision: "allow",
    },
    {
      title: "NotResource excludes the resources it lists",
      statements: [{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }],
      request: get("arn:aws:s3:::secret/x"),
      decision: "implicit_deny",
      codes: ["resource_not_matched"],
    },
    {
      title: "a Deny with NotAction denies everything else",
      statements: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", NotAction: "s3:ListBucket", Resource: "*" },
      ],
      request: get("arn:aws:s3:::bucket/x"),
      decision: "explicit_deny",
    },
    {
      title: "an explicit Deny on the resource wins over Allow *",
      statements: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::bucket/private/*" },
      ],
      request: get("arn:aws:s3:::bucket/private/key"),
      decision: "explicit_deny",
    },
    { title: "no statement at all is an implicit deny", statements: [], request: get("arn:aws:s3:::bucket/x"), decision: "implicit_deny" },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const d = decide(c.statements, c.request);
      expect(d.decision).toBe(c.decision);
      if (c.codes !== undefined) expect(d.statements[0]?.problems.map((p) => p.code)).toEqual(c.codes);
    });
  }

  it("explains a resource mismatch with expected and actual", () => {
    const d = decide([READ_BUCKET], get("arn:aws:s3:::bucket"));
    expect(d.statements[0]?.problems[0]).toEqual({
      code: "resource_not_matched",
      message: 'Resource "arn:aws:s3:::bucket/*" does not cover the request\'s resource "arn:aws:s3:::bucket".',
      element: "Resource",
      expected: ["arn:aws:s3:::bucket/*"],
      actual: "arn:aws:s3:::bucket",
    });
    expect(d.statements[0]?.principal.matched).toBeNull();
  });

  it("does not evaluate Resource when the request names none (trust policies)", () => {
    const d = decide([READ_BUCKET], { action: "s3:GetObject", context: {} });
    expect(d.statements[0]?.resource.matched).toBeNull();
    expect(d.decision).toBe("allow");
  });

  it("rejects a request without an action with a clear error", () => {
    expect(() => decide([READ_BUCKET], { action: "", context: {} })).toThrow(/request.action must name the action/);
  });
});
