// Build step after tsc: replaces dist/vendor/*.js (tsc's one-line re-exports of client-node and the AWS
// SDK) with esbuild bundles of the same modules. The libraries are unchanged; only how they load is:
// Node's ESM loader spends most of an import of these packages finding, reading and linking their
// ~1,500 small files. One file per entry, with the SDK's shared core split into a common chunk, loads
// several times faster (bench/live.mjs, "cold"). Tests run the sources; the stdio end-to-end tests and
// test/vendor run these bundles.

import { readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const src = fileURLToPath(new URL("../src/vendor/", import.meta.url));
const out = fileURLToPath(new URL("../dist/vendor/", import.meta.url));

const entries = readdirSync(src).filter((f) => f.endsWith(".ts"));
// tsc's source maps describe the re-exports this replaces; chunks of an earlier build are stale.
for (const f of readdirSync(out)) if (f.startsWith("chunk-") || f.endsWith(".js.map")) rmSync(out + f);

// client-node's index re-exports its generated API: hundreds of model and API classes whose modules esbuild
// keeps, unused, because it cannot tell their top-level code has no side effects. Its generated modules only
// declare classes, so marking them side-effect free lets the bundle keep just what KubeConfig and the
// request types reach (the package does not say so itself).
const clientNodeWithoutSideEffects = {
  name: "client-node-without-side-effects",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.marked || !/[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]/.test(args.importer)) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { marked: true } });
      if (resolved.errors.length > 0) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

await build({
  entryPoints: entries.map((f) => src + f),
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Identifiers keep their names: the libraries read constructor and error names, and renaming them
  // would need esbuild's keepNames, whose per-function defineProperty costs more load time than it saves.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "eof",
  logLevel: "warning",
  // CommonJS dependencies inside the bundle still call require() for Node's built-ins.
  banner: { js: 'import{createRequire as __irsaDoctorRequire}from"node:module";const require=__irsaDoctorRequire(import.meta.url);' },
  chunkNames: "chunk-[hash]",
  // client-node's node-fetch@2 reaches Node's built-in punycode (through whatwg-url and tr46), which Node 22+
  // reports as deprecated on stderr at every start; the package of the same code, bundled, says nothing.
  alias: { punycode: "punycode/" },
  plugins: [clientNodeWithoutSideEffects],
});
