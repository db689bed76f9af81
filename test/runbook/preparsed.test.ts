// The runbooks parsed at build time (dist/runbook/preparsed.json, scripts/preparse-runbooks.mjs): each is
// what the parser makes of the shipped file now, key for key; the loader takes a runbook from them only when
// the file's text is exactly the parsed text, and parses an edited file itself.
// Needs `npm run build` first (npm test does it).

import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundledRunbooksDir, loadRunbooks, parseRunbook } from "../../src/runbook/index.js";
import type { PreparsedRunbooks } from "../../src/runbook/load.js";
import { REPO_ROOT } from "../mcp/support/harness.js";

const SHIPPED = join(REPO_ROOT, "dist", "runbook", "preparsed.json");

function shipped(): PreparsedRunbooks {
  try {
    return JSON.parse(readFileSync(SHIPPED, "utf8")) as PreparsedRunbooks;
  } catch {
    throw new Error(`${SHIPPED} is missing: run \`npm run build\` first (npm test does it).`);
  }
}

const scratch = mkdtempSync(join(tmpdir(), "irsa-doctor-preparsed-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("pre-parsed runbooks", () => {
  it("hold every shipped runbook exactly as the parser reads it now, key order included", () => {
    const dir = bundledRunbooksDir();
    const names = readdirSync(dir).filter((f) => f.endsWith(".md"));
    const { runbooks } = shipped();
    expect(runbooks.map((r) => r.markdown).sort()).toEqual(names.map((n) => readFileSync(join(dir, n), "utf8")).sort());
    for (const runbook of runbooks) {
      const parsed = parseRunbook(runbook.markdown, "any/file.md");
      expect("runbook" in parsed && JSON.stringify(parsed.runbook)).toBe(JSON.stringify({ ...runbook, file: "any/file.md" }));
    }
  });

  it("load the shipped folder to the same set as parsing it", async () => {
    const folders = [bundledRunbooksDir()];
    const fast = await loadRunbooks(folders, { preparsed: shipped() });
    const slow = await loadRunbooks(folders, { preparsed: null });
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
    expect(fast.runbooks[0]?.file).toBe(
      join(
        folders[0]!,
        readdirSync(folders[0]!).find((f) => f.endsWith(".md"))!,
      ),
    );
  });

  it("are used for a file of the same text, and an edited file is parsed instead", async () => {
    const marked: PreparsedRunbooks = { runbooks: shipped().runbooks.map((r) => ({ ...r, title: `${r.title} (pre-parsed)` })) };
    cpSync(bundledRunbooksDir(), join(scratch, "same"), { recursive: true });
    const same = await loadRunbooks([join(scratch, "same")], { preparsed: marked });
    expect(same.runbooks.map((r) => r.title).every((t) => t.endsWith("(pre-parsed)"))).toBe(true);

    cpSync(bundledRunbooksDir(), join(scratch, "edited"), { recursive: true });
    for (const name of readdirSync(join(scratch, "edited"))) {
      const file = join(scratch, "edited", name);
      writeFileSync(file, `${readFileSync(file, "utf8")}\n<!-- edited -->\n`);
    }
    const edited = await loadRunbooks([join(scratch, "edited")], { preparsed: marked });
    expect(edited.errors).toEqual([]);
    expect(edited.runbooks.length).toBe(marked.runbooks.length);
    expect(edited.runbooks.some((r) => r.title.endsWith("(pre-parsed)"))).toBe(false);
  });

  it("sit where the built loader looks for them", async () => {
    const built = (await import(join(REPO_ROOT, "dist", "runbook", "load.js"))) as { PREPARSED_RUNBOOKS_URL: URL };
    expect(fileURLToPath(built.PREPARSED_RUNBOOKS_URL)).toBe(SHIPPED);
  });
});
