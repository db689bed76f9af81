// Golden files for the tool schemas: test/golden/tool-schemas/<tool>.json holds each tool's tools/list entry
// (name, title, description, annotations, input and output JSON Schema) exactly as the server puts it on the
// wire (the SDK client would reorder keys when it parses them, so the listing is taken from the server). A schema
// change fails here until its golden file is updated on purpose:
//
//   UPDATE_GOLDEN=1 npx vitest run test/mcp/tool-schemas.golden.test.ts
//
// then review the diff of test/golden/tool-schemas/ and commit it with the change.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInMemory, type Harness } from "./support/harness.js";
import { allTools } from "../../src/mcp/tools/index.js";

const GOLDEN_DIR = new URL("../golden/tool-schemas/", import.meta.url);
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

let h: Harness;
let tools: Array<{ name: string }>;
beforeAll(async () => {
  h = await startInMemory();
  tools = h.server.listTools();
});
afterAll(async () => {
  await h.close();
});

describe("tool schema golden files", () => {
  it("cover the whole registry", () => {
    expect(tools.map((tool) => tool.name)).toEqual(allTools.map((tool) => tool.name));
  });

  it("match every tool's tools/list entry (UPDATE_GOLDEN=1 rewrites them)", () => {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    for (const tool of tools) {
      const file = new URL(`${tool.name}.json`, GOLDEN_DIR);
      const actual = JSON.stringify(tool, null, 2) + "\n";
      if (UPDATE) writeFileSync(file, actual);
      expect(existsSync(file), `no golden file for ${tool.name}: run UPDATE_GOLDEN=1 (see this test's header)`).toBe(true);
      expect(actual, `${tool.name}'s schema changed: update its golden file on purpose`).toBe(readFileSync(file, "utf8"));
    }
  });

  it("have no file for a tool that no longer exists", () => {
    const names = new Set(tools.map((tool) => `${tool.name}.json`));
    const stale = readdirSync(GOLDEN_DIR).filter((file) => file.endsWith(".json") && !names.has(file));
    expect(stale, "delete golden files of removed tools").toEqual([]);
  });
});
