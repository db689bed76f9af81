// Build step after tsc: the irsa-doctor command (package.json bin, dist/cli/main.js) as one esbuild bundle
// of src/ and its dependencies, replacing tsc's dist/cli/main.js. Each dynamic import (a command, the live
// collectors, the MCP server behind the fast front) becomes a chunk of its own beside it, loaded only when
// that code runs, so a start reads a few files instead of ~450 (bench/live.mjs, bench/startup.mjs). tsc's
// other dist/ modules stay: tests and benchmarks import them. Source maps (dist/cli/*.js.map, not packed)
// point back to src/: `node --enable-source-maps dist/cli/main.js` prints stacks in the sources' lines.

import { readFileSync, readdirSync, rmSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "./esbuild-options.mjs";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const out = `${dist}cli/`;

// A module that finds files next to itself (runbooks, package.json, the startup manifest, the bundled
// scenarios) reads import.meta.url; in the bundle that would be the chunk's address, in dist/cli/. Each
// source's own address stands in instead: the place tsc puts its module in dist/, which the files are
// laid out around, on one line so the source map's lines stay right.
const ownAddress = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(src)) return undefined;
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const module = `${dist}${relative(src, args.path).replace(/\.ts$/, ".js")}`;
      const address = `new URL(${JSON.stringify(relative(out, module))}, import.meta.url).href`;
      return { contents: text.replaceAll("import.meta.url", address), loader: "ts" };
    });
  },
};

for (const f of readdirSync(out)) if (f.startsWith("bundle-")) rmSync(out + f);

await bundle({
  entryPoints: [`${src}cli/main.ts`],
  outdir: out,
  entryNames: "[name]",
  chunkNames: "bundle-[hash]",
  sourcemap: "linked",
  sourcesContent: false,
  plugins: [ownAddress],
});
