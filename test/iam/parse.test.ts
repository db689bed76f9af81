// Policy document parsing: the three forms callers hold (object, JSON text, IAM's URL-encoded JSON),
// normalisation to arrays, and a clear error for each way a document can be malformed.

import { describe, expect, it } from "vitest";
import { PolicyParseError, evaluatePolicy, parsePolicy, parsePolicyDocument } from "../../src/iam/index.js";

const TRUST = {
  Version: "2012-10-17",
  Statement: {
    Effect: "Allow",
    Principal: { Service: "pods.eks.amazonaws.com" },
    Action: "sts:AssumeRole",
  },
};

describe("parsePolicyDocument", () => {
  it("normalises a single Statement object and single values into arrays", () => {
    expect(parsePolicyDocument(TRUST)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole"] }],
    });
  });

  it("keeps the original document available for display", () => {
    expect(parsePolicy(TRUST).original).toBe(TRUST);
  });

  it("reads JSON text", () => {
    expect(parsePolicyDocument(JSON.stringify(TRUST))).toEqual(parsePolicyDocument(TRUST));
  });

  it("reads IAM's URL-encoded JSON (as GetRole returns AssumeRolePolicyDocument)", () => {
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(TRUST)))).toEqual(parsePolicyDocument(TRUST));
  });

  it("decodes %2B to '+' and keeps a literal '+' as '+' (IAM's encoding is not form encoding)", () => {
    const doc = {
      Statement: [
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/a+b c",
          Condition: { StringEquals: { "aws:RequestTag/x": "1+1" } },
        },
      ],
    };
    const encoded = encodeURIComponent(JSON.stringify(doc));
    expect(encoded).toContain("%2B");
    expect(encoded).toContain("%20");
    const parsed = parsePolicyDocument(encoded);
    expect(parsed.Statement[0]?.Resource).toEqual(["arn:aws:s3:::b/a+b c"]);
    expect(parsed.Statement[0]?.Condition).toEqual({ StringEquals: { "aws:RequestTag/x": ["1+1"] } });
    // A '+' left unencoded in the text is a plus, not a space.
    const literalPlus = encoded.replace("1%2B1", "1+1");
    expect(parsePolicyDocument(literalPlus).Statement[0]?.Condition).toEqual({ StringEquals: { "aws:RequestTag/x": ["1+1"] } });
  });

  it("does not URL-decode plain JSON text, so '%2B' inside a value stays as written", () => {
    const doc = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/100%2B" }] };
    expect(parsePolicyDocument(JSON.stringify(doc)).Statement[0]?.Resource).toEqual(["arn:aws:s3:::b/100%2B"]);
  });

  it("reads a document serialised twice (a JSON string holding the JSON)", () => {
    expect(parsePolicyDocument(JSON.stringify(JSON.stringify(TRUST)))).toEqual(parsePolicyDocument(TRUST));
  });

  it("turns boolean and number condition values into their text", () => {
    const doc = {
      Statement: [
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": false }, NumericLessThan: { "s3:max-keys": [10, 20] } },
        },
      ],
    };
    expect(parsePolicyDocument(doc).Statement[0]?.Condition).toEqual({
      Bool: { "aws:SecureTransport": ["false"] },
      NumericLessThan: { "s3:max-keys": ["10", "20"] },
    });
  });

  it('keeps Principal "*" as "*"', () => {
    const doc = { Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] };
    expect(parsePolicyDocument(doc).Statement[0]?.Principal).toBe("*");
  });

  it("is idempotent on its own output", () => {
    const once = parsePolicyDocument(TRUST);
    expect(parsePolicyDocument(once)).toEqual(once);
  });

  const BAD: { title: string; input: string | object; path: string; message: RegExp }[] = [
    { title: "empty text", input: "  ", path: "", message: /text is empty/ },
    { title: "text that is neither JSON nor URL-encoded JSON", input: "Version: 2012", path: "", message: /expected a JSON object/ },
    { title: "invalid JSON", input: '{"Statement": [', path: "", message: /not valid JSON/ },
    { title: "a malformed %-sequence", input: "%7B%ZZ", path: "", message: /malformed %-sequence/ },
    { title: "a JSON array instead of an object", input: "[]", path: "", message: /expected a JSON object/ },
    { title: "a missing Statement", input: { Version: "2012-10-17" }, path: "", message: /Statement element is missing/ },
    { title: "an unknown top-level element", input: { Statement: [], Statements: [] }, path: "", message: /unknown element "Statements"/ },
    {
      title: "a misspelt statement element (Conditions)",
      input: { Statement: [{ Effect: "Allow", Action: "*", Conditions: {} }] },
      path: "Statement[0]",
      message: /unknown element "Conditions"/,
    },
    {
      title: "a lower-case Effect",
      input: { Statement: [{ Effect: "allow", Action: "*" }] },
      path: "Statement[0].Effect",
      message: /exactly "Allow" or "Deny", got "allow"/,
    },
    {
      title: "a missing Effect",
      input: { Statement: [{ Action: "*" }] },
      path: "Statement[0].Effect",
      message: /Effect element is missing/,
    },
    {
      title: "neither Action nor NotAction",
      input: { Statement: [{ Effect: "Allow", Resource: "*" }] },
      path: "Statement[0]",
      message: /neither Action nor NotAction/,
    },
    {
      title: "both Action and NotAction",
      input: { Statement: [{ Effect: "Allow", Action: "*", NotAction: "s3:*" }] },
      path: "Statement[0]",
      message: /both Action and NotAction/,
    },
    {
      title: "both Principal and NotPrincipal",
      input: { Statement: [{ Effect: "Allow", Action: "*", Principal: "*", NotPrincipal: "*" }] },
      path: "Statement[0]",
      message: /both Principal and NotPrincipal/,
    },
    {
      title: "an unknown principal type",
      input: { Statement: [{ Effect: "Allow", Action: "*", Principal: { Federate: "x" } }] },
      path: "Statement[0].Principal",
      message: /unknown principal type "Federate"/,
    },
    {
      title: "a principal string other than *",
      input: { Statement: [{ Effect: "Allow", Action: "*", Principal: "arn:aws:iam::111122223333:root" }] },
      path: "Statement[0].Principal",
      message: /must be "\*" or an object/,
    },
    {
      title: "an empty Action list",
      input: { Statement: [{ Effect: "Allow", Action: [] }] },
      path: "Statement[0].Action",
      message: /list is empty/,
    },
    {
      title: "a non-string action",
      input: { Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", 7] }] },
      path: "Statement[0].Action[1]",
      message: /expected a non-empty string, got number 7/,
    },
    {
      title: "a condition value that is an object",
      input: { Statement: [{ Effect: "Allow", Action: "*", Condition: { StringEquals: { k: { a: 1 } } } }] },
      path: 'Statement[0].Condition["StringEquals"]["k"]',
      message: /must be a string, number or boolean/,
    },
    {
      title: "a condition block that is not an object",
      input: { Statement: [{ Effect: "Allow", Action: "*", Condition: { StringEquals: "x" } }] },
      path: 'Statement[0].Condition["StringEquals"]',
      message: /must map condition keys to values/,
    },
  ];
  for (const c of BAD) {
    it(`rejects ${c.title} with an error saying where and what`, () => {
      let error: unknown;
      try {
        parsePolicyDocument(c.input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PolicyParseError);
      expect((error as PolicyParseError).path).toBe(c.path);
      expect((error as PolicyParseError).message).toMatch(c.message);
    });
  }

  it("evaluates a URL-encoded document directly", () => {
    const d = evaluatePolicy(encodeURIComponent(JSON.stringify(TRUST)), {
      action: "sts:AssumeRole",
      principal: { type: "Service", id: "pods.eks.amazonaws.com" },
      context: {},
    });
    expect(d.decision).toBe("allow");
  });
});
