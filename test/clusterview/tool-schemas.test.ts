// Pins the cluster tools' tools/list entries to their golden files in test/golden/tool-schemas/ (the
// same files, byte for byte, that test/mcp/tool-schemas.golden.test.ts checks once the tools are in the
// registry). A schema change fails here until the file is updated on purpose:
//
//   UPDATE_GOLDEN=1 npx vitest run test/clusterview/tool-schemas.test.ts

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toolListing } from "../../src/mcp/tool-adapter.js";
import { CLUSTER_TOOLS } from "./helpers.js";

const GOLDEN_DIR = new URL("../golden/tool-schemas/", import.meta.url);
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

describe("cluster tool schema golden files", () => {
  it.each(toolListing(CLUSTER_TOOLS).map((entry) => [entry.name, entry] as const))("%s matches its golden file", (name, entry) => {
    const file = new URL(`${name}.json`, GOLDEN_DIR);
    const actual = JSON.stringify(entry, null, 2) + "\n";
    if (UPDATE) writeFileSync(file, actual);
    expect(existsSync(file), `no golden file for ${name}: run UPDATE_GOLDEN=1 (see this test's header)`).toBe(true);
    expect(actual, `${name}'s schema changed: update its golden file on purpose`).toBe(readFileSync(file, "utf8"));
  });

  it("declares every cluster tool read-only and open-world, with object schemas both ways", () => {
    for (const entry of toolListing(CLUSTER_TOOLS)) {
      expect(entry.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
      expect(entry.inputSchema.type).toBe("object");
      expect(entry.outputSchema?.type).toBe("object");
      expect(Object.keys(entry.outputSchema?.properties ?? {})).toContain("safety_rating");
    }
  });
});
