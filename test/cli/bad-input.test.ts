// The CLI on bad input (issue 9): each mistake gets its exit code and a sentence naming what to fix — 2 for
// bad usage, 1 when the command ran but could not do its work, 0 with the report when only some files of a
// bundle are bad — and never a stack trace or a terminal escape sequence from the bundle.

import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./in-process.js";
import { REPO_ROOT } from "../mcp/support/harness.js";

const SCENARIO = join(REPO_ROOT, "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace");
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "irsa-doctor-cli-bad-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copyOfScenario(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(SCENARIO, dir, { recursive: true });
  return dir;
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

describe("exit 2: bad usage, with a sentence naming what to fix", () => {
  it("a mistyped --runbooks folder names it instead of being ignored", async () => {
    for (const command of [["runbooks"], ["diagnose", "--snapshot", SCENARIO], ["serve"]]) {
      const { code, stderr, stdout } = await cli([...command, "--runbooks", "runboks"]);
      expect(code, command.join(" ")).toBe(2);
      expect(stderr).toContain(
        `runbook folder ${join(REPO_ROOT, "runboks")} (from --runbooks or IRSA_DOCTOR_RUNBOOKS) does not exist or is not a folder: check the path.`,
      );
      expect(stdout).toBe("");
    }
  });

  it("a missing folder in IRSA_DOCTOR_RUNBOOKS too", async () => {
    const { code, stderr } = await cli(["runbooks"], { env: { IRSA_DOCTOR_RUNBOOKS: "/nonexistent/runbooks" } });
    expect(code).toBe(2);
    expect(stderr).toContain("/nonexistent/runbooks");
  });

  it("--port 99999", async () => {
    const { code, stderr } = await cli(["emulate", "--snapshot", SCENARIO, "--port", "99999"]);
    expect(code).toBe(2);
    expect(stderr).toBe("irsa-doctor emulate: --port takes a port from 1 to 65535, not 99999.\n");
  });

  it("a namespace or pod name Kubernetes would not accept", async () => {
    const ns = await cli(["diagnose", "--namespace", "Bad_NS", "--pod", "x"]);
    expect(ns.code).toBe(2);
    expect(ns.stderr).toContain(
      "--namespace takes a Kubernetes namespace name (lowercase letters, digits and '-', at most 63), not \"Bad_NS\"",
    );
    const pod = await cli(["snapshot", "--namespace", "payments", "--pod", "../etc", "--out", join(work, "never")]);
    expect(pod.code).toBe(2);
    expect(pod.stderr).toContain("--pod takes a Kubernetes name");
  });

  it("--kubeconfig /dev/zero is refused at once instead of read without end", async () => {
    const started = Date.now();
    const { code, stderr } = await cli(["diagnose", "--namespace", "payments", "--pod", "x", "--kubeconfig", "/dev/zero"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--kubeconfig /dev/zero is a device, not a kubeconfig file");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a FIFO named by KUBECONFIG is refused without opening it", async () => {
    const fifo = join(work, "kubeconfig.fifo");
    execFileSync("mkfifo", [fifo]);
    const { code, stderr } = await cli(["diagnose", "--namespace", "payments", "--pod", "x"], { env: { KUBECONFIG: fifo } });
    expect(code).toBe(2);
    expect(stderr).toContain(`KUBECONFIG ${fifo} is a FIFO (named pipe), not a kubeconfig file`);
  });
});

describe("runbook folders", () => {
  it("a runbook over 512 KB is listed as a problem unread, quickly; the bundled one still loads", async () => {
    const dir = join(work, "big-runbooks");
    await mkdir(dir);
    await writeFile(join(dir, "huge.md"), `---\ntitle: Huge\n---\n${"x".repeat(600 * 1024)}\n`);
    execFileSync("mkfifo", [join(dir, "pipe.md")]);
    const started = Date.now();
    const { code, stderr, stdout } = await cli(["runbooks", "--runbooks", dir]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(0);
    expect(stdout).toContain("h2-irsa-pod-identity-confusion");
    expect(stderr).toContain("the runbook is larger than 512 KB: not read (a runbook is a few KB; split it)");
  });
});

describe("exit 1: the command ran but could not do its work", () => {
  it("snapshot --out naming an existing file: a sentence, before any collection, no stack trace", async () => {
    const file = join(work, "existing.txt");
    await writeFile(file, "keep me\n");
    const { code, stderr, stdout } = await cli(["snapshot", "--namespace", "payments", "--pod", "x", "--out", file]);
    expect(code).toBe(1);
    expect(stderr).toBe(`irsa-doctor snapshot: --out ${file} exists and is not a folder — pass a new or empty folder.\n`);
    expect(stdout).toBe("");
  });

  it("a FIFO as target.yaml: refused at once, not a hang", async () => {
    const dir = await copyOfScenario("fifo-target");
    await rm(join(dir, "target.yaml"));
    execFileSync("mkfifo", [join(dir, "target.yaml")]);
    const { code, stderr } = await cli(["diagnose", "--snapshot", dir]);
    expect(code).toBe(1);
    expect(stderr).toContain("target.yaml in");
    expect(stderr).toContain("is a FIFO (named pipe): only regular files are read");
    noStack(stderr);
  });
});

describe("exit 0: bad files are warnings, the report is printed", () => {
  it("a pod file with env as an object and a truncated role file: warnings naming file and field, report on stdout", async () => {
    const dir = await copyOfScenario("bad-files");
    await writeFile(
      join(dir, "k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml"),
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "payments-api-7d9c8b6f5-x2k4q", namespace: "payments" },
        spec: { containers: [{ name: "app", env: { AWS_ROLE_ARN: "x" } }] },
      }),
    );
    await writeFile(join(dir, "aws/iam-get-role-payments-api-irsa.json"), '{"Role": {"RoleName": "payments-api-irsa", "Arn": ');
    const { code, stdout, stderr } = await cli(["diagnose", "--snapshot", dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^root_cause: /);
    expect(stderr).toContain(
      "warning: k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml: the document: Pod payments-api-7d9c8b6f5-x2k4q: field spec.containers[0].env is an object, expected an array; not read",
    );
    expect(stderr).toMatch(/warning: aws\/iam-get-role-payments-api-irsa\.json: not valid JSON: it ends early at line 1 \(truncated\?\)/);
    expect(stderr).not.toContain("(not used)");
    noStack(stderr);
  });

  it("an ANSI escape in a bundle's file name reaches the terminal escaped", async () => {
    const dir = await copyOfScenario("ansi");
    await writeFile(join(dir, "k8s/\u001b[2J\u001b[Hpwned.json"), "{");
    const { code, stderr } = await cli(["diagnose", "--snapshot", dir]);
    expect(code).toBe(0);
    expect(stderr).not.toContain("\u001b");
    expect(stderr).toContain("warning: k8s/\\u001b[2J\\u001b[Hpwned.json: not valid JSON");
  });
});
