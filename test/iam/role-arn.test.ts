// validateRoleArn against the values people put in the eks.amazonaws.com/role-arn annotation: every
// malformed shape gets its own code, a sentence, and the corrected ARN when it can be derived.

import { describe, expect, it } from "vitest";
import { parseArn, validateRoleArn } from "../../src/iam/index.js";

describe("parseArn", () => {
  it("splits the six components, keeping colons inside the resource", () => {
    expect(parseArn("arn:aws:logs:eu-west-1:111122223333:log-group:/aws/eks:*")).toEqual({
      partition: "aws",
      service: "logs",
      region: "eu-west-1",
      account: "111122223333",
      resource: "log-group:/aws/eks:*",
    });
  });
  it("returns null for a non-ARN and for too few components", () => {
    expect(parseArn("my-role")).toBeNull();
    expect(parseArn("arn:aws:iam:111122223333:role/x")).toBeNull();
  });
});

describe("validateRoleArn", () => {
  const GOOD = [
    { arn: "arn:aws:iam::111122223333:role/app", roleName: "app", path: "/", partition: "aws" },
    { arn: "arn:aws-cn:iam::111122223333:role/app", roleName: "app", path: "/", partition: "aws-cn" },
    { arn: "arn:aws-us-gov:iam::111122223333:role/app", roleName: "app", path: "/", partition: "aws-us-gov" },
    { arn: "arn:aws:iam::111122223333:role/service/app", roleName: "app", path: "/service/", partition: "aws" },
    { arn: "arn:aws:iam::111122223333:role/a/b/c.d@e+f=g,h_i-j", roleName: "c.d@e+f=g,h_i-j", path: "/a/b/", partition: "aws" },
  ];
  for (const g of GOOD) {
    it(`accepts ${g.arn}`, () => {
      expect(validateRoleArn(g.arn)).toEqual({ ok: true, account: "111122223333", ...g });
    });
  }

  const BAD: { title: string; value: string; code: string; suggestion: string | null; problem?: RegExp }[] = [
    {
      title: "an extra colon before the account",
      value: "arn:aws:iam:::111122223333:role/app",
      code: "extra_colons",
      suggestion: "arn:aws:iam::111122223333:role/app",
      problem: /7 colon-separated parts instead of 6: it has an extra ':'/,
    },
    {
      title: "an extra colon after the account",
      value: "arn:aws:iam::111122223333::role/app",
      code: "extra_colons",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    {
      title: "a missing colon before the account",
      value: "arn:aws:iam:111122223333:role/app",
      code: "missing_colons",
      suggestion: "arn:aws:iam::111122223333:role/app",
      problem: /"iam::"/,
    },
    {
      title: "a missing role/ prefix",
      value: "arn:aws:iam::111122223333:app",
      code: "missing_role_prefix",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    {
      title: "a role name instead of an ARN",
      value: "app-role",
      code: "role_name_not_arn",
      suggestion: null,
      problem: /is a role name, not an ARN/,
    },
    {
      title: "leading or trailing whitespace (a YAML block scalar's newline)",
      value: "arn:aws:iam::111122223333:role/app\n",
      code: "surrounding_whitespace",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    {
      title: "quotes written inside the value",
      value: '"arn:aws:iam::111122223333:role/app"',
      code: "surrounding_quotes",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    {
      title: "single quotes and a bad ARN inside, suggesting the fully fixed ARN",
      value: "'arn:aws:iam:::111122223333:role/app'",
      code: "surrounding_quotes",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    {
      title: "an assumed-role session ARN (sts)",
      value: "arn:aws:sts::111122223333:assumed-role/app/botocore-session-1",
      code: "wrong_service",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    { title: "another service", value: "arn:aws:eks:eu-west-1:111122223333:cluster/prod", code: "wrong_service", suggestion: null },
    {
      title: "an 11-digit account",
      value: "arn:aws:iam::11112222333:role/app",
      code: "bad_account",
      suggestion: null,
      problem: /exactly 12 digits/,
    },
    { title: "an account alias instead of the id", value: "arn:aws:iam::prod-account:role/app", code: "bad_account", suggestion: null },
    { title: "an unknown partition", value: "arn:aws-eu:iam::111122223333:role/app", code: "unknown_partition", suggestion: null },
    {
      title: "a region in an IAM ARN",
      value: "arn:aws:iam:eu-west-1:111122223333:role/app",
      code: "region_not_empty",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    { title: "a user ARN", value: "arn:aws:iam::111122223333:user/app", code: "not_a_role", suggestion: null },
    { title: "an empty role name", value: "arn:aws:iam::111122223333:role/", code: "bad_role_name", suggestion: null },
    { title: "an empty value", value: "", code: "empty", suggestion: null },
    {
      title: "an upper-case ARN prefix",
      value: "ARN:aws:iam::111122223333:role/app",
      code: "not_an_arn",
      suggestion: "arn:aws:iam::111122223333:role/app",
    },
    { title: "free text", value: "my role", code: "not_an_arn", suggestion: null },
  ];
  for (const b of BAD) {
    it(`rejects ${b.title} (${b.code})`, () => {
      const r = validateRoleArn(b.value);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.code).toBe(b.code);
      expect(r.suggestion).toBe(b.suggestion);
      // The sentence quotes the value it judged (JSON-escaped, so a trailing newline shows as \n).
      if (b.value !== "") expect(r.problem).toContain(JSON.stringify(b.value).slice(0, 10));
      if (b.problem !== undefined) expect(r.problem).toMatch(b.problem);
    });
  }

  it("suggests the full ARN for a role name when the account is known", () => {
    expect(validateRoleArn("app-role", { account: "111122223333", partition: "aws-cn" })).toMatchObject({
      ok: false,
      code: "role_name_not_arn",
      suggestion: "arn:aws-cn:iam::111122223333:role/app-role",
    });
  });
});
