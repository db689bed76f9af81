// `irsa-doctor causes` and the README's cause table, both generated from src/causes.ts: the README section
// must equal what the module generates (UPDATE_GOLDEN=1 rewrites it), so a new cause cannot be left out.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CAUSES } from "../../src/causes.js";
import { cli } from "./in-process.js";
import { CAUSES_BEGIN, CAUSES_END, causesMarkdown } from "../../src/cli/causes-text.js";
import { REPO_ROOT } from "../mcp/support/harness.js";

describe("irsa-doctor causes", () => {
  it("prints one line per cause with its title, in the module's order", async () => {
    const { code, stdout, stderr } = await cli(["causes"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`${CAUSES.length} cause(s), and the outcomes healthy and inconclusive:`);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(CAUSES.map((c) => c.id));
    expect(stdout).toMatch(/^trust_policy\.subject_mismatch +\S.*$/m);
  });

  it("--json carries category, title and description of every cause", async () => {
    const { code, stdout } = await cli(["causes", "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { causes: Array<Record<string, unknown>>; outcomes: string[] };
    expect(parsed.outcomes).toEqual(["healthy", "inconclusive"]);
    expect(parsed.causes.map((c) => c["id"])).toEqual(CAUSES.map((c) => c.id));
    expect(parsed.causes.find((c) => c["id"] === "token.expired")).toMatchObject({ category: "token", log_only: false });
    for (const c of parsed.causes) expect(String(c["description"])).toMatch(/\.\s*$/);
  });

  it("refuses an unknown option with usage", async () => {
    const { code, stderr } = await cli(["causes", "--bogus"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: irsa-doctor causes [--json]");
  });
});

describe("README: Causes it names", () => {
  it("is the table generated from src/causes.ts", () => {
    const file = join(REPO_ROOT, "README.md");
    const readme = readFileSync(file, "utf8");
    const begin = readme.indexOf(CAUSES_BEGIN);
    const end = readme.indexOf(CAUSES_END);
    expect(begin, "README.md lacks the causes:begin marker").toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(begin);
    const current = readme.slice(begin, end + CAUSES_END.length);
    if (process.env["UPDATE_GOLDEN"] === "1" && current !== causesMarkdown()) {
      writeFileSync(file, readme.slice(0, begin) + causesMarkdown() + readme.slice(end + CAUSES_END.length));
      return;
    }
    expect(current).toBe(causesMarkdown());
  });
});
