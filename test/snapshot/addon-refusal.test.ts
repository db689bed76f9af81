// describe-addon refused: EKS's AccessDenied names the add-on only by its ARN. The bundle's error file must read as
// "refused" (the permission missing), not as "not collected", and the emulator must answer it the same way.

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { parseAwsCliError } from "../../src/snapshot/load/aws-errors.js";
import { liveTargetOf, withEmulator } from "../collect/helpers.js";
import { SCENARIOS_DIR } from "../support/scenarios.js";

const REFUSAL =
  "An error occurred (AccessDeniedException) when calling the DescribeAddon operation: User: arn:aws:sts::111122223333:assumed-role/ReadOnly/j.doe is not authorized to perform: eks:DescribeAddon on resource: arn:aws:eks:eu-west-1:111122223333:addon/prod-eu/eks-pod-identity-agent/a4c7b2e1-9d3f-4e6a-8b5c-1f2e3d4c5b6a\n";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-addon-"));
  await cp(join(SCENARIOS_DIR, "healthy--pod-identity"), dir, { recursive: true });
  await rm(join(dir, "aws/eks-describe-addon-eks-pod-identity-agent.json"), { force: true });
  await writeFile(join(dir, "aws/eks-describe-addon.error.txt"), REFUSAL);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("an AccessDenied for describe-addon that names the add-on by ARN", () => {
  it("names the add-on as the call did", () => {
    expect(parseAwsCliError(REFUSAL, "aws/eks-describe-addon.error.txt")).toMatchObject({
      operation: "DescribeAddon",
      subject: "eks-pod-identity-agent",
      code: "AccessDeniedException",
    });
  });

  it("offline: the add-on reads as refused, with the permission, not as not collected", async () => {
    const s = await loadSnapshotDir(dir);
    expect(s.aws.podIdentityAddon).toMatchObject({ status: "unavailable", reason: "permission_denied" });
  });

  it("live over HTTP through the emulator: refused the same way", async () => {
    const offline = await loadSnapshotDir(dir);
    const live = await withEmulator(dir, {}, () =>
      collectLive(liveTargetOf(offline.target), { cluster: offline.target.cluster ?? undefined, timeoutMs: 5000 }),
    );
    expect(live.snapshot.aws.podIdentityAddon).toMatchObject({ status: "unavailable", reason: "permission_denied" });
  });
});
