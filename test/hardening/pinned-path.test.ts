// The log tools check the path at each read, not once (issue 9): after `collect` on an allowed folder,
// replacing that folder (or one of its files) by a symbolic link to an outside one must not make `search`
// or `errors` print outside files; a FIFO put in place of a log after indexing must not block the read.

import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CollectionStore, findErrors, searchCollection } from "../../src/logtools/index.js";
import { collectDone, h2Runbooks } from "../logtools/support/engine.js";

const SECRET = "OUTSIDE-LOG-LINE-91c2";
let work: string;
let allowed: string;
let outside: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "irsa-doctor-pin-"));
  allowed = join(work, "allowed", "bundle");
  outside = join(work, "outside");
  await mkdir(join(allowed, "app"), { recursive: true });
  await mkdir(join(outside, "app"), { recursive: true });
  // Same relative names inside and outside, so a read through a swapped path would find "its" file.
  await writeFile(join(allowed, "app", "0.log"), "2024-11-28T10:00:00Z level=info msg=started\n");
  await writeFile(join(outside, "app", "0.log"), `2024-11-28T10:00:00Z ${SECRET} WebIdentityErr AccessDenied\n`);
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("a collected folder swapped for a link afterwards", () => {
  it("search and errors read nothing from outside, and say why the file was not read", async () => {
    const store = new CollectionStore();
    const done = await collectDone(store, { path: allowed });
    expect(done.status).toBe("done");
    await rename(allowed, `${allowed}.moved`);
    await symlink(outside, allowed);

    const search = await searchCollection(store.collection(allowed), { query: "OUTSIDE|AccessDenied|started" });
    expect(JSON.stringify(search)).not.toContain(SECRET);
    expect(search.problems.map((p) => p.message).join(" ")).toMatch(/could not be read \(is a symbolic link leading outside the folder/);
    const errors = await findErrors(store.collection(allowed), await h2Runbooks());
    expect(JSON.stringify(errors)).not.toContain(SECRET);
  });

  it("a log file swapped for a link to an outside file is refused", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: allowed });
    await rm(join(allowed, "app", "0.log"));
    await symlink(join(outside, "app", "0.log"), join(allowed, "app", "0.log"));
    const search = await searchCollection(store.collection(allowed), { query: "OUTSIDE" });
    expect(search.results).toEqual([]);
    expect(JSON.stringify(search)).not.toContain(SECRET);
  });

  it("without the swap the same search reads the file (the test can fail)", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: allowed });
    const search = await searchCollection(store.collection(allowed), { query: "started" });
    expect(search.results).toHaveLength(1);
  });

  it("a log swapped for a FIFO after indexing does not block the read", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: allowed });
    await rm(join(allowed, "app", "0.log"));
    execFileSync("mkfifo", [join(allowed, "app", "0.log")]);
    const started = Date.now();
    const search = await searchCollection(store.collection(allowed), { query: "started" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(search.problems.map((p) => p.message).join(" ")).toMatch(/FIFO/);
  });
});
