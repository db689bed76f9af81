// target.yaml is the one file a snapshot cannot do without: its errors must say exactly what to fix.

import { describe, expect, test } from "vitest";
import { SnapshotError } from "../../src/snapshot/load/errors.js";
import { readRawSnapshot } from "../../src/snapshot/load/raw.js";
import { parseTarget } from "../../src/snapshot/load/target.js";
import { writeSnapshot } from "./support.js";

async function loadError(targetYaml: string | null): Promise<SnapshotError> {
  const dir = await writeSnapshot(targetYaml === null ? { "k8s/": null } : { "target.yaml": targetYaml });
  const err = await readRawSnapshot(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SnapshotError);
  return err as SnapshotError;
}

describe("target.yaml", () => {
  test("a complete target is read, the account kept as a 12-digit string", () => {
    const t = parseTarget({
      cluster: "prod-eu",
      region: "eu-west-1",
      account: 12345678901, // YAML read "012345678901" as a number and dropped the zero
      namespace: "payments",
      pod: "payments-api-7d9c8b6f5-x2k4q",
      serviceAccount: null,
      instanceId: "i-0abc123def4567890",
      incidentTime: "2024-05-14T09:32:00+02:00",
    });
    expect(t).toEqual({
      cluster: "prod-eu",
      region: "eu-west-1",
      account: "012345678901",
      namespace: "payments",
      pod: "payments-api-7d9c8b6f5-x2k4q",
      serviceAccount: null,
      instanceId: "i-0abc123def4567890",
      incidentTime: "2024-05-14T09:32:00+02:00",
    });
  });

  test("missing target.yaml says to create it with the required keys", async () => {
    const err = await loadError(null);
    expect(err.message).toMatch(/target\.yaml is missing/);
    expect(err.message).toContain("`namespace: <ns>`");
  });

  test("a missing namespace names the key and the line to add", async () => {
    const err = await loadError("cluster: prod-eu\nregion: eu-west-1\npod: x\n");
    expect(err.message).toBe("target.yaml: namespace is required — add `namespace: <ns>`");
  });

  test("a misspelt key is reported with the list of valid keys", async () => {
    const err = await loadError("cluster: prod-eu\nregion: eu-west-1\nnamespace: payments\npodName: x\n");
    expect(err.message).toContain("unknown key `podName`");
    expect(err.message).toContain("serviceAccount");
  });

  test("an incidentTime that is not RFC 3339 shows the expected form", async () => {
    const err = await loadError("cluster: prod-eu\nregion: eu-west-1\nnamespace: payments\nincidentTime: yesterday 10am\n");
    expect(err.message).toContain("incidentTime must be an RFC 3339 time");
  });

  test("invalid values are all reported at once", async () => {
    const err = await loadError("cluster: prod-eu\nregion: Europe\nnamespace: Payments_NS\naccount: 42abc\n");
    expect(err.message).toContain("region must be an AWS region");
    expect(err.message).toContain("namespace must be a Kubernetes namespace name");
    expect(err.message).toContain("account must be a 12-digit AWS account id");
  });

  test("YAML syntax errors give the line", async () => {
    const err = await loadError("cluster: prod-eu\nregion: [eu-west-1\nnamespace: payments\n");
    expect(err.message).toMatch(/^target\.yaml is not valid YAML at line \d+/);
  });

  test("a target.yaml that is a list, not a mapping, is refused", async () => {
    const err = await loadError("- cluster: prod-eu\n");
    expect(err.message).toContain("expected a mapping of keys");
  });

  test("a snapshot directory that does not exist is a SnapshotError, not a crash", async () => {
    const err = await readRawSnapshot("/nonexistent/irsa-doctor-snapshot").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toContain("does not exist");
  });
});
