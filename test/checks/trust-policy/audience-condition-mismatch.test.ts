// trust_policy.audience_condition_mismatch: the nearest Allow statement's "<issuer>:aud" condition
// differs from the token's audience; high for the standard audience, medium when the token's own
// audience is non-standard and unaccepted (then the token is the likelier break).

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/trust-policy/audience-condition-mismatch.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import { scanLines } from "../../../src/logs/index.js";
import { evaluatePolicy, webIdentityRequest } from "../../../src/iam/index.js";
import type { PolicyDocument, PolicyStatement, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const BASE = "healthy--irsa";
const ROLE = "payments-api-irsa";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const ACCESS_DENIED = "api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function statement(aud: string | string[], sub = "system:serviceaccount:payments:payments-api"): PolicyStatement {
  return {
    Sid: "PaymentsApiIrsa",
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${HOST}` },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${HOST}:sub`]: sub, [`${HOST}:aud`]: aud } },
  };
}

function setTrust(s: Snapshot, statements: PolicyStatement[]): void {
  const role = s.aws.roles[ROLE];
  if (role?.status !== "found") throw new Error("base scenario has no role");
  role.value.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: statements };
}

function setTokenAudience(s: Snapshot, audience: string): void {
  const pod = s.k8s.pod.status === "found" ? s.k8s.pod.value : undefined;
  const token = pod?.spec.volumes?.find((v) => v.name === "aws-iam-token")?.projected?.sources?.[0]?.serviceAccountToken;
  if (!token) throw new Error("base pod has no aws-iam-token volume");
  token.audience = audience;
}

const audOf = (policy: unknown): unknown =>
  ((policy as PolicyDocument).Statement as PolicyStatement[])[0]?.Condition?.["StringEquals"]?.[`${HOST}:aud`];

describe("trust_policy.audience_condition_mismatch", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario(BASE))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  for (const wrong of ["sts.amazonaws.com.cn", "https://sts.amazonaws.com", "payments-api"]) {
    it(`fires high for aud ${wrong}, naming expected vs actual, and sets the condition to sts.amazonaws.com`, async () => {
      const finding = run(await variant(BASE, (s) => setTrust(s, [statement(wrong)])));
      expect(finding?.causeId).toBe("trust_policy.audience_condition_mismatch");
      expect(finding?.confidence).toBe("high");
      expect(finding?.detail).toContain(
        `statement "PaymentsApiIrsa" (#0), requires StringEquals "${HOST}:aud" = "${wrong}", but the pod's token audience is "sts.amazonaws.com"`,
      );
      const policy = finding?.actions[0]?.policy;
      expect(audOf(policy)).toBe("sts.amazonaws.com");
      const request = webIdentityRequest({
        issuerUrl: ISSUER,
        account: "111122223333",
        namespace: "payments",
        serviceAccount: "payments-api",
      });
      expect(evaluatePolicy(policy as PolicyDocument, request).decision).toBe("allow");
    });
  }

  it("adds the token's audience to a list of audiences instead of replacing it", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [statement(["vault", "sts.amazonaws.com.cn"])])));
    expect(audOf(finding?.actions[0]?.policy)).toEqual(["vault", "sts.amazonaws.com.cn", "sts.amazonaws.com"]);
  });

  it("is medium when the token carries a custom audience the provider does not accept", async () => {
    const s = await variant(BASE, (x) => {
      setTokenAudience(x, "vault");
      setTrust(x, [statement("sts.amazonaws.com")]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toContain('whether "vault" is the audience the pod should request');
  });

  it("does not fire for a subject mismatch with the right audience (near miss)", async () => {
    expect(
      run(await variant(BASE, (s) => setTrust(s, [statement("sts.amazonaws.com", "system:serviceaccount:default:payments-api")]))),
    ).toBeNull();
  });

  it("is a low-confidence candidate on STS's refusal when the role was not collected, silent without it", async () => {
    const s = await variant(BASE, (x) => (x.aws.roles[ROLE] = notCollected(`IAM role ${ROLE}`)));
    expect(run(s)).toBeNull();
    s.logs = found((await scanLines("payments-api.log", [ACCESS_DENIED])).evidence, "logs/");
    expect(run(s)?.confidence).toBe("low");
  });
});
