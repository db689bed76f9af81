// Recorded AWS CLI errors in aws/*.error.txt: the only way an offline bundle can prove that a role does not
// exist (or that reading it was denied). Without one, a missing output must stay "not collected".

import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { parseAwsCliError } from "../../src/snapshot/load/aws-errors.js";
import { SCENARIOS_DIR } from "../support/scenarios.js";

const ROLE = "payments-api-irsa";

async function withRoleReplacedBy(errorFile: string | null, text: string) {
  const dir = mkdtempSync(join(tmpdir(), "irsa-recorded-"));
  try {
    cpSync(join(SCENARIOS_DIR, "healthy--irsa"), dir, { recursive: true });
    rmSync(join(dir, "aws", `iam-get-role-${ROLE}.json`));
    if (errorFile) writeFileSync(join(dir, "aws", errorFile), text);
    return await loadSnapshotDir(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("recorded AWS errors", () => {
  it("a recorded NoSuchEntity for GetRole makes the role absent, not unavailable", async () => {
    const s = await withRoleReplacedBy(
      `iam-get-role-${ROLE}.error.txt`,
      `\nAn error occurred (NoSuchEntity) when calling the GetRole operation: The role with name ${ROLE} cannot be found.\n`,
    );
    expect(s.aws.roles[ROLE]).toMatchObject({ status: "absent", source: `aws/iam-get-role-${ROLE}.error.txt` });
  });

  it("a recorded AccessDenied names the permission to grant", async () => {
    const s = await withRoleReplacedBy(
      "denied.error.txt",
      `An error occurred (AccessDenied) when calling the GetRole operation: User: arn:aws:sts::111122223333:assumed-role/support/x is not authorized to perform: iam:GetRole on resource: role ${ROLE} because no identity-based policy allows the iam:GetRole action`,
    );
    expect(s.aws.roles[ROLE]).toMatchObject({ status: "unavailable", reason: "permission_denied", permission: "iam:GetRole" });
  });

  it("without a record the missing role stays not_collected", async () => {
    const s = await withRoleReplacedBy(null, "");
    expect(s.aws.roles[ROLE]).toMatchObject({ status: "unavailable", reason: "not_collected" });
  });

  it("a .txt in aws/ that is no CLI error is reported as a problem, not skipped", async () => {
    const s = await withRoleReplacedBy("notes.txt", "the customer says it broke on Tuesday");
    expect(s.problems.map((p) => p.source)).toContain("aws/notes.txt");
  });

  it("takes the subject from the file name when the message does not name it", () => {
    expect(
      parseAwsCliError(
        "An error occurred (ResourceNotFoundException) when calling the DescribeAddon operation: addon missing",
        "aws/eks-describe-addon-eks-pod-identity-agent.error.txt",
      ),
    ).toEqual({
      operation: "DescribeAddon",
      subject: "eks-pod-identity-agent",
      code: "ResourceNotFoundException",
      message: "addon missing",
    });
  });
});
