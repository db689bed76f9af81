// trust_policy.issuer_mismatch: the nearest Allow statement trusts another issuer's provider or keys.
// Also guards the shared trust-policy behaviour: the whole corrected document (other statements kept)
// that really admits the pod, and the low-confidence finding when only STS's refusal is known.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/trust-policy/issuer-mismatch.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { absent, found, notCollected } from "../../../src/snapshot/evidence.js";
import { scanLines } from "../../../src/logs/index.js";
import { evaluatePolicy, webIdentityRequest } from "../../../src/iam/index.js";
import type { PolicyDocument, PolicyStatement, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const BASE = "healthy--irsa";
const ROLE = "payments-api-irsa";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const OLD = "oidc.eks.eu-west-1.amazonaws.com/id/8E3B1D6F0A2C4E9B7D5F1A3C6E8B0D2F";
const ACCESS_DENIED =
  "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 5a0d7c2e-31b4-4f6e-9a8d-2c7e1b0f4d93, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity";
const EC2: PolicyStatement = { Sid: "Ec2Debug", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function irsa(principalHost: string, keyHost: string): PolicyStatement {
  return {
    Sid: "PaymentsApi",
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${principalHost}` },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: { [`${keyHost}:sub`]: "system:serviceaccount:payments:payments-api", [`${keyHost}:aud`]: "sts.amazonaws.com" },
    },
  };
}

function setTrust(s: Snapshot, statements: PolicyStatement[]): void {
  const role = s.aws.roles[ROLE];
  if (role?.status !== "found") throw new Error("base scenario has no role");
  role.value.AssumeRolePolicyDocument = { Version: "2012-10-17", Statement: statements };
}

async function withLog(s: Snapshot, line: string): Promise<Snapshot> {
  s.logs = found((await scanLines("payments-api-7d9c8b6f5-x2k4q/payments-api.log", [line])).evidence, "logs/");
  return s;
}

const admitsPod = (policy: unknown): boolean =>
  evaluatePolicy(
    policy as PolicyDocument,
    webIdentityRequest({ issuerUrl: ISSUER, account: "111122223333", namespace: "payments", serviceAccount: "payments-api" }),
  ).decision === "allow";

describe("trust_policy.issuer_mismatch", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario(BASE))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("fires high when the statement trusts an older cluster's provider and keys, naming role, statement and both issuers", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [EC2, irsa(OLD, OLD)])));
    expect(finding?.causeId).toBe("trust_policy.issuer_mismatch");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("role payments-api-irsa (arn:aws:iam::111122223333:role/payments-api-irsa)");
    expect(finding?.detail).toContain('statement "PaymentsApi" (#1)');
    expect(finding?.detail).toContain(`names issuer "${OLD}"`);
    expect(finding?.detail).toContain(`issuer ${ISSUER}`);
  });

  it("offers the whole corrected document: other statements kept, the IRSA statement pointed at the cluster's issuer", async () => {
    const finding = run(await variant(BASE, (s) => setTrust(s, [EC2, irsa(OLD, OLD)])));
    const action = finding?.actions[0];
    expect(action?.safety).toBe("Modify IAM trust policy");
    expect(action?.command).toBe(
      "aws iam update-assume-role-policy --role-name payments-api-irsa --policy-document file://trust-policy.json",
    );
    expect(action?.policy).toEqual({ Version: "2012-10-17", Statement: [EC2, irsa(HOST, HOST)] });
    expect(admitsPod(action?.policy)).toBe(true);
  });

  it("fires on condition keys of another issuer alone, and on a wrong Federated principal alone", async () => {
    const keys = run(await variant(BASE, (s) => setTrust(s, [irsa(HOST, OLD)])));
    expect(keys?.detail).toContain("condition keys :aud, :sub");
    expect(keys?.detail).not.toContain("Federated principal");
    expect(admitsPod(keys?.actions[0]?.policy)).toBe(true);
    const principal = run(await variant(BASE, (s) => setTrust(s, [irsa(OLD, HOST)])));
    expect(principal?.detail).toContain(`Federated principal arn:aws:iam::111122223333:oidc-provider/${OLD}`);
    expect(principal?.detail).not.toContain("condition keys");
  });

  it("does not fire for a subject mismatch with the right issuer (near miss)", async () => {
    const s = await variant(BASE, (x) => {
      const st = irsa(HOST, HOST);
      st.Condition = {
        StringEquals: { [`${HOST}:sub`]: "system:serviceaccount:payments:payments-worker", [`${HOST}:aud`]: "sts.amazonaws.com" },
      };
      setTrust(x, [st]);
    });
    expect(run(s)).toBeNull();
  });

  it("is a low-confidence candidate when only STS's refusal is known and the role was not collected", async () => {
    const s = await variant(BASE, (x) => (x.aws.roles[ROLE] = notCollected(`IAM role ${ROLE}`)));
    expect(run(s)).toBeNull();
    const finding = run(await withLog(s, ACCESS_DENIED));
    expect(finding?.confidence).toBe("low");
    expect(finding?.toConfirm?.[0]).toContain("aws iam get-role --role-name payments-api-irsa");
    expect(finding?.actions).toEqual([]);
  });

  it("does not fire when the role does not exist (that is irsa_annotation.role_not_found)", async () => {
    const s = await variant(BASE, (x) => (x.aws.roles[ROLE] = absent("aws/iam-get-role-payments-api-irsa.json", "NoSuchEntity")));
    expect(run(await withLog(s, ACCESS_DENIED))).toBeNull();
  });
});
