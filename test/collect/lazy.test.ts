// The collectors' entry point loads neither client-node nor the AWS SDK: a collection imports each side
// when it starts, the Kubernetes side first, whose reads go out while the AWS SDK loads (order.test.ts).
// Checked on the static import graph of the sources.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;

/** Every module reached by static (non-type) imports from `entry`, packages by name. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) {
      const spec = m[1] ?? "";
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec));
    }
  };
  visit(resolve(SRC, entry));
  return { files, packages };
}

test("src/collect/index.ts statically imports neither client-node nor the AWS SDK", () => {
  const { files, packages } = staticGraph("collect/index.ts");
  expect(files.size).toBeGreaterThan(10);
  expect([...packages].filter((p) => p === "@kubernetes/client-node" || p.startsWith("@aws-sdk/"))).toEqual([]);
});

test("the sides a collection loads do bring them in (the walker sees static imports)", () => {
  expect(staticGraph("collect/kubernetes/side.ts").packages).toContain("@kubernetes/client-node");
  expect([...staticGraph("collect/aws/side.ts").packages].filter((p) => p.startsWith("@aws-sdk/")).sort()).toEqual([
    "@aws-sdk/client-cloudtrail",
    "@aws-sdk/client-eks",
    "@aws-sdk/client-iam",
    "@aws-sdk/client-sts",
  ]);
});
