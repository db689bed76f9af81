// What every esbuild bundle of the project shares (scripts/bundle-vendor.mjs, scripts/bundle-cli.mjs): ESM
// for Node, whitespace and syntax minified but names kept, CommonJS dependencies given a require() for
// Node's built-ins, and client-node's generated API pruned.

import { build } from "esbuild";

// client-node's index re-exports its generated API: hundreds of model and API classes whose modules esbuild
// keeps, unused, because it cannot tell their top-level code has no side effects. Its generated modules only
// declare classes, so marking them side-effect free lets the bundle keep just what KubeConfig and the
// request types reach (the package does not say so itself).
const clientNodeWithoutSideEffects = {
  name: "client-node-without-side-effects",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.marked || !/[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]/.test(args.importer)) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { marked: true },
      });
      if (resolved.errors.length > 0) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

/** esbuild's build() with the shared options; `options` adds entry points, output and plugins. */
export function bundle(options) {
  return build({
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
    // client-node's node-fetch@2 reaches Node's built-in punycode (through whatwg-url and tr46), which Node 22+
    // reports as deprecated on stderr at every start; the package of the same code, bundled, says nothing.
    alias: { punycode: "punycode/" },
    ...options,
    plugins: [clientNodeWithoutSideEffects, ...(options.plugins ?? [])],
  });
}
