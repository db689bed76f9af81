// "Healthy" for a pod whose credentials chain into another account: when that account's role (its trust policy or
// its permissions) could not be read, the link rests on the pod's own success, so the verdict is medium and says
// what was not read and with which credentials to read it; once the role is in the evidence, it is high again.

import { describe, expect, it } from "vitest";
import { found } from "../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../src/snapshot/types.js";
import { diagnoseSnapshot, loadScenario, variant } from "../support/scenarios.js";

const TARGET = "arn:aws:iam::999988887777:role/ledger-reader";

/** healthy--irsa whose application chains sts:AssumeRole into account 999988887777 and logs the session it works as. */
function chained(s: Snapshot): void {
  if (s.logs.status !== "found") throw new Error("no logs");
  const line: LogMatch = {
    patternId: "sdk.version.go_v2",
    file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
    line: 40,
    text: "ledger client ready as arn:aws:sts::999988887777:assumed-role/ledger-reader/payments-api-1715678400",
    time: "2024-05-14T09:31:00Z",
    captures: {},
  };
  s.logs = found({ ...s.logs.value, matches: [...s.logs.value.matches, line] }, s.logs.source);
}

describe("healthy across accounts", () => {
  it("a Pod Identity association's target role that could not be read makes healthy medium, naming what to read (the cross-account bundle)", async () => {
    const { report } = await diagnoseSnapshot(
      await loadScenario("healthy--pod-identity-cross-account-target-role-source-role-only-chains"),
    );
    expect({ cause: report.cause_id, confidence: report.confidence }).toEqual({ cause: "healthy", confidence: "medium" });
    const caveat = report.evidence.find((e) => e.type === "caveat")?.content ?? "";
    expect(caveat).toMatch(/account-b-role.*trust policy and permissions could not be read/);
    expect(caveat).toMatch(/credentials of account 444455556666/);
  });

  it("an IRSA pod whose log shows it working as another account's role, unread, is healthy at medium", async () => {
    const { report } = await diagnoseSnapshot(await variant("healthy--irsa", chained));
    expect({ cause: report.cause_id, confidence: report.confidence }).toEqual({ cause: "healthy", confidence: "medium" });
    expect(report.evidence.find((e) => e.type === "caveat")?.content).toContain(TARGET);
  });

  it("is high again once the target role's trust and permissions are in the evidence", async () => {
    const s = await variant("healthy--irsa", (x) => {
      chained(x);
      x.aws.roles["ledger-reader"] = found(
        { RoleName: "ledger-reader", Arn: TARGET, AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] } },
        "aws/account-999988887777/iam-get-role-ledger-reader.json",
      );
      x.aws.rolePermissions["ledger-reader"] = found(
        { attached: [], inline: [], attachedListed: true, inlineListed: true },
        "aws/account-999988887777/",
      );
    });
    const { report } = await diagnoseSnapshot(s);
    expect({ cause: report.cause_id, confidence: report.confidence }).toEqual({ cause: "healthy", confidence: "high" });
  });
});
