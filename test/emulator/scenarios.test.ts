// Every scenario under fixtures/scenarios is servable: each Kubernetes object it holds comes back from
// its API path as the same object, and each captured role from IAM GetRole with the same trust policy.

import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { RESOURCES } from "../../src/kube/resources.js";
import { apiVersionOf } from "../../src/kube/paths.js";
import { readRawSnapshot } from "../../src/snapshot/load/raw.js";
import { awsClientConfig } from "./helpers.js";

const SCENARIOS = fileURLToPath(new URL("../../fixtures/scenarios", import.meta.url));
const dirs = existsSync(SCENARIOS)
  ? readdirSync(SCENARIOS, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(SCENARIOS, d.name, "target.yaml")))
      .map((d) => d.name)
      .sort()
  : [];
const cases = [...dirs.map((d) => join(SCENARIOS, d)), fileURLToPath(new URL("./fixtures/shop-snapshot", import.meta.url))];

describe.each(cases)("snapshot %s", (dir) => {
  test("every Kubernetes object is served at its API path, and every captured role by GetRole", async () => {
    const raw = await readRawSnapshot(dir);
    const emulator = await startEmulator({ snapshotDir: dir });
    try {
      for (const { value: obj } of raw.k8sObjects) {
        const def = RESOURCES.find((r) => r.kind === obj.kind);
        expect(def, `no route serves kind ${obj.kind}`).toBeDefined();
        if (def === undefined) continue;
        const base = def.group === "" ? "/api/v1" : `/apis/${def.group}/${def.version}`;
        const ns = def.namespaced ? `/namespaces/${encodeURIComponent(obj.metadata.namespace ?? "")}` : "";
        const res = await fetch(`${emulator.url}${base}${ns}/${def.resource}/${encodeURIComponent(obj.metadata.name)}`);
        expect(res.status, `${obj.kind} ${obj.metadata.namespace ?? ""}/${obj.metadata.name}`).toBe(200);
        const served = (await res.json()) as Record<string, unknown>;
        expect(served["kind"]).toBe(def.kind);
        expect(served["apiVersion"]).toBe(apiVersionOf(def));
        expect(served["metadata"]).toMatchObject({ name: obj.metadata.name });
        expect(served["spec"]).toEqual(obj["spec"]);
      }
      const iam = new IAMClient(awsClientConfig(emulator));
      for (const { value: role } of raw.aws.roles) {
        const out = await iam.send(new GetRoleCommand({ RoleName: role.RoleName }));
        expect(JSON.parse(decodeURIComponent(out.Role?.AssumeRolePolicyDocument ?? ""))).toEqual(role.AssumeRolePolicyDocument);
      }
    } finally {
      await emulator.close();
    }
  });
});
