// Rules about where code may live, checked over the source tree: the MCP SDK is imported by src/mcp/sdk.ts
// alone (so an SDK upgrade touches one file), tool modules import nothing heavy at top level, and the MCP code
// never writes to stdout except through the transport.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/harness.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(name) ? [path] : [];
  });
}

const files = (...dirs: string[]) => dirs.flatMap((dir) => sourceFiles(join(REPO_ROOT, dir)));
const rel = (path: string) => relative(REPO_ROOT, path);

describe("source layout rules", () => {
  it("only src/mcp/sdk.ts imports @modelcontextprotocol/sdk", () => {
    const importers = files("src", "test", "bench")
      .filter((file) => /(from\s+|import\s*\(\s*)["']@modelcontextprotocol\/sdk/.test(readFileSync(file, "utf8")))
      .map(rel);
    expect(importers).toEqual(["src/mcp/sdk.ts"]);
  });

  it("tool modules import only zod, types and light local modules at top level", () => {
    const offenders = files("src/mcp/tools").flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/^import (?!type )[^;]*?from "([^"]+)"/gm)]
        .map((match) => match[1]!)
        .filter((spec) => spec !== "zod" && !/^\.\.?\/(?!.*runbook\/index)/.test(spec))
        .map((spec) => `${rel(file)}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("src/mcp and src/util never print to stdout (it carries the protocol)", () => {
    const offenders = files("src/mcp", "src/util")
      .filter((file) => /console\.(log|info)|process\.stdout\.write/.test(readFileSync(file, "utf8")))
      .map(rel);
    expect(offenders).toEqual([]);
  });
});
