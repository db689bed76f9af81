// A log bundle as the EKS log collector writes it (GNU tar, gzip, ./-prefixed names, a rotated kubelet.log.1,
// a gzipped rotated pod log inside the archive, binary junk), read by streaming the archive: never extracted.

import { describe, expect, it } from "vitest";
import {
  CollectionStore,
  atLeast,
  correlateCollection,
  findErrors,
  searchCollection,
  summarizeFindings,
} from "../../src/logtools/index.js";
import { BUNDLE_TGZ, ORDERS_LOG, collectDone, h2Runbooks } from "./support/engine.js";

describe("collect path=<.tar.gz>", () => {
  it("indexes every file entry with its size, compression and time, and reports the binary one", async () => {
    const store = new CollectionStore();
    const done = await collectDone(store, { path: BUNDLE_TGZ });
    expect(done.status).toBe("done");
    expect(done.key).toBe(BUNDLE_TGZ);
    const names = done.sources.map((s) => s.name);
    expect(names).toContain("kubelet/kubelet.log.1");
    expect(names).toContain(`${ORDERS_LOG}.20241128-095900.gz`);
    const gz = done.sources.find((s) => s.name.endsWith(".gz"))!;
    expect(gz).toMatchObject({ kind: "archive-entry", compressed: true, modified: "2024-11-28T10:05:00.000Z", skipped: null });
    const junk = done.sources.find((s) => s.name === "system/core.dump")!;
    expect(junk.skipped).toMatch(/binary content/);
    expect(done.problems).toEqual([{ source: "system/core.dump", message: junk.skipped }]);
    expect(done.sourcesDone).toBe(done.sources.length);
    expect(done.sourcesTotal).toBe(done.sources.length);
  });

  it("finds the IRSA errors in plain and gzipped entries, with times, grouped by pattern and file", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: BUNDLE_TGZ });
    const { findings } = await findErrors(store.collection(BUNDLE_TGZ), await h2Runbooks());
    const high = atLeast(findings, "high");
    const denied = high.find((f) => f.pattern.id === "sts.web_identity_access_denied")!;
    expect(denied).toMatchObject({
      file: ORDERS_LOG,
      count: 3,
      first_seen: "2024-11-28T10:00:05.250Z",
      last_seen: "2024-11-28T10:01:05.250Z",
    });
    const expired = findings.find((f) => f.file.endsWith(".gz"));
    expect(expired?.sample).toContain("ExpiredTokenException");
    expect(findings.map((f) => f.id)).toEqual(findings.map((_, i) => `F-${String(i + 1).padStart(3, "0")}`));
  });

  it("search streams the archive again and returns numbered, timed lines", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: BUNDLE_TGZ });
    const result = await searchCollection(store.collection(BUNDLE_TGZ), {
      query: "AccessDenied.*AssumeRoleWithWebIdentity|InvalidIdentityToken|ExpiredTokenException",
    });
    expect(result.results.map((r) => [r.id, r.file.split("/").pop(), r.line])).toEqual([
      ["S-001", "0.log", 1],
      ["S-002", "0.log", 3],
      ["S-003", "0.log", 4],
      ["S-004", "0.log", 5],
      ["S-005", "0.log.20241128-095900.gz", 1],
    ]);
    expect(result.truncated).toBe(false);
  });

  it("correlate and summarize run over the archive", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: BUNDLE_TGZ });
    const collection = store.collection(BUNDLE_TGZ);
    const runbooks = await h2Runbooks();
    const timeline = await correlateCollection(collection, runbooks, { pivotEvent: "AccessDenied" });
    expect(timeline.pivot.occurrences).toBe(3);
    const summary = await summarizeFindings(collection, runbooks, ["F-001", "F-099"]);
    expect(summary.unknown_ids).toEqual(["F-099"]);
    expect(summary.findings.map((f) => f.id)).toEqual(["F-001"]);
  });
});
