// Issuer naming, the IRSA request a pod makes, and the corrected trust statement the report offers:
// the corrected statement must allow exactly that request.

import { describe, expect, it } from "vitest";
import {
  conditionKeyIssuer,
  correctedWebIdentityStatement,
  evaluatePolicy,
  issuerHostPath,
  oidcProviderArn,
  partitionForIssuer,
  trustPolicyOf,
  webIdentityRequest,
} from "../../src/iam/index.js";
import { ACCOUNT, HOST_A, ISSUER_A, POD, PROVIDER_A } from "./fixtures.js";

describe("issuerHostPath", () => {
  const cases: [string, string][] = [
    [ISSUER_A, HOST_A],
    [`${ISSUER_A}/`, HOST_A],
    [HOST_A, HOST_A],
    [`  ${ISSUER_A}  `, HOST_A],
    ["HTTPS://OIDC.EKS.EU-WEST-1.AMAZONAWS.COM/id/AAAA1111BBBB2222CCCC3333DDDD4444", HOST_A],
    ["https://token.actions.githubusercontent.com", "token.actions.githubusercontent.com"],
  ];
  for (const [input, expected] of cases) {
    it(`maps ${JSON.stringify(input)} to its host/path, keeping the id's case`, () => {
      expect(issuerHostPath(input)).toBe(expected);
    });
  }
  it("rejects an empty issuer with a message saying where to find it", () => {
    expect(() => issuerHostPath("https://")).toThrow(/describe-cluster/);
  });
});

describe("issuer-derived names", () => {
  it("builds the OIDC provider ARN IAM gives the issuer", () => {
    expect(oidcProviderArn("aws", ACCOUNT, ISSUER_A)).toBe(PROVIDER_A);
  });
  it("infers the partition from the issuer host", () => {
    expect(partitionForIssuer(ISSUER_A)).toBe("aws");
    expect(partitionForIssuer("https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X")).toBe("aws-cn");
    expect(partitionForIssuer("https://oidc.eks.us-gov-west-1.amazonaws.com/id/X")).toBe("aws-us-gov");
  });
  it("reads the issuer of an OIDC condition key and none of a global or service key", () => {
    expect(conditionKeyIssuer(`${HOST_A}:sub`)).toBe(HOST_A);
    expect(conditionKeyIssuer("aws:RequestTag/x")).toBeNull();
    expect(conditionKeyIssuer("sts:RoleSessionName")).toBeNull();
  });
});

describe("webIdentityRequest", () => {
  it("builds the AssumeRoleWithWebIdentity request with only the sub and aud keys", () => {
    expect(webIdentityRequest(POD)).toEqual({
      action: "sts:AssumeRoleWithWebIdentity",
      principal: { type: "Federated", id: PROVIDER_A },
      context: {
        [`${HOST_A}:aud`]: "sts.amazonaws.com",
        [`${HOST_A}:sub`]: "system:serviceaccount:payments:api",
      },
    });
  });
  it("uses the China partition for a China issuer", () => {
    const r = webIdentityRequest({ ...POD, issuerUrl: "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X" });
    expect(r.principal?.id).toBe(`arn:aws-cn:iam::${ACCOUNT}:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/X`);
  });
});

describe("correctedWebIdentityStatement", () => {
  it("is the documented statement: Federated provider, AssumeRoleWithWebIdentity, StringEquals on aud and sub", () => {
    expect(correctedWebIdentityStatement(POD)).toEqual({
      Effect: "Allow",
      Principal: { Federated: PROVIDER_A },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${HOST_A}:aud`]: "sts.amazonaws.com",
          [`${HOST_A}:sub`]: "system:serviceaccount:payments:api",
        },
      },
    });
  });

  const pods = [
    { title: "the default audience", input: POD },
    { title: "a custom audience", input: { ...POD, audience: "my-app" } },
    { title: "an issuer URL with a trailing slash", input: { ...POD, issuerUrl: `${ISSUER_A}/` } },
    { title: "a China cluster", input: { ...POD, issuerUrl: "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X" } },
  ];
  for (const p of pods) {
    it(`allows the pod's own request for ${p.title}`, () => {
      const d = evaluatePolicy(trustPolicyOf(correctedWebIdentityStatement(p.input)), webIdentityRequest(p.input));
      expect(d.decision).toBe("allow");
    });
  }

  it("does not allow another service account of the same namespace", () => {
    const d = evaluatePolicy(trustPolicyOf(correctedWebIdentityStatement(POD)), webIdentityRequest({ ...POD, serviceAccount: "worker" }));
    expect(d.decision).toBe("implicit_deny");
  });

  it("puts the Sid first when one is given", () => {
    expect(Object.keys(correctedWebIdentityStatement({ ...POD, sid: "IRSA" }))[0]).toBe("Sid");
  });
});
