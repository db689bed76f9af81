// The emulator serves what the bundle holds and answers like AWS where it holds nothing: GetPolicy with
// every field the bundle proves (its path from the ARN, attachable), OIDC provider tags handed on, and no
// invented caller identity when the bundle has none, so a capture through the emulator keeps none either.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetOpenIDConnectProviderCommand, GetPolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { startEmulator } from "../../src/emulator/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { writeSnapshotDir } from "../../src/snapshot/write/index.js";
import { liveTargetOf, scenarioDir, withEmulator } from "../collect/helpers.js";
import { SHOP_SNAPSHOT, awsClientConfig, rejectionOf } from "./helpers.js";

const PROVIDER = "arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/AB12CD34EF56AB12CD34EF56AB12CD34";
const TAGS = [
  { Key: "alpha.eksctl.io/cluster-name", Value: "shop-prod" },
  { Key: "team", Value: "platform" },
];

let tagged: string;
let out: string;
beforeAll(async () => {
  tagged = await mkdtemp(join(tmpdir(), "irsa-doctor-tags-"));
  out = await mkdtemp(join(tmpdir(), "irsa-doctor-no-caller-"));
  await cp(SHOP_SNAPSHOT, tagged, { recursive: true });
  const file = join(tagged, "aws", "iam-get-open-id-connect-provider.json");
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), Tags: TAGS }, null, 2));
});
afterAll(async () => {
  await Promise.all([tagged, out].map((d) => rm(d, { recursive: true, force: true })));
});

describe("partial data", () => {
  test("GetPolicy gives the path and attachability with the default version, for a policy under a path too", async () => {
    const e = await startEmulator({ snapshotDir: SHOP_SNAPSHOT });
    try {
      const iam = new IAMClient(awsClientConfig(e));
      const top = await iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::444455556666:policy/web-s3-read" }));
      expect(top.Policy).toEqual({
        PolicyName: "web-s3-read",
        Arn: "arn:aws:iam::444455556666:policy/web-s3-read",
        Path: "/",
        DefaultVersionId: "v3",
        IsAttachable: true,
      });
    } finally {
      await e.close();
    }
  });

  test("OIDC provider tags are kept by the loader and served by GetOpenIDConnectProvider", async () => {
    const offline = await loadSnapshotDir(tagged);
    expect(offline.aws.oidcProviders[PROVIDER]).toMatchObject({ status: "found", value: { Tags: TAGS } });
    const e = await startEmulator({ snapshotDir: tagged });
    try {
      const provider = await new IAMClient(awsClientConfig(e)).send(
        new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: PROVIDER }),
      );
      expect(provider.Tags).toEqual(TAGS);
    } finally {
      await e.close();
    }
  });

  test("no caller identity in the bundle: GetCallerIdentity is refused as not collected, and a capture keeps none", async () => {
    const dir = scenarioDir("inconclusive--access-denied-logs-only");
    const offline = await loadSnapshotDir(dir);
    expect(offline.aws.callerIdentity.status).toBe("unavailable");
    const live = await withEmulator(dir, {}, async (e) => {
      const err = await rejectionOf(() => new STSClient(awsClientConfig(e)).send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe("AccessDenied");
      expect(err.message).toContain("the snapshot did not capture this");
      return collectLive(liveTargetOf(offline.target), { cluster: offline.target.cluster ?? undefined, timeoutMs: 5000 });
    });
    expect(live.snapshot.aws.callerIdentity.status).toBe("unavailable");
    const captured = join(out, "bundle");
    await writeSnapshotDir(live.snapshot, live.captured, captured);
    expect((await loadSnapshotDir(captured)).aws.callerIdentity.status).toBe("unavailable");
  });
});
