// A 200 MB log (generated here, in a temp dir) is streamed by errors and search in bounded memory: the
// answers are exact (the generator knows what it wrote) and the process grows by far less than the file.

import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollectionStore, findErrors, searchCollection } from "../../src/logtools/index.js";
import { collectDone, h2Runbooks } from "./support/engine.js";
import { seededRandom } from "./support/random.js";

const SIZE = 200 * 1024 * 1024;
const DENIED =
  "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity";
const NOISE = [
  (t: string, n: number) =>
    `${t} stdout F {"level":"info","ts":"${t}","msg":"request completed","path":"/api/v1/orders/${n}","status":200}`,
  (t: string, n: number) =>
    `{"level":"info","ts":"${t}","caller":"ipamd/ipamd.go:${n % 900}","msg":"IP pool stats: Total IPs/Prefixes = 87/0, AssignedIPs/CidrIPs = 12/0"}`,
  (t: string, n: number) => `time="${t}" level=info msg="StartContainer for \\"${n.toString(16)}\\" returns successfully"`,
];

let root: string;
let deniedLines: number[];
let deniedTimes: string[];

async function generate(path: string): Promise<void> {
  const rnd = seededRandom(3);
  const out = createWriteStream(path);
  let bytes = 0;
  let line = 0;
  const start = Date.UTC(2024, 10, 28, 10, 0, 0);
  while (bytes < SIZE) {
    let chunk = "";
    for (let i = 0; i < 2000; i++) {
      line += 1;
      const t = new Date(start + line * 10).toISOString();
      const text = rnd(5000) === 0 ? `${t} stderr F ${DENIED}` : NOISE[rnd(NOISE.length)]!(t, rnd(1_000_000));
      if (text.includes("AccessDenied")) {
        deniedLines.push(line);
        deniedTimes.push(t);
      }
      chunk += `${text}\n`;
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Samples RSS while `work` runs; returns its result and the highest RSS seen above the starting point. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "irsa-doctor-big-"));
  deniedLines = [];
  deniedTimes = [];
  await generate(join(root, "app.log"));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a 200 MB log file", () => {
  it("errors counts every AccessDenied line with the right first/last times, in bounded memory", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: root });
    const { result, growth } = await peakGrowth(async () => findErrors(store.collection(root), await h2Runbooks()));
    const denied = result.findings.find((f) => f.pattern.id === "sts.web_identity_access_denied")!;
    expect(deniedLines.length).toBeGreaterThan(100);
    expect(denied).toMatchObject({
      file: "app.log",
      count: deniedLines.length,
      sample_line: deniedLines[0],
      first_seen: deniedTimes[0],
      last_seen: deniedTimes.at(-1),
    });
    expect(result.scanned.bytes).toBeGreaterThanOrEqual(SIZE);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);

  it("search returns the first matches in order, says it was truncated, and stays in bounded memory", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: root });
    const { result, growth } = await peakGrowth(() =>
      searchCollection(store.collection(root), { query: "AccessDenied.*AssumeRoleWithWebIdentity", maxResults: 50 }),
    );
    expect(result.results.map((r) => r.line)).toEqual(deniedLines.slice(0, 50));
    expect(result.results[0]!.time).toBe(deniedTimes[0]);
    expect(result.truncated).toBe(true);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);

  it("search for a pattern with no required literal still tests every line (and finds them all)", async () => {
    const store = new CollectionStore();
    await collectDone(store, { path: root });
    const result = await searchCollection(store.collection(root), { query: "(?:Access)(?:Denied)", maxResults: 1000 });
    expect(result.results.map((r) => r.line)).toEqual(deniedLines);
    expect(result.truncated).toBe(false);
  }, 120_000);
});
