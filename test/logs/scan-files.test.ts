// The scanner's handling of awkward inputs: gzip (by magic bytes, rotated names, corrupt data), binary
// files, archives and journals, enormous lines, hostile regex input, per-file caps, symbolic links, a
// missing root, and live lines handed over by the collector.

import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogScanner, addLines, scanLines, scanLogDir } from "../../src/logs/index.js";

const DENIED = "caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity";
const AGENT_LOG =
  "fixtures/logs/node-bundle/var/log/pods/kube-system_eks-pod-identity-agent-7xk2p_4a5b6c7d-5555-4e9f-8a1b-4c5d6e7f8091/eks-pod-identity-agent/0.log";

let dir: string;
const at = (...p: string[]) => path.join(dir, ...p);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "irsa-doctor-logs-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freshRoot(name: string): Promise<string> {
  const root = at(name);
  await mkdir(root, { recursive: true });
  return root;
}

describe("gzip", () => {
  it("reads a rotated .gz log the same as its plain text (paths aside)", async () => {
    const root = await freshRoot("gz");
    const text = await readFile(AGENT_LOG);
    await writeFile(path.join(root, "0.log"), text);
    await writeFile(path.join(root, "0.log.20261128-102200.gz"), gzipSync(text));
    const { evidence, problems } = await scanLogDir(root);
    expect(problems).toEqual([]);
    const of = (f: string) => evidence.matches.filter((m) => m.file === f).map(({ file: _f, ...rest }) => rest);
    expect(of("0.log.20261128-102200.gz")).toEqual(of("0.log"));
    expect(of("0.log")).toHaveLength(3);
  });

  it("recognises gzip by its magic bytes, whatever the file is called", async () => {
    const root = await freshRoot("gz-noext");
    await writeFile(path.join(root, "kubelet"), gzipSync(`${DENIED}\n`));
    const { evidence } = await scanLogDir(root);
    expect(evidence.matches.map((m) => m.patternId)).toEqual(["sts.web_identity_access_denied"]);
  });

  it("reports a truncated gzip file and keeps the lines read before the damage", async () => {
    const root = await freshRoot("gz-corrupt");
    const body = Array.from(
      { length: 4000 },
      (_, i) => `${i} ${i % 1000 === 0 ? DENIED : "ordinary line with some padding text to make the file longer"}`,
    ).join("\n");
    const gz = gzipSync(body);
    await writeFile(path.join(root, "app.log.gz"), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const { evidence, problems } = await scanLogDir(root);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.source).toBe("app.log.gz");
    expect(problems[0]!.message).toMatch(/gzip data is corrupt or truncated/);
    expect(evidence.counts["sts.web_identity_access_denied"]).toBeGreaterThan(0);
    expect(evidence.files).toEqual(["app.log.gz"]);
  });
});

describe("binary files", () => {
  it("skips images silently, and reports a binary .log, an archive and a systemd journal", async () => {
    const root = await freshRoot("binary");
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await writeFile(path.join(root, "screenshot.png"), junk);
    await writeFile(path.join(root, "app.log"), junk);
    await writeFile(path.join(root, "system@0001.journal"), junk);
    await writeFile(path.join(root, "more-logs.tar.gz"), gzipSync(junk));
    await writeFile(path.join(root, "ok.txt"), `${DENIED}\n`);
    const { evidence, problems } = await scanLogDir(root);
    expect(evidence.files).toEqual(["ok.txt"]);
    expect(problems.map((p) => p.source)).toEqual(["app.log", "more-logs.tar.gz", "system@0001.journal"]);
    expect(problems[0]!.message).toMatch(/binary content/);
    expect(problems[1]!.message).toMatch(/archive: not scanned/);
    expect(problems[2]!.message).toMatch(/journalctl/);
  });

  it("reports a gzip whose content is binary", async () => {
    const root = await freshRoot("binary-gz");
    await writeFile(path.join(root, "core.gz"), gzipSync(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1])));
    const { problems, evidence } = await scanLogDir(root);
    expect(problems.map((p) => p.source)).toEqual(["core.gz"]);
    expect(evidence.files).toEqual([]);
  });
});

describe("long lines and hostile input", () => {
  it("matches the start of a 1 MB line, says it was truncated, and keeps counting lines after it", async () => {
    const root = await freshRoot("long");
    const long = `${DENIED} ${"x".repeat(1024 * 1024)}`;
    const hidden = `${"y".repeat(70 * 1024)} ${DENIED}`;
    await writeFile(path.join(root, "app.log"), `${long}\n${hidden}\n${DENIED}\n`);
    const { evidence, problems } = await scanLogDir(root);
    expect(evidence.matches.map((m) => m.line)).toEqual([1, 3]);
    expect(evidence.matches[0]!.text.length).toBeLessThanOrEqual(500);
    expect(evidence.matches[0]!.text).toMatch(/only its beginning was read/);
    expect(problems).toEqual([
      { source: "app.log", message: expect.stringMatching(/^2 line\(s\) longer than 65536 characters .*first at line 1/) },
    ]);
  });

  it("centres the 500-character excerpt of a long line on the match", async () => {
    const root = await freshRoot("excerpt");
    await writeFile(path.join(root, "app.log"), `{"trace":"${"t".repeat(3000)}","error":"${DENIED}","more":"${"m".repeat(3000)}"}\n`);
    const [m] = (await scanLogDir(root)).evidence.matches;
    expect(m!.text.length).toBeLessThanOrEqual(500);
    expect(m!.text.startsWith("…")).toBe(true);
    expect(m!.text.endsWith("…")).toBe(true);
    expect(m!.text).toContain("Not authorized to perform sts:AssumeRoleWithWebIdentity");
  });

  it("finishes on lines built to make backtracking engines explode", async () => {
    const root = await freshRoot("redos");
    const lines = [
      `${"a".repeat(60_000)}!`,
      `AssumeRoleWithWebIdentity ${"Not authorized to perform ".repeat(2000)}!`,
      `User: arn:aws:sts::111122223333:assumed-role/${"a-".repeat(20_000)}`,
      `${"timed ".repeat(5000)}timed out 169.254.170.23`,
      `sts.${"a.".repeat(20_000)}amazonaws.co`,
      `eyJ${"a".repeat(30_000)}.${"b".repeat(20_000)}`,
      `serviceaccount/token ${"no such file ".repeat(4000)}`,
    ];
    await writeFile(path.join(root, "evil.log"), `${lines.join("\n")}\n`);
    const { evidence } = await scanLogDir(root);
    expect(evidence.files).toEqual(["evil.log"]);
    expect(evidence.counts["sts.web_identity_access_denied"]).toBeUndefined();
    expect(evidence.counts["pod_identity.agent_timeout"]).toBe(1);
  });
});

describe("bounded samples", () => {
  it("keeps the first and last ten of 100 repeats in a file but counts all 100", async () => {
    const root = await freshRoot("cap");
    const body = Array.from(
      { length: 100 },
      (_, i) => `2026-11-28T10:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z ${DENIED}`,
    );
    await writeFile(path.join(root, "a.log"), `${body.join("\n")}\n`);
    await writeFile(path.join(root, "b.log"), `${DENIED}\n`);
    const { evidence } = await scanLogDir(root);
    expect(evidence.counts["sts.web_identity_access_denied"]).toBe(101);
    const lines = evidence.matches.filter((m) => m.file === "a.log").map((m) => m.line);
    expect(lines).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100]);
    expect(evidence.matches.filter((m) => m.file === "b.log")).toHaveLength(1);
  });

  it("honours a smaller budget", async () => {
    const root = await freshRoot("cap-small");
    await writeFile(path.join(root, "a.log"), `${Array(9).fill(DENIED).join("\n")}\n`);
    const { evidence } = await scanLogDir(root, { maxMatchesPerPatternAndFile: 3 });
    expect(evidence.matches.map((m) => m.line)).toEqual([1, 2, 9]);
    expect(evidence.counts["sts.web_identity_access_denied"]).toBe(9);
  });
});

describe("the logs root", () => {
  it("lists an empty file as read, and handles CRLF line ends", async () => {
    const root = await freshRoot("crlf");
    await writeFile(path.join(root, "empty.log"), "");
    await writeFile(path.join(root, "win.log"), `first\r\n${DENIED}\r\n`);
    const { evidence } = await scanLogDir(root);
    expect(evidence.files).toEqual(["empty.log", "win.log"]);
    expect(evidence.matches[0]).toMatchObject({ file: "win.log", line: 2, text: DENIED });
  });

  it("does not follow symbolic links: inside the root silently, outside or dangling with a problem", async () => {
    const root = await freshRoot("links");
    await mkdir(path.join(root, "pods"), { recursive: true });
    await writeFile(path.join(root, "pods", "0.log"), `${DENIED}\n`);
    await writeFile(at("outside.log"), `${DENIED}\n`);
    await symlink(path.join(root, "pods", "0.log"), path.join(root, "containers.log"));
    await symlink(at("outside.log"), path.join(root, "escape.log"));
    await symlink(path.join(root, "nowhere.log"), path.join(root, "dangling.log"));
    const { evidence, problems } = await scanLogDir(root);
    expect(evidence.files).toEqual(["pods/0.log"]);
    expect(problems.map((p) => p.source)).toEqual(["dangling.log", "escape.log"]);
    expect(problems[1]!.message).toMatch(/outside the logs directory/);
  });

  it("reports a missing root as a problem instead of throwing", async () => {
    const { evidence, problems } = await scanLogDir(at("does-not-exist"));
    expect(evidence).toEqual({ files: [], matches: [], counts: {} });
    expect(problems[0]!.message).toMatch(/does not exist: pass the directory/);
  });

  it("scans a single file given as the root", async () => {
    const root = await freshRoot("single");
    await writeFile(path.join(root, "only.log"), `${DENIED}\n`);
    const { evidence } = await scanLogDir(path.join(root, "only.log"));
    expect(evidence.files).toEqual(["only.log"]);
    expect(evidence.counts).toEqual({ "sts.web_identity_access_denied": 1 });
  });
});

describe("scanLines (live pod logs)", () => {
  it("scans an array of lines under the given source name", async () => {
    const { evidence, problems } = await scanLines("pod/shop/orders-api-7d9f8c6b5-x2k4q/orders-api", [
      "starting",
      DENIED,
      "Unable to locate credentials",
    ]);
    expect(problems).toEqual([]);
    expect(evidence.files).toEqual(["pod/shop/orders-api-7d9f8c6b5-x2k4q/orders-api"]);
    expect(evidence.matches.map((m) => `${m.line}:${m.patternId}`)).toEqual([
      "2:sts.web_identity_access_denied",
      "3:creds.python_unable_to_locate",
    ]);
  });

  it("scans an async stream, splits embedded newlines and caps long lines", async () => {
    async function* tail() {
      yield "2026-11-28T10:00:00Z one\n2026-11-28T10:00:01Z two";
      yield `${DENIED}${"z".repeat(70_000)}`;
    }
    const { evidence, problems } = await scanLines("pod/shop/x/app", tail());
    expect(evidence.matches.map((m) => m.line)).toEqual([3]);
    expect(problems[0]!.message).toMatch(/1 line\(s\) longer than 65536/);
  });

  it("reports a stream that fails part-way and keeps what it read", async () => {
    async function* broken() {
      yield DENIED;
      throw new Error("connection reset by kube-apiserver");
    }
    const { evidence, problems } = await scanLines("pod/shop/x/app", broken());
    expect(evidence.counts).toEqual({ "sts.web_identity_access_denied": 1 });
    expect(problems[0]!.message).toMatch(/stopped after line 1: connection reset/);
  });

  it("merges several containers into one evidence through a shared scanner", async () => {
    const scanner = new LogScanner();
    expect(await addLines(scanner, "pod/shop/b/app", [DENIED])).toEqual([]);
    expect(await addLines(scanner, "pod/shop/a/app", ["ok", DENIED])).toEqual([]);
    const evidence = scanner.result();
    expect(evidence.files).toEqual(["pod/shop/a/app", "pod/shop/b/app"]);
    expect(evidence.matches.map((m) => `${m.file}:${m.line}`)).toEqual(["pod/shop/a/app:2", "pod/shop/b/app:1"]);
    expect(evidence.counts).toEqual({ "sts.web_identity_access_denied": 2 });
  });
});
