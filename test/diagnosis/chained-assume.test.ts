// trust_policy.wrong_operator_or_action, the chained form: the pod's own role session calls sts:AssumeRole
// (Fluent Bit's role_arn naming the role it already has) and the target's trust policy, in the evidence,
// does not let it in. Guards fluent/fluent-bit#8278, once diagnosed sdk.too_old.

import { describe, expect, it } from "vitest";
import { check } from "../../src/checks/trust-policy/wrong-operator-or-action.js";
import { check as tooOld } from "../../src/checks/sdk/too-old.js";
import { deriveFacts } from "../../src/diagnosis/facts/index.js";
import { found } from "../../src/snapshot/evidence.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { variant } from "../support/scenarios.js";

const FLUENT = "credential_chain.assumes_own_role--fluent-bit-sidecar-assumes-its-own-role";
const ROLE = "arn:aws:iam::252525252525:role/cloudwatch-log-event-writer";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

describe("trust_policy.wrong_operator_or_action (chained sts:AssumeRole)", () => {
  it("fires medium when neither the trust nor the caller's policies allow it, with both fixes to confirm", async () => {
    const f = run(await variant(FLUENT, () => {}));
    expect(f?.confidence).toBe("medium");
    expect(f?.detail).toMatch(/calls sts:AssumeRole on .*cloudwatch-log-event-writer, its own role/);
    expect(f?.evidence.find((e) => e.type === "trust_policy")?.source).toBe("aws/iam-get-role-cloudwatch-log-event-writer.json");
    expect(f?.toConfirm?.length).toBe(2);
  });

  it("fires high when the caller's own policies allow the call: only the trust refuses it", async () => {
    const s = await variant(FLUENT, (x) => {
      const perms = x.aws.rolePermissions["cloudwatch-log-event-writer"];
      if (perms?.status !== "found") throw new Error("no permissions");
      perms.value.inline.push({
        PolicyName: "self",
        Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE }] },
      });
    });
    expect(run(s)?.confidence).toBe("high");
  });

  it("does not fire when the trust policy names the role for sts:AssumeRole", async () => {
    const s = await variant(FLUENT, (x) => {
      const role = x.aws.roles["cloudwatch-log-event-writer"];
      if (role?.status !== "found") throw new Error("no role");
      const doc = role.value.AssumeRolePolicyDocument;
      const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
      x.aws.roles["cloudwatch-log-event-writer"] = found(
        {
          ...role.value,
          AssumeRolePolicyDocument: {
            ...doc,
            Statement: [...list, { Effect: "Allow", Principal: { AWS: ROLE }, Action: "sts:AssumeRole" }],
          },
        },
        role.source,
      );
    });
    expect(run(s)).toBeNull();
  });

  it("a container that shows its own role's session is not an SDK too old for web identity", async () => {
    const s = await variant(FLUENT, () => {});
    expect(tooOld.run(s, deriveFacts(s))).toBeNull();
  });
});
