// credential_chain.assumes_own_role: the pod's own role session calls sts:AssumeRole on that same role (a
// role_arn / rolearn / ExternalSecret roleArn naming the role IRSA already gave it) and STS refuses. Read from
// the application's log line, or from CloudTrail when the application swallows the error (Falco sidekick).

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/credential-chain/assumes-own-role.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const SIDEKICK = "credential_chain.assumes_own_role--falcosidekick-chart-rolearn-assumes-own-role";
const FLUENT = "credential_chain.assumes_own_role--fluent-bit-sidecar-assumes-its-own-role";
const CHAINED = "permissions.role_lacks_permission--cross-account-chained-assume-role";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function trustItself(s: Snapshot, name: string): void {
  const role = s.aws.roles[name];
  if (role?.status !== "found") throw new Error(`no role ${name}`);
  const doc = role.value.AssumeRolePolicyDocument;
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  s.aws.roles[name] = found(
    {
      ...role.value,
      AssumeRolePolicyDocument: {
        ...doc,
        Statement: [...list, { Effect: "Allow", Principal: { AWS: role.value.Arn }, Action: "sts:AssumeRole" }],
      },
    },
    role.source,
  );
}

describe("credential_chain.assumes_own_role", () => {
  it("fires high from CloudTrail alone when the application's log hides the AccessDenied", async () => {
    const f = run(await variant(SIDEKICK, () => {}));
    expect(f?.confidence).toBe("high");
    expect(f?.evidence[0]).toMatchObject({
      type: "cloudtrail",
      source: "aws/cloudtrail-lookup-events-AssumeRole.json, aws/cloudtrail-lookup-events-AssumeRoleWithWebIdentity.json",
    });
    expect(f?.detail).toContain(
      "calls sts:AssumeRole on arn:aws:iam::123412341234:role/falcosidekick-securityhub, the role it already holds",
    );
    expect(f?.immediate).toMatch(/^Operator: remove the role to assume from the application's own configuration/);
  });

  it("fires high from the container's own log line and names that container", async () => {
    const f = run(await variant(FLUENT, () => {}));
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toMatch(/^Container fluent-bit of pod payments-api-5c6d7e8f9a-bx3lm/);
    expect(f?.evidence[0]?.source).toMatch(/fluent-bit\.log:\d+$/);
  });

  it("stays silent when the role's trust policy names the role itself: something else refuses then", async () => {
    expect(run(await variant(SIDEKICK, (s) => trustItself(s, "falcosidekick-securityhub")))).toBeNull();
  });

  it("a role of the same name in another account does not speak for the pod's role's trust", async () => {
    const f = run(
      await variant(SIDEKICK, (s) => {
        trustItself(s, "falcosidekick-securityhub");
        const role = s.aws.roles["falcosidekick-securityhub"];
        if (role?.status !== "found") throw new Error("no role");
        // The namesake trusts the pod's role, but it is not the role the pod holds.
        role.value.Arn = "arn:aws:iam::999988887777:role/falcosidekick-securityhub";
        const doc = role.value.AssumeRolePolicyDocument;
        const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
        doc.Statement = [
          ...list,
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123412341234:role/falcosidekick-securityhub" }, Action: "sts:AssumeRole" },
        ];
      }),
    );
    expect(f?.confidence).toBe("medium");
  });

  it("is medium when the role's trust policy was not read", async () => {
    const f = run(
      await variant(SIDEKICK, (s) => {
        s.aws.roles["falcosidekick-securityhub"] = notCollected("iam get-role falcosidekick-securityhub");
      }),
    );
    // The pod's own role is still known from the annotation, so the refusal is still read; only the trust is not.
    expect(f?.confidence).toBe("medium");
    expect(f?.toConfirm).toEqual([
      "aws iam get-role --role-name falcosidekick-securityhub: its trust policy must not name the role itself for this to be the refusal",
    ]);
  });

  it("does not fire on a chained AssumeRole of another role, nor on a healthy pod", async () => {
    expect(run(await variant(CHAINED, () => {}))).toBeNull();
    expect(run(await variant("healthy--irsa", () => {}))).toBeNull();
  });
});
