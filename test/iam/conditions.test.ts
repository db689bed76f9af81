// Condition operator semantics, one table row per documented IAM rule: exact, case-insensitive and
// wildcard strings, the negated operators and absent keys, IfExists, the ForAnyValue / ForAllValues
// set operators, AND across keys and blocks, OR across values, and the non-string operators.

import { describe, expect, it } from "vitest";
import { evaluatePolicy, type ContextValue, type PolicyProblem, type StatementResult } from "../../src/iam/index.js";
import type { PolicyStatement } from "../../src/snapshot/types.js";

type Condition = NonNullable<PolicyStatement["Condition"]>;

function evaluate(condition: Condition, context: Record<string, ContextValue>): StatementResult {
  const statement: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: condition };
  const d = evaluatePolicy(
    { Version: "2012-10-17", Statement: [statement] },
    {
      action: "s3:GetObject",
      resource: "arn:aws:s3:::bucket/key",
      context,
    },
  );
  const s = d.statements[0];
  if (s === undefined) throw new Error("no statement result");
  expect(d.decision).toBe(s.matched ? "allow" : "implicit_deny");
  return s;
}

const codes = (problems: PolicyProblem[]): string[] => problems.map((p) => p.code);

interface Row {
  title: string;
  condition: Condition;
  context: Record<string, ContextValue>;
  matched: boolean;
  problems?: string[];
}

const ROWS: Row[] = [
  // Exact and case-insensitive strings
  {
    title: "StringEquals matches an equal value",
    condition: { StringEquals: { "aws:RequestTag/team": "payments" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: true,
  },
  {
    title: "StringEquals is case-sensitive on values",
    condition: { StringEquals: { "aws:RequestTag/team": "Payments" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "StringEqualsIgnoreCase ignores the case of values",
    condition: { StringEqualsIgnoreCase: { "aws:RequestTag/team": "PAYMENTS" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: true,
  },
  {
    title: "StringNotEqualsIgnoreCase fails on a value equal but for case",
    condition: { StringNotEqualsIgnoreCase: { "aws:RequestTag/team": "PAYMENTS" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "condition key names are case-insensitive",
    condition: { StringEquals: { "AWS:REQUESTTAG/TEAM": "payments" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: true,
  },
  // Wildcards
  {
    title: "StringLike ? matches exactly one character",
    condition: { StringLike: { "aws:RequestTag/env": "prod-?" } },
    context: { "aws:RequestTag/env": "prod-1" },
    matched: true,
  },
  {
    title: "StringLike ? does not match two characters",
    condition: { StringLike: { "aws:RequestTag/env": "prod-?" } },
    context: { "aws:RequestTag/env": "prod-12" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "StringLike * matches across '/' and ':'",
    condition: { StringLike: { "aws:RequestTag/path": "a*z" } },
    context: { "aws:RequestTag/path": "a/b:c/z" },
    matched: true,
  },
  {
    title: "StringLike * matches the empty string",
    condition: { StringLike: { "aws:RequestTag/env": "prod*" } },
    context: { "aws:RequestTag/env": "prod" },
    matched: true,
  },
  {
    title: "StringEqualsIgnoreCase with a wildcard reports wildcard_in_exact_operator",
    condition: { StringEqualsIgnoreCase: { "aws:RequestTag/env": "PROD-*" } },
    context: { "aws:RequestTag/env": "prod-1" },
    matched: false,
    problems: ["wildcard_in_exact_operator", "condition_value_mismatch"],
  },
  // Negated operators and absent keys
  {
    title: "StringNotEquals with a missing key evaluates true",
    condition: { StringNotEquals: { "aws:RequestTag/team": "payments" } },
    context: {},
    matched: true,
  },
  {
    title: "StringNotEquals fails when the value is one of the listed",
    condition: { StringNotEquals: { "aws:RequestTag/team": ["payments", "billing"] } },
    context: { "aws:RequestTag/team": "billing" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "StringNotEquals holds for a value not listed",
    condition: { StringNotEquals: { "aws:RequestTag/team": ["payments", "billing"] } },
    context: { "aws:RequestTag/team": "search" },
    matched: true,
  },
  {
    title: "StringNotLike with a missing key evaluates true",
    condition: { StringNotLike: { "aws:RequestTag/team": "pay*" } },
    context: {},
    matched: true,
  },
  {
    title: "ArnNotLike with a missing key evaluates true",
    condition: { ArnNotLike: { "aws:SourceArn": "arn:aws:eks:*:*:cluster/x" } },
    context: {},
    matched: true,
  },
  {
    title: "NumericNotEquals with a missing key evaluates true",
    condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": "0" } },
    context: {},
    matched: true,
  },
  {
    title: "StringEquals with a missing key fails with condition_key_missing_in_request",
    condition: { StringEquals: { "aws:RequestTag/team": "payments" } },
    context: {},
    matched: false,
    problems: ["condition_key_missing_in_request"],
  },
  {
    title: "an undefined context value counts as a missing key",
    condition: { StringEquals: { "aws:RequestTag/team": "payments" } },
    context: { "aws:RequestTag/team": undefined },
    matched: false,
    problems: ["condition_key_missing_in_request"],
  },
  // IfExists
  {
    title: "StringEqualsIfExists with a missing key evaluates true",
    condition: { StringEqualsIfExists: { "aws:RequestTag/team": "payments" } },
    context: {},
    matched: true,
  },
  {
    title: "StringEqualsIfExists with a present, different value fails",
    condition: { StringEqualsIfExists: { "aws:RequestTag/team": "payments" } },
    context: { "aws:RequestTag/team": "billing" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "StringLikeIfExists with a present, matching value holds",
    condition: { StringLikeIfExists: { "aws:RequestTag/team": "pay*" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: true,
  },
  {
    title: "ArnLikeIfExists with a missing key evaluates true",
    condition: { ArnLikeIfExists: { "aws:SourceArn": "arn:aws:eks:*:*:cluster/x" } },
    context: {},
    matched: true,
  },
  // Set operators
  {
    title: "ForAnyValue of a missing key is false",
    condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": "team" } },
    context: {},
    matched: false,
    problems: ["condition_key_missing_in_request"],
  },
  {
    title: "ForAnyValue holds when one request value matches",
    condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team", "env"] } },
    context: { "aws:TagKeys": ["owner", "env"] },
    matched: true,
  },
  {
    title: "ForAnyValue fails when no request value matches",
    condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } },
    context: { "aws:TagKeys": ["owner", "env"] },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "ForAllValues of a missing key is true",
    condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "team" } },
    context: {},
    matched: true,
  },
  {
    title: "ForAllValues of an empty list is true",
    condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "team" } },
    context: { "aws:TagKeys": [] },
    matched: true,
  },
  {
    title: "ForAllValues holds when every request value is listed",
    condition: { "ForAllValues:StringLike": { "aws:TagKeys": ["team", "env*"] } },
    context: { "aws:TagKeys": ["team", "env-name"] },
    matched: true,
  },
  {
    title: "ForAllValues fails when one request value is not listed",
    condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } },
    context: { "aws:TagKeys": ["team", "owner"] },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "ForAnyValue:StringNotEquals holds when one request value is not listed",
    condition: { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["team"] } },
    context: { "aws:TagKeys": ["team", "owner"] },
    matched: true,
  },
  {
    title: "ForAnyValue:StringNotEquals of a missing key is false",
    condition: { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["team"] } },
    context: {},
    matched: false,
    problems: ["condition_key_missing_in_request"],
  },
  {
    title: "ForAllValues:StringNotLike fails when one request value matches",
    condition: { "ForAllValues:StringNotLike": { "aws:TagKeys": ["secret*"] } },
    context: { "aws:TagKeys": ["team", "secret-x"] },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "a plain operator on a multivalued key holds when any value matches",
    condition: { StringEquals: { "aws:TagKeys": "env" } },
    context: { "aws:TagKeys": ["team", "env"] },
    matched: true,
  },
  {
    title: "a plain negated operator on a multivalued key fails when any value is listed",
    condition: { StringNotEquals: { "aws:TagKeys": "env" } },
    context: { "aws:TagKeys": ["team", "env"] },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  // AND / OR
  {
    title: "several values of one key are ORed",
    condition: { StringEquals: { "aws:RequestTag/team": ["billing", "payments"] } },
    context: { "aws:RequestTag/team": "payments" },
    matched: true,
  },
  {
    title: "several keys of one block are ANDed",
    condition: { StringEquals: { "aws:RequestTag/team": "payments", "aws:RequestTag/env": "prod" } },
    context: { "aws:RequestTag/team": "payments", "aws:RequestTag/env": "dev" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "several operator blocks are ANDed",
    condition: { StringEquals: { "aws:RequestTag/team": "payments" }, StringLike: { "aws:RequestTag/env": "prod*" } },
    context: { "aws:RequestTag/team": "payments", "aws:RequestTag/env": "dev" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "several operator blocks all holding allow",
    condition: { StringEquals: { "aws:RequestTag/team": "payments" }, StringLike: { "aws:RequestTag/env": "prod*" } },
    context: { "aws:RequestTag/team": "payments", "aws:RequestTag/env": "prod-eu" },
    matched: true,
  },
  // Bool and Null
  {
    title: "Bool compares a JSON boolean policy value by its text",
    condition: { Bool: { "aws:SecureTransport": true } },
    context: { "aws:SecureTransport": "true" },
    matched: true,
  },
  {
    title: "Bool fails on the other value",
    condition: { Bool: { "aws:SecureTransport": "true" } },
    context: { "aws:SecureTransport": "false" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  { title: 'Null "true" holds when the key is absent', condition: { Null: { "aws:TokenIssueTime": "true" } }, context: {}, matched: true },
  {
    title: 'Null "true" fails when the key is present',
    condition: { Null: { "aws:TokenIssueTime": "true" } },
    context: { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: 'Null "false" fails when the key is absent',
    condition: { Null: { "aws:TokenIssueTime": "false" } },
    context: {},
    matched: false,
    problems: ["condition_key_missing_in_request"],
  },
  // Numbers and dates
  {
    title: "NumericLessThan compares numbers, not strings",
    condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } },
    context: { "aws:MultiFactorAuthAge": "600" },
    matched: true,
  },
  {
    title: "NumericGreaterThanEquals holds on equality",
    condition: { NumericGreaterThanEquals: { "s3:max-keys": 10 } },
    context: { "s3:max-keys": "10" },
    matched: true,
  },
  {
    title: "NumericEquals fails on a non-number",
    condition: { NumericEquals: { "s3:max-keys": "10" } },
    context: { "s3:max-keys": "ten" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "DateGreaterThan compares ISO 8601 dates",
    condition: { DateGreaterThan: { "aws:CurrentTime": "2024-01-01T00:00:00Z" } },
    context: { "aws:CurrentTime": "2024-06-01T12:00:00Z" },
    matched: true,
  },
  {
    title: "DateLessThan accepts epoch seconds",
    condition: { DateLessThan: { "aws:EpochTime": "1700000000" } },
    context: { "aws:EpochTime": "1800000000" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  // ARNs, IPs, binary
  {
    title: "ArnLike matches per component with wildcards",
    condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci-*" } },
    context: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-runner" },
    matched: true,
  },
  {
    title: "ArnEquals takes wildcards like ArnLike (IAM documents them as one comparison)",
    condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci-*" } },
    context: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-runner" },
    matched: true,
  },
  {
    title: "ArnLike's * does not reach into the next component",
    condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } },
    context: { "aws:PrincipalArn": "arn:aws:iam::111122223333:extra:role/x" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "ArnLike is case-sensitive",
    condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/CI" } },
    context: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "IpAddress matches an IPv4 address in the block",
    condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    context: { "aws:SourceIp": "10.1.2.3" },
    matched: true,
  },
  {
    title: "IpAddress fails outside the block",
    condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    context: { "aws:SourceIp": "192.168.0.1" },
    matched: false,
    problems: ["condition_value_mismatch"],
  },
  {
    title: "IpAddress matches an IPv6 address in the block",
    condition: { IpAddress: { "aws:SourceIp": "2001:db8::/32" } },
    context: { "aws:SourceIp": "2001:db8:0:1::5" },
    matched: true,
  },
  {
    title: "NotIpAddress holds outside the block",
    condition: { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8", "172.16.0.0/12"] } },
    context: { "aws:SourceIp": "203.0.113.9" },
    matched: true,
  },
  {
    title: "BinaryEquals compares the base64 text",
    condition: { BinaryEquals: { "ec2:Blob": "QmluYXJ5" } },
    context: { "ec2:Blob": "QmluYXJ5" },
    matched: true,
  },
  // Operator names
  {
    title: "an unknown operator never matches and is reported",
    condition: { StringEqual: { "aws:RequestTag/team": "payments" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: false,
    problems: ["unknown_operator"],
  },
  {
    title: "an unknown set qualifier is an unknown operator",
    condition: { "ForSomeValues:StringEquals": { "aws:TagKeys": "team" } },
    context: { "aws:TagKeys": ["team"] },
    matched: false,
    problems: ["unknown_operator"],
  },
  {
    title: "Null takes no set qualifier",
    condition: { "ForAnyValue:Null": { "aws:TagKeys": "true" } },
    context: {},
    matched: false,
    problems: ["unknown_operator"],
  },
  {
    title: "operator names are recognised whatever their case",
    condition: { stringequals: { "aws:RequestTag/team": "payments" } },
    context: { "aws:RequestTag/team": "payments" },
    matched: true,
  },
];

describe("condition operators", () => {
  for (const row of ROWS) {
    it(row.title, () => {
      const s = evaluate(row.condition, row.context);
      expect(s.matched).toBe(row.matched);
      expect(codes(s.problems)).toEqual(row.problems ?? []);
    });
  }

  it("suggests the operator a misspelt name was meant to be", () => {
    const s = evaluate({ "ForAnyValue:StringEqual": { "aws:TagKeys": "team" } }, { "aws:TagKeys": ["team"] });
    expect(s.problems[0]).toMatchObject({ code: "unknown_operator", suggestion: "ForAnyValue:StringEquals" });
    expect(s.problems[0]?.message).toBe(
      '"ForAnyValue:StringEqual" is not an IAM condition operator (did you mean "ForAnyValue:StringEquals"?), so the condition on "aws:TagKeys" cannot match; IAM would reject the policy as malformed.',
    );
  });

  it("records operator, key, policy and request values and a note for every condition", () => {
    const s = evaluate({ StringNotEquals: { "aws:RequestTag/team": ["a", "b"] } }, { "aws:RequestTag/team": "b" });
    expect(s.conditions).toEqual([
      {
        operator: "StringNotEquals",
        key: "aws:RequestTag/team",
        policyValues: ["a", "b"],
        requestValues: ["b"],
        matched: false,
        note: 'Does not match: StringNotEquals on "aws:RequestTag/team" expects a value other than any of "a", "b", but the request has "b".',
      },
    ]);
  });

  it("explains a negated operator that holds because the key is absent", () => {
    const s = evaluate({ StringNotEquals: { "aws:RequestTag/team": "a" } }, {});
    expect(s.conditions[0]?.note).toBe(
      'The request does not carry "aws:RequestTag/team"; the negated operator StringNotEquals matches an absent key.',
    );
    expect(s.conditions[0]?.requestValues).toBeNull();
  });

  it("phrases set operators by what each value must be", () => {
    const s = evaluate({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } }, { "aws:TagKeys": ["team", "owner"] });
    expect(s.problems[0]?.message).toBe(
      'ForAllValues:StringEquals on "aws:TagKeys" expects each value to be one of "team", "env", but the request has "team", "owner".',
    );
  });
});
