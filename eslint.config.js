// ESLint (flat config) with typescript-eslint's recommended rules, run by `npm run lint` before the tests.
// Syntax-only (no type information), so it stays fast on a small machine; `tsc --noEmit` does the type
// checks, which is also why no-undef is off for TypeScript (typescript-eslint's advice). The house rules are
// no-restricted-syntax selectors: text ordered by compareText, Kubernetes API paths built in src/kube only.
// Import cycles, imports of the emulator and the cause-id leaf are dependency-cruiser's
// (.dependency-cruiser.cjs), because it follows type-only imports too; unused exports are knip's (knip.json).
// Formatting is Prettier's (.prettierrc.json), never a lint rule.

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

/** Text is ordered by code unit (src/util/compare.ts): golden reports must not change with the machine's locale. */
const LOCALE_RESTRICTIONS = [
  {
    selector: "CallExpression[callee.property.name='localeCompare']",
    message: "Order text with compareText (src/util/compare.ts): localeCompare depends on the locale and reports must be byte-exact.",
  },
  {
    selector: "MemberExpression[object.name='Intl'][property.name='Collator']",
    message: "Order text with compareText (src/util/compare.ts): a collator depends on the locale and reports must be byte-exact.",
  },
];

/** "/api/v1/...", "/apis/<group>/..." at the start of a string or after a space (a message's "GET /api/v1/..."). */
const API_PATH = String.raw`/(^|\s)\/apis?(\/|$)/`;
const KUBE_PATH_MESSAGE = "Kubernetes API paths are built in src/kube (paths.ts: apiPath, podLogPath, nodeLogPath) and nowhere else.";

const SRC_RESTRICTIONS = [
  ...LOCALE_RESTRICTIONS,
  { selector: `Literal[value=${API_PATH}]`, message: KUBE_PATH_MESSAGE },
  { selector: `TemplateElement[value.raw=${API_PATH}]`, message: KUBE_PATH_MESSAGE },
];

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
  { files: ["src/**/*.ts"], rules: { "no-restricted-syntax": ["error", ...SRC_RESTRICTIONS] } },
  // src/kube is where Kubernetes API paths are built; the emulator serves them (its server side).
  { files: ["src/kube/**/*.ts", "src/emulator/**/*.ts"], rules: { "no-restricted-syntax": ["error", ...LOCALE_RESTRICTIONS] } },
  // Test helpers read tools' structured answers, arbitrary JSON, by path: `any` there is the honest type.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs" } },
);
