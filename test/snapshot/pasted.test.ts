// A pasted error message diagnosed alone is judged exactly as the same text in a log-only bundle (the path the
// corpus bench scores): the same cause, confidence and candidates for every message of the dev corpus. Added to
// a snapshot, it joins the logs without taking anything from them.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSplit, writeBundle } from "../../bench/corpus-lib.mjs";
import { runDiagnosis } from "../../src/diagnosis/index.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { messageOnlySnapshot, PASTED_SOURCE, withPastedMessage } from "../../src/snapshot/load/pasted.js";
import type { Report } from "../../src/report/types.js";
import { h2Runbook, ROOT, SCENARIOS_DIR } from "../support/scenarios.js";

const verdict = (r: Report) => ({ cause: r.cause_id, confidence: r.confidence, candidates: r.candidates.map((c) => c.cause_id) });

describe("a message alone", () => {
  it("gets the verdict the same text gets as a log-only bundle, for every dev message", async () => {
    const runbook = await h2Runbook();
    const root = mkdtempSync(join(tmpdir(), "irsa-doctor-pasted-"));
    try {
      const dev = readSplit(join(ROOT, "fixtures", "corpus"), "dev");
      expect(dev.length).toBeGreaterThan(100);
      for (const entry of dev) {
        const bundle = await loadSnapshotDir(writeBundle(root, entry));
        const alone = await messageOnlySnapshot(entry.text);
        expect({ id: entry.id, ...verdict(runDiagnosis(alone, runbook).report) }).toEqual({
          id: entry.id,
          ...verdict(runDiagnosis(bundle, runbook).report),
        });
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("names no workload it was not told, and says what was not collected and why", async () => {
    const s = await messageOnlySnapshot("NoCredentialProviders: no valid providers in chain. Deprecated.");
    expect(s.target).toMatchObject({ cluster: null, region: null, pod: null, serviceAccount: null });
    expect(s.k8s.pod).toMatchObject({ status: "unavailable", reason: "not_collected", detail: expect.stringContaining("names no pod") });
    expect(s.k8s.events).toMatchObject({ detail: expect.stringContaining("only an error message was given") });
    expect(s.aws.cluster).toMatchObject({ detail: expect.stringContaining("only an error message was given") });
    expect(s.logs).toMatchObject({ status: "found", source: PASTED_SOURCE });
  });
});

describe("a message added to a snapshot", () => {
  it("keeps the bundle's log findings and adds its own, cited as the pasted message", async () => {
    const bundle = await loadSnapshotDir(join(SCENARIOS_DIR, "irsa_annotation.missing--go-no-credential-providers"));
    expect(bundle.logs.status).toBe("found");
    const before = bundle.logs.status === "found" ? bundle.logs.value : null;
    const text =
      "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";
    const joined = await withPastedMessage(bundle, text);
    if (joined.logs.status !== "found" || before === null) throw new Error("logs expected");
    expect(joined.logs.value.matches.slice(0, before.matches.length)).toEqual(before.matches);
    const added = joined.logs.value.matches.filter((m) => m.file === PASTED_SOURCE);
    expect(added.length).toBeGreaterThan(0);
    expect(joined.logs.value.files).toEqual([...before.files, PASTED_SOURCE]);
    for (const m of added) expect(joined.logs.value.counts[m.patternId]).toBeGreaterThanOrEqual((before.counts[m.patternId] ?? 0) + 1);
  });
});
