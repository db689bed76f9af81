// Build step after tsc: the irsa-doctor command (package.json bin, dist/cli/main.cjs) as esbuild bundles of
// src/ and its dependencies; tsc's dist/cli/main.js becomes a one-line module that runs it. Two builds:
// - the front, dist/cli/main.cjs alone: the dispatcher, the serve command and the stdio fast path, so that
//   `serve` answers initialize and tools/list after loading one file (bench/startup.mjs: each further module
//   costs a resolve, a read and a link before the first answer);
// - the rest, what the front imports when it is needed (every other command, the output redaction, the MCP
//   server and SDK behind the fast path): dist/cli/entry-<name>.js, each of whose own dynamic imports (the
//   live collectors, say) becomes a chunk (bundle-*.js) loaded only when that code runs.
// A module both builds use (the logger, the toolsets table) is in both; none of them holds state. tsc's
// other dist/ modules stay: tests and benchmarks import them. Source maps (dist/cli/*.js.map, not packed)
// point back to src/: `node --enable-source-maps dist/cli/main.cjs` prints stacks in the sources' lines.

import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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

// What the front loads with import(), by source file: each is an entry of the second build.
const later = [
  ...["diagnose", "phase", "snapshot", "emulate", "runbooks", "causes", "audit"].map((c) => `cli/commands/${c}.ts`),
  "cli/redacting-io.ts",
  "mcp/server.ts",
  "mcp/sdk.ts",
].map((f) => src + f);
const entryName = (file) => `entry-${file.slice(src.length).replace(/\.ts$/, "").replaceAll("/", "-")}`;

// In the front, an import() of one of those is left to Node, pointed at the other build's file for it.
const laterOutside = {
  name: "later-outside",
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.kind !== "dynamic-import" || args.pluginData?.resolving) return undefined;
      const resolved = await b.resolve(args.path.replace(/\.js$/, ".ts"), {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0 || !later.includes(resolved.path)) return undefined;
      return { path: `./${entryName(resolved.path)}.js`, external: true };
    });
  },
};

for (const f of readdirSync(out)) if (f.startsWith("bundle-") || f.startsWith("entry-")) rmSync(out + f);

const shared = { outdir: out, sourcemap: "linked", sourcesContent: false };
// The front is CommonJS (dist/cli/main.cjs, the package bin): Node starts a CommonJS main without its ESM
// loader, a few ms of every start (bench/startup.mjs); the ESM chunks behind it load through import() as
// before. import.meta.url, which the front's modules read to find their files, is the file's own URL there.
await bundle({
  ...shared,
  entryPoints: [`${src}cli/main.ts`],
  entryNames: "[name]",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  splitting: false,
  banner: { js: '"use strict";const __irsaDoctorUrl=require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__irsaDoctorUrl" },
  plugins: [laterOutside, ownAddress],
});
// dist/cli/main.js, which `node dist/cli/main.js ...` and MCP client settings written before name, runs it.
writeFileSync(
  `${out}main.js`,
  '#!/usr/bin/env node\nimport{createRequire}from"node:module";createRequire(import.meta.url)("./main.cjs");\n',
);
rmSync(`${out}main.js.map`, { force: true });
await bundle({
  ...shared,
  entryPoints: Object.fromEntries(later.map((f) => [entryName(f), f])),
  chunkNames: "bundle-[hash]",
  plugins: [ownAddress],
});
