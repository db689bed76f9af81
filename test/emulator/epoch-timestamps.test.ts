// AWS CLI v1 prints JSON-protocol timestamps as epoch seconds (CloudTrail EventTime, EKS createdAt), v2 as
// ISO 8601. A bundle saved by either must give the same report: before, v1's numbers were dropped and the
// report said "deleted at  by ...". The emulator then serves them as the JSON protocols carry them.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { startEmulator } from "../../src/emulator/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { isoOfEpochSeconds, withIsoTimestamps } from "../../src/snapshot/load/timestamps.js";
import { diagnoseSnapshot } from "../support/scenarios.js";
import { scenarioDir } from "../collect/helpers.js";
import { awsClientConfig } from "./helpers.js";

const SCENARIO = "pod_identity.association_missing--association-deleted";
const TRAIL = "cloudtrail-lookup-events-DeletePodIdentityAssociation.json";
const CLUSTER = "eks-describe-cluster-prod-eu.json";

/** What AWS CLI v1 prints for the same instant: epoch seconds. */
const epoch = (iso: string) => Date.parse(iso) / 1000;

let v1: string;
beforeAll(async () => {
  v1 = await mkdtemp(join(tmpdir(), "irsa-doctor-cli-v1-"));
  await cp(scenarioDir(SCENARIO), v1, { recursive: true });
  const trail = JSON.parse(await readFile(join(v1, "aws", TRAIL), "utf8")) as { Events: { EventTime: string | number }[] };
  for (const e of trail.Events) e.EventTime = epoch(e.EventTime as string);
  await writeFile(join(v1, "aws", TRAIL), JSON.stringify(trail, null, 4));
  const cluster = JSON.parse(await readFile(join(v1, "aws", CLUSTER), "utf8")) as { cluster: { createdAt: string | number } };
  cluster.cluster.createdAt = epoch(cluster.cluster.createdAt as string);
  await writeFile(join(v1, "aws", CLUSTER), JSON.stringify(cluster, null, 4));
});
afterAll(async () => {
  await rm(v1, { recursive: true, force: true });
});

describe("epoch timestamps (AWS CLI v1)", () => {
  test("numbers under timestamp keys become ISO; policy documents and other numbers are left alone", () => {
    expect(isoOfEpochSeconds(1715656347)).toBe("2024-05-14T03:12:27Z");
    expect(isoOfEpochSeconds(1715656347.5)).toBe("2024-05-14T03:12:27.500Z");
    const doc = { Condition: { DateLessThan: { "aws:EpochTime": 1715656347 } } };
    expect(withIsoTimestamps({ Role: { CreateDate: 1715656347, MaxSessionDuration: 3600, AssumeRolePolicyDocument: doc } })).toEqual({
      Role: { CreateDate: "2024-05-14T03:12:27Z", MaxSessionDuration: 3600, AssumeRolePolicyDocument: doc },
    });
  });

  test("a bundle saved by AWS CLI v1 gives the report the v2 bundle gives, deletion time included", async () => {
    const fromV2 = (await diagnoseSnapshot(await loadSnapshotDir(scenarioDir(SCENARIO)))).report;
    const fromV1 = (await diagnoseSnapshot(await loadSnapshotDir(v1))).report;
    expect(JSON.stringify(fromV2)).toMatch(/deleted at 2024-05-14T03:12:27/);
    expect(JSON.stringify(fromV1)).not.toMatch(/deleted at +by/);
    expect(fromV1.cause_id).toBe(fromV2.cause_id);
    expect(fromV1.root_cause).toBe(fromV2.root_cause.replace("2024-05-14T03:12:27+00:00", "2024-05-14T03:12:27Z"));
    expect(fromV1.confidence).toBe(fromV2.confidence);
    expect(fromV1.missing_evidence).toEqual(fromV2.missing_evidence);
  });

  test("the emulator serves the v1 bundle's events with their time, as epoch seconds on the wire", async () => {
    const e = await startEmulator({ snapshotDir: v1 });
    try {
      const out = await new CloudTrailClient(awsClientConfig(e)).send(new LookupEventsCommand({}));
      expect(out.Events?.map((ev) => ev.EventTime?.toISOString())).toContain("2024-05-14T03:12:27.000Z");
    } finally {
      await e.close();
    }
  });
});
