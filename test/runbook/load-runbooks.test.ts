// Loading directories: good runbooks load complete while broken ones are reported with file, line and
// what is wrong; duplicate ids across directories; the bundled runbooks directory.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BROKEN, FIXTURES, ROOT, lineOf, parseFile } from "./helpers.js";
import { bundledRunbooksDir, loadRunbooks, parseRunbook, type RunbookError } from "../../src/runbook/index.js";

const brokenFile = (name: string): string => join(BROKEN, name);
const errorsOf = (errors: RunbookError[], name: string): RunbookError[] => errors.filter((e) => e.file === brokenFile(name));

describe("loading a folder of good and bad runbooks", async () => {
  const set = await loadRunbooks([FIXTURES, BROKEN]);

  it("loads every good runbook complete, sorted by id, the first of a duplicate id kept", () => {
    expect(set.runbooks.map((r) => [r.id, r.file])).toEqual([
      ["a2-dns-resolution-failures", join(FIXTURES, "a2-dns-resolution-failures.md")],
      ["a2-node-not-ready", join(FIXTURES, "a2-node-not-ready.md")],
      ["i1-imds-unreachable", brokenFile("i1-imds-unreachable.md")],
      ["t1-pathological-trigger-patterns", join(FIXTURES, "t1-pathological-triggers.md")],
    ]);
    const loaded = set.runbooks.find((r) => r.id === "a2-node-not-ready")!;
    expect(loaded).toEqual(parseFile(join(FIXTURES, "a2-node-not-ready.md")));
    expect(loaded.phases).toHaveLength(4);
  });

  it("does not recurse into subfolders and skips files that are not *.md", () => {
    const fromTopOnly = set.runbooks.filter((r) => r.file.startsWith(`${FIXTURES}/`) && !r.file.startsWith(`${BROKEN}/`));
    expect(fromTopOnly.map((r) => r.id)).toEqual(["a2-dns-resolution-failures", "a2-node-not-ready", "t1-pathological-trigger-patterns"]);
    expect(set.errors.some((e) => e.file.endsWith("README.txt"))).toBe(false);
  });

  it("broken YAML frontmatter: the YAML error's line", () => {
    const [error, ...rest] = errorsOf(set.errors, "broken-yaml.md");
    expect(rest).toEqual([]);
    expect(error!.line).toBe(lineOf(brokenFile("broken-yaml.md"), "status: active: but: broken"));
    expect(error!.message).toMatch(/^the frontmatter is not valid YAML: /);
  });

  it("missing required frontmatter fields: one error per field", () => {
    expect(errorsOf(set.errors, "missing-fields.md").map((e) => [e.line, e.message])).toEqual([
      [1, 'missing required frontmatter field "owner"'],
      [1, 'missing required frontmatter field "objective"'],
    ]);
  });

  it("a trigger that is not valid RE2: the trigger's own line", () => {
    const [error, ...rest] = errorsOf(set.errors, "invalid-trigger.md");
    expect(rest).toEqual([]);
    expect(error!.line).toBe(lineOf(brokenFile("invalid-trigger.md"), "(?<=Access)Denied"));
    expect(error!.message).toMatch(/trigger "\(\?<=Access\)Denied" is not a valid RE2 regular expression/);
  });

  it("no phases at all, and a phase heading with no number", () => {
    expect(errorsOf(set.errors, "no-phases.md").map((e) => [e.line, e.message])).toEqual([
      [
        lineOf(brokenFile("no-phases.md"), "## Guardrails") - 1,
        'the runbook has no phases: add at least one "## Phase <number> — <name>" section',
      ],
    ]);
    expect(errorsOf(set.errors, "phase-without-number.md").map((e) => [e.line, e.message])).toEqual([
      [
        lineOf(brokenFile("phase-without-number.md"), "## Phase — Enrich"),
        'phase heading "## Phase — Enrich" has no number: write it as "## Phase <number> — <name>"',
      ],
    ]);
  });

  it("an unclosed frontmatter, a rating without a rating word and an issue without a resolution", () => {
    expect(errorsOf(set.errors, "unclosed-frontmatter.md").map((e) => e.line)).toEqual([1]);
    expect(errorsOf(set.errors, "incomplete-sections.md").map((e) => [e.line, e.message.split(":")[0]])).toEqual([
      [lineOf(brokenFile("incomplete-sections.md"), '"collect: read-only"'), 'safety rating "collect'],
      [lineOf(brokenFile("incomplete-sections.md"), 'symptoms: "one"'), 'common issue is missing "resolution"'],
    ]);
  });

  it("a duplicate id across folders names both files and the title's line", () => {
    const [error, ...rest] = errorsOf(set.errors, "duplicate-node-not-ready.md");
    expect(rest).toEqual([]);
    expect(error!.line).toBe(lineOf(brokenFile("duplicate-node-not-ready.md"), "title:"));
    expect(error!.message).toBe(
      `duplicate runbook id "a2-node-not-ready": ${join(FIXTURES, "a2-node-not-ready.md")} already has it; give this runbook a different title`,
    );
  });

  it("errors are sorted by file then line and every one names a file", () => {
    const keys = set.errors.map((e) => `${e.file}:${String(e.line ?? 0).padStart(6, "0")}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(set.errors.map((e) => e.file)).size).toBe(8);
  });
});

describe("loading edge cases", () => {
  it("the broken folder alone is itself mixed: its two good runbooks load, its seven bad files are errors", async () => {
    const set = await loadRunbooks([BROKEN]);
    expect(set.runbooks.map((r) => [r.id, r.file])).toEqual([
      ["a2-node-not-ready", brokenFile("duplicate-node-not-ready.md")],
      ["i1-imds-unreachable", brokenFile("i1-imds-unreachable.md")],
    ]);
    expect(set.runbooks[1]!.phases[0]!.steps[0]!.command).toBe("aws ec2 describe-instances --instance-ids <id>");
    expect([...new Set(set.errors.map((e) => e.file))]).toEqual(
      [
        "broken-yaml.md",
        "incomplete-sections.md",
        "invalid-trigger.md",
        "missing-fields.md",
        "no-phases.md",
        "phase-without-number.md",
        "unclosed-frontmatter.md",
      ].map(brokenFile),
    );
    expect(set.errors.every((e) => e.line !== null && e.line >= 1)).toBe(true);
  });

  it("a missing directory is an error for that directory; the other directories still load", async () => {
    const missing = join(FIXTURES, "no-such-dir");
    const set = await loadRunbooks([missing, FIXTURES]);
    expect(set.runbooks.map((r) => r.id)).toEqual(["a2-dns-resolution-failures", "a2-node-not-ready", "t1-pathological-trigger-patterns"]);
    expect(set.errors).toHaveLength(1);
    expect(set.errors[0]).toMatchObject({ file: missing, line: null });
    expect(set.errors[0]!.message).toMatch(/^cannot read the runbook directory: ENOENT/);
  });

  it("an empty file is an error for the whole file", () => {
    expect(parseRunbook("  \n", "empty.md")).toEqual({ errors: [{ file: "empty.md", line: null, message: "the runbook file is empty" }] });
  });

  it("a file without frontmatter is reported on line 1", () => {
    const result = parseRunbook("## Phase 1 — Triage\n- x\n", "bare.md");
    expect("errors" in result && result.errors.map((e) => e.line)).toEqual([1]);
  });
});

describe("bundled runbooks", () => {
  it("bundledRunbooksDir() is <package root>/runbooks and loads H2 without errors", async () => {
    const dir = bundledRunbooksDir();
    expect(dir).toBe(join(ROOT, "runbooks"));
    expect(existsSync(join(dir, "h2-irsa-pod-identity.md"))).toBe(true);
    const set = await loadRunbooks([dir]);
    expect(set.errors).toEqual([]);
    expect(set.runbooks.map((r) => r.id)).toContain("h2-irsa-pod-identity-confusion");
  });
});
