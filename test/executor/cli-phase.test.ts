// `irsa-doctor phase`, run in-process with captured output: readable steps (and the report for the report
// phase), --json matching the irsa_<phase> tool's output schema, progress on stderr only, and usage errors.

import { join } from "node:path";
import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { phaseCommand } from "../../src/cli/commands/phase.js";
import type { CliIo } from "../../src/cli/io.js";
import { EXIT } from "../../src/cli/io.js";
import { phaseOutput } from "../../src/mcp/tools/irsa-phase.js";
import { SCENARIOS } from "./helpers.js";

const SCENARIO = join(SCENARIOS, "oidc_provider.missing--never-created");

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd: process.cwd(), stdinIsTTY: true };
  // Parsed as the CLI dispatcher parses it (src/cli/run.ts): strict, with the command's own positional rule.
  const parsed = parseArgs({
    args: argv,
    options: phaseCommand.options,
    strict: true,
    allowPositionals: phaseCommand.allowPositionals ?? false,
  });
  const code = await phaseCommand.run(parsed, io);
  return { code, stdout, stderr };
}

describe("irsa-doctor phase", () => {
  it("prints each triage step with its level, status, tool and what it found", async () => {
    const { code, stdout, stderr } = await run(["triage", "--snapshot", SCENARIO]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^H2 — IRSA \/ Pod Identity Confusion — phase 1 Triage — diagnosis D-[0-9a-f]{8}\n/);
    expect(stdout).toContain(" 1. FIRST  done          list_k8s_resources  (line 19)");
    expect(stdout).toMatch(
      / 7\. MUST {3}done {10}errors \[GREEN\] {2}\(line 27\)\n .*\n {5}→ 1 finding at severity high or worse: F-001 sts\.no_oidc_provider ×1\n/,
    );
    expect(stdout).toMatch(/12 steps: 12 done, 0 not available, 0 skipped, 0 operator action\(s\) \(never performed\)\n$/);
    expect(stderr).toMatch(
      /^irsa-doctor phase: collect: gathering evidence from .*\nirsa-doctor phase: collect: evidence gathered; diagnosis D-/,
    );
  });

  it("the report phase prints its operator actions and then the YAML report", async () => {
    const { code, stdout } = await run(["report", "--snapshot", SCENARIO]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/OPERATOR .*\n.*Operator action — not available via MCP tools/);
    expect(stdout).toContain("- [YELLOW] Create the IAM OIDC provider");
    expect(stdout).toMatch(/\nReport:\n\nroot_cause: .*\n[\s\S]*cause_id: oidc_provider.missing\n/);
  });

  it("--json prints the irsa_enrich answer, valid against the tool's output schema", async () => {
    const { code, stdout } = await run(["enrich", "--snapshot", SCENARIO, "--json"]);
    expect(code).toBe(EXIT.ok);
    const answer = phaseOutput.parse(JSON.parse(stdout));
    expect(answer.phase).toEqual({ number: 2, name: "Enrich" });
    expect(answer.counts.not_available).toBe(2);
  });

  it.each([
    [[], /name one phase: triage, enrich or report\./],
    [["investigate", "--snapshot", SCENARIO], /name one phase: triage, enrich or report \(got "investigate"\)/],
    [["triage"], /Say what to diagnose: .*\nOn the command line: --snapshot, --namespace, --pod, --service-account/],
    [["triage", "--snapshot", SCENARIO, "--pod", "p"], /either snapshot or a live target, not both/],
  ])("%j is a usage error (exit 2) that says what to type", async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("a snapshot folder that does not exist fails with exit 1 and the loader's message", async () => {
    const { code, stderr } = await run(["triage", "--snapshot", "/nonexistent/irsa-snapshot"]);
    expect(code).toBe(EXIT.failed);
    expect(stderr).toMatch(/irsa-doctor phase: snapshot: snapshot directory \/nonexistent\/irsa-snapshot does not exist/);
  });
});
