// trust_policy.subject_mismatch: the nearest Allow statement's "<issuer>:sub" condition names another
// namespace or service account, or a pattern that does not cover the pod; the fix replaces a single
// exact value and adds to patterns and lists.

import { describe, expect, it } from "vitest";
import { check, subjectDifference } from "../../../src/checks/trust-policy/subject-mismatch.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected, unavailable } from "../../../src/snapshot/evidence.js";
import { scanLines } from "../../../src/logs/index.js";
import { evaluatePolicy, webIdentityRequest } from "../../../src/iam/index.js";
import type { PolicyDocument, PolicyStatement, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const BASE = "healthy--irsa";
const ROLE = "payments-api-irsa";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const SUBJECT = "system:serviceaccount:payments:payments-api";
const INVALID_TOKEN =
  "caused by: InvalidIdentityToken: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function statement(sub: string | string[], operator = "StringEquals"): PolicyStatement {
  const condition: Record<string, Record<string, string | string[]>> = { StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" } };
  condition[operator] = { ...condition[operator], [`${HOST}:sub`]: sub };
  return {
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${HOST}` },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition,
  };
}

function setTrust(s: Snapshot, statements: PolicyStatement[]): void {
  const role = s.aws.roles[ROLE];
  if (role?.status !== "found") throw new Error("base scenario has no role");
  role.value.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: statements };
}

const admitsPod = (policy: unknown): boolean =>
  evaluatePolicy(
    policy as PolicyDocument,
    webIdentityRequest({ issuerUrl: ISSUER, account: "111122223333", namespace: "payments", serviceAccount: "payments-api" }),
  ).decision === "allow";

const subOf = (policy: unknown): unknown =>
  ((policy as PolicyDocument).Statement as PolicyStatement[])[0]?.Condition?.["StringEquals"]?.[`${HOST}:sub`] ??
  ((policy as PolicyDocument).Statement as PolicyStatement[])[0]?.Condition?.["StringLike"]?.[`${HOST}:sub`];

describe("trust_policy.subject_mismatch", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario(BASE))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("fires high for another namespace, saying exactly expected vs actual, and replaces the value", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [statement("system:serviceaccount:default:payments-api")])));
    expect(finding?.causeId).toBe("trust_policy.subject_mismatch");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("role payments-api-irsa");
    expect(finding?.detail).toContain("statement #0");
    expect(finding?.detail).toContain(`= "system:serviceaccount:default:payments-api", but the pod's token subject is "${SUBJECT}"`);
    expect(finding?.detail).toContain('namespace "default" instead of "payments"');
    expect(subOf(finding?.actions[0]?.policy)).toBe(SUBJECT);
    expect(admitsPod(finding?.actions[0]?.policy)).toBe(true);
  });

  it("names a renamed service account", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [statement("system:serviceaccount:payments:payments-api-sa")])));
    expect(finding?.detail).toContain('service account "payments-api-sa" instead of "payments-api"');
  });

  it("keeps a StringLike pattern that does not cover the pod and adds the exact subject, with a caveat", async () => {
    const finding = run(
      await variant(BASE, (s) => setTrust(s, [statement("system:serviceaccount:payments:payments-worker-*", "StringLike")])),
    );
    expect(finding?.detail).toContain('the pattern "system:serviceaccount:payments:payments-worker-*" does not cover it');
    expect(subOf(finding?.actions[0]?.policy)).toEqual(["system:serviceaccount:payments:payments-worker-*", SUBJECT]);
    expect(admitsPod(finding?.actions[0]?.policy)).toBe(true);
    expect(finding?.immediate).toContain("give it a role of its own");
  });

  it("does not fire for StringEquals with a wildcard that StringLike would match (wrong operator, not wrong subject)", async () => {
    expect(run(await variant(BASE, (s) => setTrust(s, [statement("system:serviceaccount:payments:*")])))).toBeNull();
  });

  it("fires when a literal-compared wildcard would not cover the pod even under StringLike", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [statement("system:serviceaccount:orders:*")])));
    expect(finding?.detail).toContain('the pattern "system:serviceaccount:orders:*" does not cover it');
  });

  it("does not fire when another statement already admits the pod", async () => {
    const s = await variant(BASE, (x) => setTrust(x, [statement("system:serviceaccount:default:payments-api"), statement(SUBJECT)]));
    expect(run(s)).toBeNull();
  });

  it("is a low-confidence candidate on a bare InvalidIdentityToken when the role's trust policy was not readable", async () => {
    const s = await variant(BASE, (x) => {
      x.aws.roles[ROLE] = unavailable("permission_denied", "iam:GetRole was denied", { permission: "iam:GetRole" });
    });
    expect(run(s)).toBeNull();
    s.logs = found((await scanLines("payments-api.log", [INVALID_TOKEN])).evidence, "logs/");
    const finding = run(s);
    expect(finding?.confidence).toBe("low");
    expect(finding?.toConfirm?.[0]).toBe(
      "aws iam get-role --role-name payments-api-irsa, to read its trust policy (iam:GetRole was denied)",
    );
  });

  it("is a low-confidence candidate with logs only, asking for the service account and the role", async () => {
    const s = await variant(BASE, (x) => {
      x.k8s.pod = notCollected("pod");
      x.k8s.pods = notCollected("pods");
      x.k8s.serviceAccount = notCollected("service account");
      x.aws.roles = {};
    });
    s.logs = found((await scanLines("app.log", [INVALID_TOKEN])).evidence, "logs/");
    const finding = run(s);
    expect(finding?.confidence).toBe("low");
    expect(finding?.toConfirm).toContain("kubectl get serviceaccounts -n payments -o yaml, to find the role in eks.amazonaws.com/role-arn");
  });

  it("describes what differs between a policy value and the subject", () => {
    expect(subjectDifference("system:serviceaccount:a:x", "system:serviceaccount:b:y")).toBe(
      'it names namespace "a" instead of "b" and service account "x" instead of "y"',
    );
    expect(subjectDifference("payments-api", SUBJECT)).toContain("is not a service account subject");
  });
});
