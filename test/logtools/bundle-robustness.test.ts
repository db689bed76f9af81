// Bundles with what real ones contain besides clean logs: rotated files, gzip inside the archive, a 1 MB
// line, binary junk, a corrupt .gz. The same answers come from the directory and from its .tar.gz, nothing
// is written, and every irregular source is reported rather than silently dropped or fatal.

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollectionStore, findErrors, searchCollection } from "../../src/logtools/index.js";
import { BUNDLE_TGZ, collectDone, h2Runbooks } from "./support/engine.js";
import { buildBundle, POD_DIR, type BuiltBundle } from "./support/bundles.js";

let bundle: BuiltBundle;
beforeAll(async () => {
  bundle = await buildBundle();
});
afterAll(() => bundle.cleanup());

function listing(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .map((d) => join(d.parentPath, d.name))
    .sort()
    .map((p) => `${p} ${statSync(p).size} ${statSync(p).mtimeMs}`);
}

describe.each(["dir", "tgz"] as const)("a bundle with irregular files (%s)", (form) => {
  const path = () => (form === "dir" ? bundle.dir : bundle.tgz);

  it("indexes the rotated and gzipped logs, skips and reports the binary junk", async () => {
    const store = new CollectionStore();
    const done = await collectDone(store, { path: path() });
    expect(done.status).toBe("done");
    const byName = new Map(done.sources.map((s) => [s.name, s]));
    expect(byName.get("kubelet/kubelet.log.1")?.skipped).toBeNull();
    expect(byName.get(`${POD_DIR}/0.log.20241128-095900.gz`)).toMatchObject({ compressed: true, skipped: null });
    expect(byName.get("system/core.dump")?.skipped).toMatch(/^binary content/);
    expect(done.problems.map((p) => p.source)).toEqual(["system/core.dump", "var_log/broken.log.gz"]);
    expect(done.problems[1]!.message).toMatch(/^gzip data is corrupt/);
  });

  it("errors reads gzipped entries, reports the cut 1 MB line and the corrupt gzip, and finds nothing in the junk", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: path() });
    const result = await findErrors(store.collection(path()), await h2Runbooks());
    const ids = result.findings.map((f) => `${f.pattern.id} ${f.file} ${f.count}`);
    expect(ids).toContain(`sts.web_identity_access_denied ${POD_DIR}/0.log 1`);
    expect(ids).toContain(`sts.web_identity_token_expired ${POD_DIR}/0.log.20241128-095900.gz 1`);
    expect(result.findings.some((f) => f.file === "system/core.dump")).toBe(false);
    expect(result.problems).toContainEqual({
      source: `${POD_DIR}/0.log`,
      message: "1 line(s) longer than 65536 bytes were cut to their first 65536 bytes for matching (first at line 2)",
    });
    // The AccessDenied at the end of the 1 MB line lies beyond the cut: not matched, and said so above.
    const denied = await searchCollection(store.collection(path()), { query: "AccessDenied$" });
    expect(denied.results).toEqual([]);
  });

  it("yearless kubelet lines take the year of the file's time", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: path() });
    const found = await searchCollection(store.collection(path()), { query: "token expired, refresh" });
    expect(found.results.map((r) => [r.file, r.line, r.time])).toEqual([["kubelet/kubelet.log.1", 1, "2024-11-28T09:30:00.000Z"]]);
  });

  it("writes nothing: the bundle is unchanged and no copy appears beside it", async () => {
    const before = listing(bundle.root);
    const store = new CollectionStore();
    await collectDone(store, { path: path() });
    await findErrors(store.collection(path()), await h2Runbooks());
    await searchCollection(store.collection(path()), { query: "sts" });
    expect(listing(bundle.root)).toEqual(before);
  });
});

describe("archives that are damaged or are not archives", () => {
  it("a truncated .tar.gz keeps the files read before the damage and says where it stopped", async () => {
    const whole = readFileSync(BUNDLE_TGZ);
    const cut = join(bundle.root, "cut.tar.gz");
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const done = await collectDone(new CollectionStore(), { path: cut });
    expect(done.status).toBe("done");
    expect(done.sources.length).toBeGreaterThan(0);
    expect(done.problems.at(-1)).toMatchObject({
      source: "cut.tar.gz",
      message: expect.stringMatching(/^the archive is damaged after \d+ file\(s\)/),
    });
  });

  it("a .tgz that holds a single gzipped log, not a tar, fails with what to pass instead", async () => {
    const fake = join(bundle.root, "not-a-tar.tgz");
    writeFileSync(fake, gzipSync("2024-11-28T10:00:00Z just a log line\n".repeat(100)));
    const done = await collectDone(new CollectionStore(), { path: fake });
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(
      /could not be read as a tar archive .*: pass the \.tar\.gz the EKS log collector wrote, or the directory it was extracted to\.$/,
    );
  });
});

describe("one log file as the bundle", () => {
  it("a plain .log and a .gz file are each read as a one-file collection", async () => {
    const store = new CollectionStore();
    const plain = await collectDone(store, { path: join(bundle.dir, POD_DIR, "0.log") });
    expect(plain.sources.map((s) => s.name)).toEqual(["0.log"]);
    const gz = await collectDone(store, { path: join(bundle.dir, POD_DIR, "0.log.20241128-095900.gz") });
    const found = await searchCollection(store.collection(gz.key), { query: "ExpiredTokenException" });
    expect(found.results.map((r) => [r.file, r.line])).toEqual([["0.log.20241128-095900.gz", 1]]);
  });
});
