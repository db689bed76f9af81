// envFrom Secrets: an offline bundle's Secret gives its key NAMES, so static keys pulled in whole are seen
// and the credential path ends on the IAM user; the values never reach the snapshot, the evidence or the
// report. Live collection reads no Secret: the path says so, with the command that lists the key names.
// A seeded value is planted in the bundle's Secret and searched for in every output.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { loadSnapshotDir, readRawSnapshot } from "../../src/snapshot/load/index.js";
import { deriveFacts } from "../../src/diagnosis/facts/index.js";
import { renderReport } from "../../src/report/render.js";
import { SCENARIOS_DIR, diagnoseSnapshot } from "../support/scenarios.js";

const KEY_ID = "AKIAQSEEDEDVALUE7777";
const SECRET = "seededSecretValue/do-not-print+Z9x8c7v6b5n4m3";
const SEEDS = [KEY_ID, SECRET, Buffer.from(KEY_ID).toString("base64"), Buffer.from(SECRET).toString("base64"), "seeded-session-token"];
const POD = "k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml";

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "irsa-secret-keys-"));
  cpSync(join(SCENARIOS_DIR, "healthy--irsa"), dir, { recursive: true });
  const pod = parse(readFileSync(join(dir, POD), "utf8")) as { spec: { containers: { envFrom?: unknown[] }[] } };
  pod.spec.containers[0]!.envFrom = [{ secretRef: { name: "legacy-aws" } }, { secretRef: { name: "not-in-bundle" } }];
  writeFileSync(join(dir, POD), stringify(pod));
  writeFileSync(
    join(dir, "k8s/secret-legacy-aws.yaml"),
    stringify({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "legacy-aws", namespace: "payments" },
      type: "Opaque",
      data: { AWS_ACCESS_KEY_ID: SEEDS[2], AWS_SECRET_ACCESS_KEY: SEEDS[3] },
      stringData: { AWS_SESSION_TOKEN: "seeded-session-token" },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("envFrom Secret key names", () => {
  it("offline: the Secret's keys make static keys that shadow web identity, named with the Secret", async () => {
    const s = await loadSnapshotDir(dir);
    const [p] = deriveFacts(s).credentialPaths;
    expect(p?.provider).toBe("env_static");
    expect(p?.shadowed).toContain("web_identity");
    expect(p?.sources.env.get("AWS_ACCESS_KEY_ID")?.origin).toBe(
      "Secret legacy-aws key AWS_ACCESS_KEY_ID, by envFrom (k8s/secret-legacy-aws.yaml)",
    );
    const { report } = await diagnoseSnapshot(s);
    expect(report.cause_id).toBe("credential_chain.static_keys");
  });

  it("offline: a Secret the bundle lacks is said, with the command that lists only its key names", async () => {
    const s = await loadSnapshotDir(dir);
    expect(s.k8s.secretKeys?.status === "found" && s.k8s.secretKeys.value).toEqual([
      {
        namespace: "payments",
        name: "legacy-aws",
        keys: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"],
        source: "k8s/secret-legacy-aws.yaml",
      },
      { namespace: "payments", name: "not-in-bundle", keys: null },
    ]);
    const [p] = deriveFacts(s).credentialPaths;
    expect(p?.sources.unread.join(" ")).toMatch(
      /Secret not-in-bundle is not in the bundle; add its key names \(no values\) with: kubectl get secret not-in-bundle -n payments -o go-template=/,
    );
  });

  it("no seeded value reaches the raw layer, the snapshot, or the YAML and JSON reports", async () => {
    const raw = await readRawSnapshot(dir);
    const s = await loadSnapshotDir(dir);
    const { report } = await diagnoseSnapshot(s);
    const outputs = [JSON.stringify(raw), JSON.stringify(s), renderReport(report, "yaml"), renderReport(report, "json")];
    for (const out of outputs) for (const seed of SEEDS) expect(out.includes(seed), `${seed} leaked`).toBe(false);
    // The test can fail: the seeds are really in the bundle.
    expect(readFileSync(join(dir, "k8s/secret-legacy-aws.yaml"), "utf8")).toContain(SEEDS[2]);
  });

  it("live (no key names collected): the path says the Secret was not read, by design, and how to check", async () => {
    const s = await loadSnapshotDir(dir);
    delete s.k8s.secretKeys;
    const [p] = deriveFacts(s).credentialPaths;
    expect(p?.provider).toBe("web_identity");
    expect(p?.why.join(" ")).toMatch(
      /the keys of Secret legacy-aws were not read \(irsa-doctor never reads Secrets when it collects live, by design\); list its key names, without values, with: kubectl get secret legacy-aws/,
    );
    const { report } = await diagnoseSnapshot(s);
    expect(report.credential_path[0]?.why.join(" ")).toMatch(/by design/);
  });
});
