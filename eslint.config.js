// ESLint (flat config) with typescript-eslint's recommended rules, run by `npm run lint` before the tests.
// Syntax-only (no type information), so it stays fast on a small machine; `tsc --noEmit` does the type
// checks, which is also why no-undef is off for TypeScript (typescript-eslint's advice). Import cycles and
// imports of the emulator are dependency-cruiser's (.dependency-cruiser.cjs), because it follows type-only
// imports too. Formatting is Prettier's (.prettierrc.json), never a lint rule.

import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Node's globals that the plain-JavaScript scripts and benchmarks use. */
const NODE_GLOBALS = Object.fromEntries(
  [
    "process",
    "console",
    "URL",
    "Buffer",
    "performance",
    "setTimeout",
    "clearTimeout",
    "setInterval",
    "clearInterval",
    "module",
    "require",
    "fetch",
    "structuredClone",
    "AbortController",
    "AbortSignal",
    "TextEncoder",
    "TextDecoder",
    "setImmediate",
    "queueMicrotask",
  ].map((name) => [name, "readonly"]),
);

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".bench/", "fixtures/", "test/**/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: NODE_GLOBALS },
    rules: {
      // A leading underscore says "unused on purpose" (a rest sibling dropped, a callback's unused argument).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  { files: ["**/*.ts"], rules: { "no-undef": "off" } },
  // Test helpers read tools' structured answers, arbitrary JSON, by path: `any` there is the honest type.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs" } },
);
