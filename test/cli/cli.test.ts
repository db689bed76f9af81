// The CLI in-process (runCli with captured output): commands, flags, help, usage errors and exit codes.

import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./in-process.js";
import { BROKEN_RUNBOOKS, GOOD_RUNBOOKS, H2_ID, REPO_ROOT, T1_ID } from "../mcp/support/harness.js";

describe("irsa-doctor runbooks", () => {
  it("lists the bundled runbook with severity, status, phases and its path relative to the cwd", async () => {
    const { code, stdout, stderr } = await cli(["runbooks"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(new RegExp(`^1 runbook\\(s\\):\\n${H2_ID}  HIGH  active  H2 — IRSA / Pod Identity Confusion\\n`));
    expect(stdout).toContain("phases: Triage, Enrich, Report; file: runbooks/h2-irsa-pod-identity.md");
  });

  it("--json prints what list_runbooks returns", async () => {
    const { code, stdout } = await cli(["runbooks", "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { runbooks: Array<Record<string, unknown>>; errors: unknown[] };
    expect(parsed.errors).toEqual([]);
    expect(Object.keys(parsed.runbooks[0] ?? {})).toEqual(["id", "title", "description", "severity", "status", "phases", "file"]);
    expect(parsed.runbooks[0]?.["file"]).toBe(join(REPO_ROOT, "runbooks/h2-irsa-pod-identity.md"));
  });

  it("lists runbook problems on stderr with file:line and still exits 0 when some runbook loaded", async () => {
    const { code, stdout, stderr } = await cli(["runbooks", "--runbooks", BROKEN_RUNBOOKS, "--json"]);
    expect(code).toBe(0);
    expect(stderr).toContain("irsa-doctor: 2 runbook problem(s); the files below were not loaded:");
    expect(stderr).toContain('  test/mcp/runbooks/broken/no-title.md:1: missing required frontmatter field "title"');
    expect(stderr).toMatch(/ {2}test\/mcp\/runbooks\/broken\/bad-trigger\.md:7: trigger/);
    expect((JSON.parse(stdout) as { errors: unknown[] }).errors).toHaveLength(2);
  });

  it("adds folders from IRSA_DOCTOR_RUNBOOKS (path-delimiter separated) and relative --runbooks paths", async () => {
    const fromEnv = await cli(["runbooks", "--json"], { env: { IRSA_DOCTOR_RUNBOOKS: [GOOD_RUNBOOKS, BROKEN_RUNBOOKS].join(delimiter) } });
    const parsed = JSON.parse(fromEnv.stdout) as { runbooks: Array<{ id: string }>; errors: unknown[] };
    expect(parsed.runbooks.map((r) => r.id)).toEqual([H2_ID, T1_ID]);
    expect(parsed.errors).toHaveLength(2);
    const relative = await cli(["runbooks", "--runbooks", "runbooks/good"], { cwd: join(REPO_ROOT, "test/mcp") });
    expect(relative.stdout).toContain(T1_ID);
  });

  it("--id shows one runbook parsed, with its steps and the tools they call", async () => {
    const { code, stdout } = await cli(["runbooks", "--id", H2_ID]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^H2 — IRSA \/ Pod Identity Confusion\n {2}id: h2-irsa-pod-identity-confusion {3}severity: HIGH/);
    expect(stdout).toContain("Phase 1: Triage\n");
    expect(stdout).toContain("    tool: read_k8s_resource (clusterName, kind=Pod, apiVersion=v1, namespace=<namespace>, name=<pod-name>)");
    expect(stdout).toContain("  RED: Modify IAM trust policy");
  });

  it("--id --json prints the parsed runbook without its markdown", async () => {
    const parsed = JSON.parse((await cli(["runbooks", "--id", H2_ID, "--json"])).stdout) as Record<string, unknown>;
    expect(parsed["id"]).toBe(H2_ID);
    expect(parsed).not.toHaveProperty("markdown");
    expect((parsed["phases"] as unknown[]).length).toBe(3);
  });

  it("--id with an unknown id exits 1 and lists the known ids", async () => {
    const { code, stdout, stderr } = await cli(["runbooks", "--id", "h9"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`irsa-doctor runbooks: No runbook with id "h9". Known runbook ids: ${H2_ID}.\n`);
  });
});

describe("usage", () => {
  it("--help lists the commands and exits 0", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /Commands:\n {2}diagnose +Diagnose a pod's AWS credentials.*\n {2}serve +Run the MCP server over stdio.*\n(.*\n)* {2}runbooks +List the runbooks/,
    );
  });

  it.each([
    ["runbooks", "--id ID"],
    ["serve", "--log-level LEVEL"],
  ])("%s --help shows its options", async (command, option) => {
    const { code, stdout } = await cli([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: irsa-doctor ${command}`);
    expect(stdout).toContain(option);
    expect(stdout).toContain("IRSA_DOCTOR_RUNBOOKS");
    expect((await cli(["help", command])).stdout).toBe(stdout);
  });

  it("an unknown command exits 2 and says what to type", async () => {
    const { code, stderr } = await cli(["diagnose-all"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'irsa-doctor: unknown command "diagnose-all". Commands: diagnose, serve, phase, snapshot, emulate, runbooks, causes, audit. Type `irsa-doctor --help` for usage.\n',
    );
  });

  it.each([
    [["runbooks", "--bogus"], "irsa-doctor runbooks: unknown option --bogus."],
    [["runbooks", "--id"], "irsa-doctor runbooks: Option '--id <value>' argument missing."],
    [["runbooks", "extra"], 'irsa-doctor runbooks: unexpected argument "extra" (this command takes options only).'],
  ])("%j exits 2 with the usage", async (argv, message) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `${message}\nUsage: irsa-doctor runbooks [--id ID] [--json] [--runbooks DIR]...\nType \`irsa-doctor runbooks --help\` for the options.\n`,
    );
  });

  it("serve rejects an unknown log level before serving", async () => {
    const { code, stderr } = await cli(["serve", "--log-level", "loud"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--log-level takes debug, info, warn or error");
  });

  it("no command at a terminal exits 2 with the help on stderr", async () => {
    const { code, stdout, stderr } = await cli([], { tty: true });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^irsa-doctor: no command given\.\n\nirsa-doctor: diagnose/);
  });

  it("--version prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect((await cli(["--version"])).stdout).toBe(`${version}\n`);
  });
});
