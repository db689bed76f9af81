// The target of a refused chained sts:AssumeRole, when its trust policy is not in the evidence. IAM reads a
// role only in the account of the credentials that ask, so a target in another account cannot be read with
// the cluster account's: the report must say the read failed for that reason, with the credentials that can
// read it, and not pass the failure off as a missing permission of irsa-doctor. In one account a trust policy
// naming the caller is enough on its own, so an unread trust there keeps the caller's policies from being the
// proven cause. A role of the same name read in another account never stands in for the target.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { check } from "../../src/checks/permissions/role-lacks-permission.js";
import { deriveFacts } from "../../src/diagnosis/facts/index.js";
import { absent, found, unavailable } from "../../src/snapshot/evidence.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { diagnoseSnapshot, SCENARIOS_DIR, variant } from "../support/scenarios.js";

const CROSS = "permissions.role_lacks_permission--cross-account-chained-assume-role";
const TARGET = "external-dns-cross-account";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The scenario with the target's account folder dropped and the CLI's error line for the target kept instead. */
async function withRecordedTargetError(line: string): Promise<Snapshot> {
  const dir = mkdtempSync(join(tmpdir(), "chained-target-"));
  dirs.push(dir);
  cpSync(join(SCENARIOS_DIR, CROSS), dir, { recursive: true });
  rmSync(join(dir, "aws", "account-555566667777"), { recursive: true });
  rmSync(join(dir, "expected-report.yaml"));
  writeFileSync(join(dir, "aws", `iam-get-role-${TARGET}.error.txt`), `${line}\n`);
  return loadSnapshotDir(dir);
}

/** The same denial, with the target in the caller's own account. */
function sameAccount(s: Snapshot): void {
  if (s.logs.status !== "found") throw new Error("no logs");
  for (const m of s.logs.value.matches) {
    m.text = m.text.replace(/555566667777/g, "222233334444");
    for (const k of Object.keys(m.captures)) m.captures[k] = m.captures[k]!.replace(/555566667777/g, "222233334444");
  }
}

describe("the target of a refused chained sts:AssumeRole", () => {
  it("in another account and refused to the cluster account: reported as unreadable from there, with the account that can read it", async () => {
    const s = await withRecordedTargetError(
      `An error occurred (AccessDenied) when calling the GetRole operation: User: arn:aws:iam::222233334444:user/ops is not authorized to perform: iam:GetRole on resource: role ${TARGET}`,
    );
    const { report } = await diagnoseSnapshot(s);
    const gap = report.missing_evidence.find((m) => m.what.includes(TARGET));
    expect(gap?.reason).toBe("other_account");
    expect(gap?.detail).toMatch(/is in account 555566667777 and the evidence was read as account 222233334444, where GetRole was refused/);
    expect(gap?.remedy).toMatch(/credentials of account 555566667777: aws iam get-role --role-name external-dns-cross-account .*--profile/);
    // The generic entry would tell the operator to grant irsa-doctor iam:GetRole, which cannot read another account.
    expect(report.missing_evidence.filter((m) => m.what.includes(TARGET))).toHaveLength(1);
    expect(report.missing_evidence.some((m) => /grant iam:GetRole/.test(m.remedy))).toBe(false);
  });

  it("in another account and not found there (GetRole reads by name in the caller's account): not called missing", async () => {
    const s = await withRecordedTargetError(
      `An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name ${TARGET} cannot be found.`,
    );
    const { report } = await diagnoseSnapshot(s);
    const gap = report.missing_evidence.find((m) => m.what.includes(TARGET));
    expect(gap?.detail).toMatch(/where GetRole found no role of that name: IAM reads a role only in the account/);
    expect(gap?.detail).toMatch(/not a sign that it is missing or wrong/);
  });

  it("across accounts the caller's own policies must allow the call: their missing statement stays high, the unread trust is named to confirm", async () => {
    const s = await variant(CROSS, (x) => {
      x.aws.roles[TARGET] = unavailable("not_collected", `IAM role ${TARGET} was not collected`);
    });
    const f = run(s);
    expect(f?.confidence).toBe("high");
    expect(f?.toConfirm?.join("\n")).toMatch(/across accounts its trust policy must let external-dns in as well/);
  });

  it("in the caller's own account with the trust unread: medium, since a trust naming the caller would let it in alone", async () => {
    const s = await variant(CROSS, (x) => {
      sameAccount(x);
      x.aws.roles[TARGET] = unavailable("not_collected", `IAM role ${TARGET} was not collected`);
    });
    const f = run(s);
    expect(f?.confidence).toBe("medium");
    expect(f?.detail).toMatch(/in the same account a trust policy naming external-dns would let it in without them/);
    const { report } = await diagnoseSnapshot(s);
    const gap = report.missing_evidence.find((m) => m.what.includes(TARGET));
    expect(gap?.reason).toBe("not_collected");
    expect(gap?.remedy).toBe(`add the output of \`aws iam get-role --role-name ${TARGET} --output json\` to the snapshot`);
  });

  it("a role of the same name read in another account is not the target", async () => {
    const s = await variant(CROSS, (x) => {
      const role = x.aws.roles[TARGET];
      if (role?.status !== "found") throw new Error("no target role");
      // A namesake in the cluster account, trusting nobody: evaluating it would blame a trust that is not the target's.
      x.aws.roles[TARGET] = found(
        {
          ...role.value,
          Arn: `arn:aws:iam::222233334444:role/${TARGET}`,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
          },
        },
        role.source,
      );
    });
    const f = run(s);
    expect(f?.detail).not.toMatch(/trust policy of/);
    expect(f?.detail).toMatch(/none of its policies allows it/);
  });

  it("a target read and found keeps no gap", async () => {
    const { report } = await diagnoseSnapshot(await variant(CROSS, () => {}));
    expect(report.missing_evidence.some((m) => m.what.includes(TARGET))).toBe(false);
  });

  it("a target in the caller's account proven absent is not a gap to fill", async () => {
    const s = await variant(CROSS, (x) => {
      sameAccount(x);
      x.aws.roles[TARGET] = absent("aws/iam-get-role.error.txt", "GetRole failed with NoSuchEntity");
    });
    const { report } = await diagnoseSnapshot(s);
    expect(report.missing_evidence.some((m) => m.what.includes(TARGET))).toBe(false);
  });
});
