// Build step after tsc: replaces dist/vendor/*.js (tsc's one-line re-exports of client-node and the AWS
// SDK) with esbuild bundles of the same modules. The libraries are unchanged; only how they load is:
// Node's ESM loader spends most of an import of these packages finding, reading and linking their
// ~1,500 small files. One file per entry, with the SDK's shared core split into a common chunk, loads
// several times faster (bench/live.mjs, "cold"). Tests and benchmarks that import dist/ modules load these;
// the irsa-doctor command itself is one bundle of everything (scripts/bundle-cli.mjs).

import { readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundle } from "./esbuild-options.mjs";

const src = fileURLToPath(new URL("../src/vendor/", import.meta.url));
const out = fileURLToPath(new URL("../dist/vendor/", import.meta.url));

const entries = readdirSync(src).filter((f) => f.endsWith(".ts"));
// tsc's source maps describe the re-exports this replaces; chunks of an earlier build are stale.
for (const f of readdirSync(out)) if (f.startsWith("chunk-") || f.endsWith(".js.map")) rmSync(out + f);

await bundle({ entryPoints: entries.map((f) => src + f), outdir: out, chunkNames: "chunk-[hash]" });
