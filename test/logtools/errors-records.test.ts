// The errors tool keeps a log record's most specific matches, as the diagnosis's scanner does: a wrapper
// on one line and its reason on a neighbouring line of the same error give the reason alone, whatever lines
// without any literal of the library sit between them (the gate skips those lines, so the tool follows a
// record that a match opened line by line until it ends). One recognition: on every scenario, and on the
// wrappings below, the errors findings are the scanner's matches, pattern by pattern and file by file.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { logCollectionOf } from "../../src/executor/log-collection.js";
import { scanLogDir } from "../../src/logs/scan.js";
import { findErrors } from "../../src/logtools/errors.js";
import { NOW, SCENARIOS, bundledRunbooks } from "../executor/helpers.js";

const root = mkdtempSync(join(tmpdir(), "irsa-errors-records-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let bundles = 0;
/** A bundle whose logs/app.log holds `lines`; returns the bundle's folder. */
function bundleWith(lines: readonly string[]): string {
  const dir = join(root, `b${++bundles}`);
  mkdirSync(join(dir, "logs"), { recursive: true });
  writeFileSync(join(dir, "logs", "app.log"), `${lines.join("\n")}\n`);
  return dir;
}

async function errorsOf(dir: string): Promise<string[]> {
  const collection = (await logCollectionOf(dir, NOW))!;
  const { findings } = await findErrors(collection, await bundledRunbooks());
  return findings.map((f) => `${f.file}:${f.pattern.id}:${f.count}`).sort();
}

/** The recognition of a folder: (file, library pattern) groups, and how many lines each pattern explains in all. */
interface Recognition {
  groups: string[];
  totals: Record<string, number>;
}

async function errorsRecognition(dir: string): Promise<Recognition> {
  const collection = (await logCollectionOf(dir, NOW))!;
  const { findings } = await findErrors(collection, await bundledRunbooks());
  const library = findings.filter((f) => !f.pattern.id.startsWith("runbook."));
  const totals: Record<string, number> = {};
  for (const f of library) totals[f.pattern.id] = (totals[f.pattern.id] ?? 0) + f.count;
  return { groups: [...new Set(library.map((f) => `${f.file}:${f.pattern.id}`))].sort(), totals };
}

async function scannerRecognition(dir: string): Promise<Recognition> {
  const { evidence } = await scanLogDir(join(dir, "logs"));
  return { groups: [...new Set(evidence.matches.map((m) => `${m.file}:${m.patternId}`))].sort(), totals: { ...evidence.counts } };
}

describe("the errors tool over a log record", () => {
  it("Go v1: the 'caused by:' reason supersedes the wrapper on the line above", async () => {
    const dir = bundleWith([
      "E0111 21:49:23.808922       1 aws_manager.go:265] Failed to regenerate ASG cache: WebIdentityErr: failed to retrieve credentials",
      "caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
      "\tstatus code: 403, request id: 67d0fad1-77e3-425c-b87f-c3def839dbad",
      "I0111 21:49:24.000000       1 aws_manager.go:270] retrying in 10s",
    ]);
    expect(await errorsOf(dir)).toEqual(["app.log:sts.web_identity_access_denied:1"]);
  });

  it("Java: frames without any literal of the library between the exception and the provider's frame do not cut the record", async () => {
    const dir = bundleWith([
      "2024-05-14 09:58:02.123 ERROR [main] o.a.s.Loader - load failed",
      "software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07)",
      "\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)",
      "\tat software.amazon.awssdk.core.internal.http.pipeline.stages.ApiCallTimeoutTrackingStage.execute(ApiCallTimeoutTrackingStage.java:50)",
      "\tat software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider.getUpdatedCredentials(StsAssumeRoleWithWebIdentityCredentialsProvider.java:75)",
    ]);
    expect(await errorsOf(dir)).toEqual(["app.log:sts.web_identity_access_denied:1"]);
  });

  it("lines of different records keep their own findings (each has its own timestamp)", async () => {
    const dir = bundleWith([
      "2024-05-14T09:58:01Z ERROR WebIdentityErr: failed to retrieve credentials",
      "2024-05-14T09:58:02Z INFO unrelated",
      "2024-05-14T09:58:03Z ERROR caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
    ]);
    expect(await errorsOf(dir)).toEqual(["app.log:sts.web_identity_access_denied:1", "app.log:sts.web_identity_exchange_failed:1"]);
  });

  it("a line the gate would skip still ends the record when it starts an entry of its own", async () => {
    // Line 3 continues line 2's entry, not line 1's: the wrapper keeps its finding, as the scanner keeps it.
    const dir = bundleWith([
      "2024-05-14T09:58:01Z ERROR WebIdentityErr: failed to retrieve credentials",
      "2024-05-14T09:58:02Z INFO retrying in 10s",
      "\tcaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
    ]);
    expect(await errorsOf(dir)).toEqual(["app.log:sts.web_identity_access_denied:1", "app.log:sts.web_identity_exchange_failed:1"]);
    expect((await errorsRecognition(dir)).groups).toEqual((await scannerRecognition(dir)).groups);
  });

  it("a message a pasted pane cut across lines is the scanner's, joined, with a line between the pieces no literal holds", async () => {
    const dir = bundleWith([
      '{"level":50,"message":"User: arn:aws:sts::111122223333:assumed-role/eksctl-shop-nodegroup-ng-Node │',
      "│ InstanceRole-1A2B3C4D5E6F/i-0123456789abcdef0 is not │",
      "│  authorized to perform: secretsmanager:GetSecretValue on resource: shop/db │",
    ]);
    const errors = await errorsRecognition(dir);
    expect(errors.groups).toContain("app.log:permissions.node_role_access_denied");
    expect(errors).toEqual(await scannerRecognition(dir));
  });

  it("a record still open when the file ends is counted", async () => {
    const dir = bundleWith(["WebIdentityErr: failed to retrieve credentials", "caused by: InvalidIdentityToken: Incorrect token audience"]);
    expect(await errorsOf(dir)).toEqual(["app.log:sts.incorrect_token_audience:1"]);
  });

  it("gives the scanner's matches on every scenario with logs, and on a long log whose records cross read chunks", async () => {
    const dirs = readdirSync(SCENARIOS)
      .filter((name) => existsSync(join(SCENARIOS, name, "logs")))
      .map((name) => join(SCENARIOS, name));
    expect(dirs.length).toBeGreaterThan(50);
    const filler = "I0514 09:58:01.000000    2041 kubelet.go:2400] SyncLoop (PLEG): event for pod reporting/reports-exporter";
    const record = [
      "E0514 09:58:02.000000    2041 main.go:88] WebIdentityErr: failed to retrieve credentials",
      "caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
      "\tstatus code: 403, request id: 1",
    ];
    // About 1.5 MB: the reader's chunks end inside some of the 600 records.
    const long: string[] = [];
    for (let i = 0; i < 600; i++) long.push(...Array.from({ length: 20 + (i % 7) }, () => filler), ...record);
    dirs.push(bundleWith(long));
    let compared = 0;
    for (const dir of dirs) {
      const errors = await errorsRecognition(dir);
      expect(errors, dir).toEqual(await scannerRecognition(dir));
      compared += errors.groups.length;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
