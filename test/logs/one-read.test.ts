// An offline session reads its bundle's logs/ once: the snapshot loader's scan (the facts) and the errors
// findings the runbook's steps show (F-001...) come from one pass over the files. Measured on real files with
// the kernel's own count of the bytes this process read (/proc/self/io rchar), around opening a session over
// a bundle whose logs/ holds a large kubelet log: one pass reads it once, a second pass would read it twice.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPhaseOf, SessionStore, type ExecutorDeps } from "../../src/executor/index.js";
import { collectionFindings, logCollectionOf, sessionLogPass } from "../../src/executor/log-collection.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { SCENARIOS, NOW, bundledRunbooks } from "../executor/helpers.js";

const SCENARIO = "credential_chain.irsa_over_pod_identity--pods-predate-association";
const BIG_BYTES = 32 * 1024 * 1024;

/** Bytes read by this process so far (read(2) and the like, whatever the page cache held). */
function bytesRead(): number {
  const io = readFileSync("/proc/self/io", "utf8");
  return Number(/^rchar: (\d+)$/m.exec(io)![1]);
}

/** A kubelet log of `bytes` bytes, ordinary lines with two credential failures the library recognises. */
function kubeletLog(bytes: number): string {
  const line = "I0514 09:58:01.000000    2041 kubelet.go:2400] SyncLoop (PLEG): event for pod reporting/reports-exporter\n";
  const failure =
    "E0514 09:58:02.000000    2041 pod_workers.go:1300] WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n";
  const body = line.repeat(Math.ceil(bytes / line.length));
  return failure + body + failure;
}

let root: string;
let bundle: string;
const deps = (): ExecutorDeps => ({ loadRunbooks: bundledRunbooks, sessions: new SessionStore(), clock: () => NOW, cwd: root });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "irsa-one-read-"));
  bundle = join(root, SCENARIO);
  cpSync(join(SCENARIOS, SCENARIO), bundle, { recursive: true });
  writeFileSync(join(bundle, "logs", "kubelet.log"), kubeletLog(BIG_BYTES));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("an offline session reads logs/ once", () => {
  it("opening a session over a bundle with a 32 MiB log reads about 32 MiB, not twice that", async () => {
    // Every module the session loads is loaded by this first session over the untouched scenario.
    await runPhaseOf("report", { snapshot: join(SCENARIOS, SCENARIO) }, deps());
    const size = statSync(join(bundle, "logs", "kubelet.log")).size;
    const before = bytesRead();
    const answer = await runPhaseOf("report", { snapshot: bundle }, deps());
    const read = bytesRead() - before;
    expect(answer.report.target.namespace).toBe("reporting");
    // One pass reads the big log once; what else is read (the bundle's YAML, the runbooks) is small beside it.
    expect(read).toBeGreaterThanOrEqual(size);
    expect(read).toBeLessThan(1.25 * size);
  });

  it("the session's findings and index are those of the errors tool's own pass over the folder", async () => {
    const store = new SessionStore();
    await runPhaseOf("report", { snapshot: bundle }, { ...deps(), sessions: store });
    const session = store.get(store.ids()[0]!);
    const collection = (await logCollectionOf(bundle, NOW))!;
    const separate = await collectionFindings(collection, await bundledRunbooks());
    expect(separate.some((f) => f.file === "kubelet.log" && f.count === 2)).toBe(true);
    expect(session.logFindings).toEqual(separate);
    expect(session.logCollection?.sources.map((s) => s.entry)).toEqual(collection.sources.map((s) => s.entry));
  });

  it("on every scenario with logs, the one pass gives the findings and index the errors tool's own pass gives", async () => {
    const runbooks = await bundledRunbooks();
    const withLogs = readdirSync(SCENARIOS).filter((name) => existsSync(join(SCENARIOS, name, "logs")));
    expect(withLogs.length).toBeGreaterThan(50);
    for (const name of withLogs) {
      const dir = join(SCENARIOS, name);
      const pass = sessionLogPass(dir, runbooks);
      await loadSnapshotDir(dir, { logTap: pass.tap });
      const shared = pass.collection(NOW);
      const own = (await logCollectionOf(dir, NOW))!;
      expect(await collectionFindings(shared, runbooks), name).toEqual(await collectionFindings(own, runbooks));
      expect(shared.sources, name).toEqual(own.sources);
    }
  });
});
