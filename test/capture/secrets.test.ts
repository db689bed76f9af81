// No secret reaches a captured folder: no Secret object, no service-account token or other JWT, no AWS
// key, no kubeconfig credential, whether it sat in a pod's env, an annotation or a log line. Checked by
// value and by format over every byte written, and in the live Snapshot itself.

import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { FAKE_SECRET_ACCESS_KEY } from "../../src/emulator/start.js";
import { FAKE_TOKEN } from "../../src/emulator/kubeconfig.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { writeSnapshotDir } from "../../src/snapshot/write/index.js";
import { withEmulator } from "../collect/helpers.js";
import { FAKE, INLINE_POLICY, POD, ROLE, buildVariant } from "./variant.js";

const SECRET_FORMATS: [string, RegExp][] = [
  ["an AWS access key id", /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ["a JWT", /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/],
  ["a secret access key", /secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}/i],
  ["a private key", /BEGIN [A-Z ]*PRIVATE KEY/],
  ["kubeconfig credentials", /client-key-data|client-certificate-data|current-context/],
  ["a Secret object", /kind: Secret\b|"kind": ?"Secret"/],
];
const SECRET_VALUES = [FAKE.accessKeyId, FAKE.secretAccessKey, FAKE.jwt, FAKE.secretData, FAKE_TOKEN, FAKE_SECRET_ACCESS_KEY];

let variant: string;
let out: string;
beforeAll(async () => {
  variant = await buildVariant();
  out = await mkdtemp(join(tmpdir(), "irsa-doctor-capture-secrets-"));
});
afterAll(async () => {
  await rm(variant, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("a capture of a pod that leaks credentials", () => {
  test("holds no secret by value or by format, keeps the variables' names, and still diagnoses the same", async () => {
    const target = { namespace: "payments", pod: POD, incidentTime: "2024-05-14T09:32:00Z" };
    const live = await withEmulator(variant, {}, () => collectLive(target, { cluster: "prod-eu" }));
    const dir = join(out, "leaky");
    await writeSnapshotDir(live.snapshot, live.captured, dir);

    const files = await allFiles(dir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      const rel = relative(dir, file);
      for (const value of SECRET_VALUES) expect(text.includes(value), `${rel} holds ${value}`).toBe(false);
      for (const [what, re] of SECRET_FORMATS) expect(re.test(text), `${rel} holds ${what}: ${re.exec(text)?.[0] ?? ""}`).toBe(false);
    }
    const snapshotJson = JSON.stringify(live.snapshot);
    for (const value of SECRET_VALUES) expect(snapshotJson.includes(value), `the live Snapshot holds ${value}`).toBe(false);

    // The variables are still there (static keys shadow IRSA: a real cause), only their values are gone.
    const reloaded = await loadSnapshotDir(dir);
    const env = reloaded.k8s.pod.status === "found" ? (reloaded.k8s.pod.value.spec.containers[0]?.env ?? []) : [];
    expect(env.map((e) => e.name)).toEqual(expect.arrayContaining(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "STATEMENTS_API_TOKEN"]));
    // The log lines that carried them are kept, redacted.
    const log = await readFile(join(dir, "logs", "pods", "payments", POD, "payments-api.log"), "utf8");
    expect(log).toContain("aws_secret_access_key=[REDACTED]");
    expect(log).toContain("read projected token: [REDACTED]");
  });

  test("an inline role policy is read with GetRolePolicy and saved where the loader finds it", async () => {
    const live = await withEmulator(variant, {}, () => collectLive({ namespace: "payments", pod: POD }, { cluster: "prod-eu" }));
    const dir = join(out, "inline");
    const written = await writeSnapshotDir(live.snapshot, live.captured, dir);
    expect(written).toContain(`aws/iam-get-role-policy-${ROLE}-${INLINE_POLICY}.json`);
    const perms = (await loadSnapshotDir(dir)).aws.rolePermissions[ROLE];
    expect(perms?.status === "found" && perms.value.inline).toEqual([
      { PolicyName: INLINE_POLICY, Document: expect.objectContaining({ Statement: [expect.objectContaining({ Action: "kms:Decrypt" })] }) },
    ]);
    expect(perms).toEqual(
      live.snapshot.aws.rolePermissions[ROLE] && {
        ...live.snapshot.aws.rolePermissions[ROLE],
        source: perms?.status === "found" ? perms.source : "",
      },
    );
  });
});
