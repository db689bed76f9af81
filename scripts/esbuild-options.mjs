// What every esbuild bundle of the project shares (scripts/bundle-vendor.mjs, scripts/bundle-cli.mjs): ESM
// for Node, whitespace and syntax minified but names kept, CommonJS dependencies given a require() for
// Node's built-ins, and client-node's generated API pruned.

import { isBuiltin } from "node:module";
import { build } from "esbuild";

// An ESM import of a Node built-in builds the module's ESM facade, which reads every export, lazy ones
// included: `import http from "node:http"` thus loads undici (for http's WebSocket getters) and
// `import fs from "node:fs"` loads fs/promises and the stream and watcher modules, ~50-80 ms on Node 22
// at each start that reaches them. require() returns the module object without touching its getters, so
// every built-in imported by the bundled code comes through require() instead (the banner's, below), in a
// one-line CommonJS module esbuild wraps like any other. node:module itself stays an import: the banner
// needs it to make require(). esbuild's wrapper copies a CommonJS module's properties by their descriptors,
// and reading the descriptor of one of node:util's lazy exports loads it (parseArgs, diff, setTraceSigInt:
// streams, workers, a diff engine); util is handed over as an object inheriting from the real module, with
// nothing of its own to copy, so its exports are read where they are used (nothing assigns to node:util).
const builtinsByRequire = {
  name: "builtins-by-require",
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (args.kind !== "import-statement" && args.kind !== "dynamic-import") return undefined;
      const name = args.path.replace(/^node:/, "");
      if (!isBuiltin(args.path) || name === "module") return undefined;
      // One such module per importer, so it lands in the importer's chunk: shared, each would be a chunk
      // of its own, one more file for every start to find and link.
      return { path: `${args.importer}:${name}`, namespace: "builtin-by-require", pluginData: name };
    });
    b.onLoad({ filter: /.*/, namespace: "builtin-by-require" }, (args) => {
      const module = `require(${JSON.stringify(`node:${args.pluginData}`)})`;
      return { contents: `module.exports = ${args.pluginData === "util" ? `Object.create(${module})` : module};`, loader: "js" };
    });
  },
};

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

// client-node's node-fetch@2 imports whatwg-url (with tr46's Unicode tables, ~5 ms to load) only as the
// fallback of `Url.URL || whatwgUrl.URL`, for Nodes without url.URL; every Node has it, so the bundle gets
// a module that gives the built-in URL and nothing is loaded.
const whatwgUrlIsNodes = {
  name: "whatwg-url-is-nodes",
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: "whatwg-url", namespace: "whatwg-url-is-nodes" }));
    b.onLoad({ filter: /.*/, namespace: "whatwg-url-is-nodes" }, () => ({
      contents: "export const URL = globalThis.URL; export default { URL };",
      loader: "js",
    }));
  },
};

// client-node's config imports socks-proxy-agent for a kubeconfig whose proxy-url is socks5://, and with it
// socks, ip-address (whose IPv6 expressions are built at load), agent-base and debug: ~5 ms of every live
// start on Node 22, for a proxy few clusters use. The bundle gets a stand-in that loads the package (still
// bundled: esbuild turns the require() into its module's initialiser) when the first such agent is made.
const socksProxyAgentWhenUsed = {
  name: "socks-proxy-agent-when-used",
  setup(b) {
    b.onResolve({ filter: /^socks-proxy-agent$/ }, (args) =>
      args.namespace === "socks-proxy-agent-when-used"
        ? undefined
        : { path: "socks-proxy-agent", namespace: "socks-proxy-agent-when-used", pluginData: args.resolveDir },
    );
    b.onLoad({ filter: /.*/, namespace: "socks-proxy-agent-when-used" }, (args) => ({
      contents:
        "let real; export class SocksProxyAgent { constructor(...args) { " +
        'real ??= require("socks-proxy-agent"); return new real.SocksProxyAgent(...args); } }',
      resolveDir: args.pluginData,
      loader: "js",
    }));
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
    // The AWS SDK's packages ship CommonJS (main) and ESM (module) builds of the same code. The CommonJS
    // build of a client is one module holding every command and schema of its service (IAM: ~160), all run
    // at load; from the ESM build esbuild keeps only the commands the collectors send (the packages declare
    // themselves free of side effects), several times less code to compile and run at each start.
    mainFields: ["module", "main"],
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
    plugins: [clientNodeWithoutSideEffects, builtinsByRequire, whatwgUrlIsNodes, socksProxyAgentWhenUsed, ...(options.plugins ?? [])],
  });
}
