// search: linear-time matching whatever the pattern, results in (file, line) order however the archive is
// ordered, bounded output (maxResults, 500 characters around the match), secrets redacted, and case rules.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "tar";
import { CollectionStore, searchCollection } from "../../src/logtools/index.js";
import { collectDone } from "./support/engine.js";

let root: string;
let dir: string;
let tgz: string;
const store = new CollectionStore();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "irsa-doctor-search-"));
  dir = join(root, "bundle");
  mkdirSync(join(dir, "sub"), { recursive: true });
  const files: Record<string, string> = {
    "z-last.log": ["hit z1", "hit z2"].join("\n"),
    "a-first.log": ["hit a1", "nothing", "hit a2", "HIT a3"].join("\n"),
    "sub/m-middle.log": "hit m1\n",
    "evil.log": `${"a".repeat(60_000)}!\n${"a".repeat(60_000)}\n`,
    "secrets.log": [
      'token="eyJhbGciOiJSUzI1NiIsImtpZCI6IjFhMmIzYyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDpvcmRlcnMifQ.c2lnbmF0dXJl" AccessDenied',
      "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY AccessDenied",
    ].join("\n"),
    "long.log": `${"p".repeat(3000)} AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity ${"q".repeat(3000)}\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  tgz = join(root, "bundle.tar.gz");
  // Entries in an order that is not the names' order: results must still come sorted by file and line.
  await create({ gzip: true, file: tgz, cwd: dir, portable: true }, [
    "z-last.log",
    "sub/m-middle.log",
    "secrets.log",
    "long.log",
    "evil.log",
    "a-first.log",
  ]);
  await collectDone(store, { path: dir });
  await collectDone(store, { path: tgz });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lines = async (path: string, query: string, maxResults?: number, ignoreCase?: boolean) => {
  const r = await searchCollection(store.collection(path), {
    query,
    ...(maxResults ? { maxResults } : {}),
    ...(ignoreCase ? { ignoreCase } : {}),
  });
  return { hits: r.results.map((h) => `${h.id} ${h.file}:${h.line}`), truncated: r.truncated };
};

describe("search", () => {
  it.each(["dir", "tgz"])("returns the first maxResults in (file, line) order and says it truncated (%s)", async (form) => {
    const path = form === "dir" ? dir : tgz;
    expect(await lines(path, "^hit", 3)).toEqual({
      hits: ["S-001 a-first.log:1", "S-002 a-first.log:3", "S-003 sub/m-middle.log:1"],
      truncated: true,
    });
    expect(await lines(path, "^hit", 5)).toEqual({
      hits: ["S-001 a-first.log:1", "S-002 a-first.log:3", "S-003 sub/m-middle.log:1", "S-004 z-last.log:1", "S-005 z-last.log:2"],
      truncated: false,
    });
  });

  it("matches (a+)+$ on 60,000-character lines in linear time instead of hanging", async () => {
    const started = Date.now();
    const r = await searchCollection(store.collection(dir), { query: "(a+)+$" });
    expect(r.results.map((h) => `${h.file}:${h.line}`)).toEqual(["evil.log:2"]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("is case-sensitive by default; ignoreCase and (?i) match any case", async () => {
    expect((await lines(dir, "^HIT")).hits).toEqual(["S-001 a-first.log:4"]);
    expect((await lines(dir, "^hit a", undefined, true)).hits).toEqual([
      "S-001 a-first.log:1",
      "S-002 a-first.log:3",
      "S-003 a-first.log:4",
    ]);
    expect((await lines(dir, "(?i)^hit a")).hits).toEqual(["S-001 a-first.log:1", "S-002 a-first.log:3", "S-003 a-first.log:4"]);
  });

  it("redacts service-account tokens and secret keys in the text it returns", async () => {
    const r = await searchCollection(store.collection(dir), { query: "AccessDenied$" });
    const texts = r.results.filter((h) => h.file === "secrets.log").map((h) => h.text);
    expect(texts).toEqual(['token="[REDACTED]" AccessDenied', "AWS_SECRET_ACCESS_KEY=[REDACTED] AccessDenied"]);
  });

  it("cuts a long line's text to 500 characters around the match", async () => {
    const r = await searchCollection(store.collection(dir), { query: "sts:AssumeRoleWithWebIdentity" });
    const text = r.results.find((h) => h.file === "long.log")!.text;
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text).toContain("AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
  });

  it("reports what it scanned and gives null times to lines without one", async () => {
    const r = await searchCollection(store.collection(dir), { query: "^hit m1" });
    expect(r.results).toEqual([{ id: "S-001", file: "sub/m-middle.log", line: 1, time: null, text: "hit m1" }]);
    expect(r.scanned.files).toBe(6);
  });
});
