// Issue 10's "done when", each part kept by a rule `npm run lint` runs: these tests show every rule firing on
// a small case that breaks it (so a rule that stopped matching would be caught), then that the real tree
// keeps the rules that are not lint's (one log-file detector).
//
// - no import cycle, type-only imports included: dependency-cruiser no-circular with tsPreCompilationDeps
// - no production import of the emulator: dependency-cruiser no-production-import-of-emulator
// - cause ids in one leaf module: dependency-cruiser causes-is-a-leaf
// - Kubernetes API paths built only in src/kube (the emulator aside), text ordered by compareText: ESLint
//   no-restricted-syntax (eslint.config.js)
// - no unused export in src: knip (knip.json)
// - one log reader: what a log file is (gzip, archive, journal, binary) is decided in src/logs/file-kind.ts only

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type IConfiguration } from "dependency-cruiser";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
const DEPCRUISE = require(join(ROOT, ".dependency-cruiser.cjs")) as Required<Pick<IConfiguration, "forbidden" | "options">>;

const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { lint: string } };
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throw-away tree of TypeScript files (path → text) cruised with the project's rules. */
async function violations(files: Record<string, string>, tsPreCompilationDeps = true): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), "irsa-house-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const { tsConfig: _projectTsConfig, ...options } = DEPCRUISE.options;
  const cwd = process.cwd();
  process.chdir(root); // the rules name paths from the project root ("^src/")
  try {
    const result = await cruise(["src"], { ...options, tsPreCompilationDeps, ruleSet: { forbidden: DEPCRUISE.forbidden }, validate: true });
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    process.chdir(cwd);
  }
}

describe("dependency-cruiser's rules (npm run lint)", () => {
  const typeCycle = {
    "src/a/one.ts": 'import type { Two } from "./two.js";\nexport interface One { two: Two }\n',
    "src/a/two.ts": 'import type { One } from "./one.js";\nexport interface Two { one: One | null }\n',
  };

  it("refuses a cycle made of type-only imports", async () => {
    expect(await violations(typeCycle)).toEqual(["no-circular: src/a/one.ts -> src/a/two.ts"]);
    // Without tsPreCompilationDeps the type imports vanish with compilation and the cycle goes unseen.
    expect(await violations(typeCycle, false)).toEqual([]);
  });

  it("refuses production code importing the emulator, but not the emulate command or the emulator itself", async () => {
    const found = await violations({
      "src/emulator/store.ts": "export const store = new Map();\n",
      "src/emulator/server.ts": 'import { store } from "./store.js";\nexport const size = store.size;\n',
      "src/cli/commands/emulate.ts": 'import { store } from "../../emulator/store.js";\nexport const served = store;\n',
      "src/clusterview/sources/offline-k8s.ts": 'import { store } from "../../emulator/store.js";\nexport const objects = store;\n',
    });
    expect(found).toEqual(["no-production-import-of-emulator: src/clusterview/sources/offline-k8s.ts -> src/emulator/store.ts"]);
  });

  it("keeps src/causes.ts a leaf: it imports nothing from the project, not even a type", async () => {
    const found = await violations({
      "src/checks/types.ts": "export type Category = string;\n",
      "src/causes.ts": 'import type { Category } from "./checks/types.js";\nexport const CATEGORIES: Category[] = [];\n',
    });
    expect(found).toEqual(["causes-is-a-leaf: src/causes.ts -> src/checks/types.ts"]);
  });
});

describe("ESLint's house rules (npm run lint)", () => {
  const eslint = new ESLint({ cwd: ROOT });
  const messagesOf = async (path: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
    return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => `${m.line}: ${m.message.split(":")[0]}`);
  };
  const PATHS = [
    "const version = 'v1';",
    "export const pods = `/api/${version}/namespaces/default/pods`;",
    'export const deployments = "/apis/apps/v1/deployments";',
    'export const said = "GET /api/v1/nodes";',
    'export const notAPath = "see https://example.com/api-docs and /apiserver";',
  ].join("\n");

  it("refuses a Kubernetes API path built outside src/kube", async () => {
    const paths = "Kubernetes API paths are built in src/kube (paths.ts";
    expect(await messagesOf("src/collect/probe.ts", PATHS)).toEqual([`2: ${paths}`, `3: ${paths}`, `4: ${paths}`]);
  });

  it("lets src/kube and the emulator's server side spell API paths", async () => {
    expect(await messagesOf("src/kube/probe.ts", PATHS)).toEqual([]);
    expect(await messagesOf("src/emulator/k8s/probe.ts", PATHS)).toEqual([]);
  });

  it("refuses localeCompare and Intl.Collator anywhere in src, src/kube included", async () => {
    const code = 'export const a = ["b", "a"].sort((x, y) => x.localeCompare(y));\nexport const c = new Intl.Collator("en");\n';
    const why = "Order text with compareText (src/util/compare.ts)";
    for (const path of ["src/checks/webhook/probe.ts", "src/kube/probe.ts"]) {
      expect(await messagesOf(path, code), path).toEqual([`1: ${why}`, `2: ${why}`]);
    }
  });
});

describe("knip (npm run lint)", () => {
  it("refuses an export nothing imports, value or type, with the project's flags", () => {
    const root = mkdtempSync(join(tmpdir(), "irsa-knip-"));
    made.push(root);
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "probe", type: "module", private: true }));
    writeFileSync(join(root, "knip.json"), JSON.stringify({ entry: ["src/main.ts"], project: ["src/**/*.ts"] }));
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src/main.ts"), 'import { used } from "./lib.js";\nexport const shown = used;\n');
    writeFileSync(join(root, "src/lib.ts"), "export const used = 1;\nexport const unused = 2;\nexport type Unused = string;\n");
    const flags = /knip (--[^&]*)$/.exec(PACKAGE.scripts.lint)![1]!.trim().split(/\s+/);
    const run = spawnSync(join(ROOT, "node_modules/.bin/knip"), flags, { cwd: root, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/unused\s+src\/lib\.ts:2/);
    expect(run.stdout).toMatch(/Unused\s+type\s+src\/lib\.ts:3/);
    expect(run.stdout).not.toMatch(/\bused\s+src\/lib\.ts:1/);
  });
});

describe("one log-file reader", () => {
  /** Spellings of a file-kind decision: gzip's magic bytes, a NUL-byte test, archive or journal names. */
  const DETECTORS: [string, RegExp][] = [
    ["gzip magic bytes", /0x1f|0x8b|\\x1f|\\x8b|\b31\s*,\s*139\b/i],
    ["NUL-byte binary test", /(?:includes|indexOf)\(\s*(?:0|0x00)\s*\)/],
    ["archive name pattern", /\\\.\(\?:?[^)]*\b(?:tar|tgz|zip)\b/],
    ["journal name pattern", /\\\.journal/],
  ];

  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );

  it("decides what a log file is in src/logs/file-kind.ts and nowhere else in src (the emulator aside)", () => {
    const found: string[] = [];
    for (const file of sources(join(ROOT, "src"))) {
      const rel = relative(ROOT, file).split("\\").join("/");
      if (rel === "src/logs/file-kind.ts" || rel.startsWith("src/emulator/")) continue;
      const text = readFileSync(file, "utf8");
      for (const [what, re] of DETECTORS) if (re.test(text)) found.push(`${rel}: ${what}`);
    }
    expect(found).toEqual([]);
  });

  it("file-kind.ts itself is found by the same test, so the test can fail", () => {
    const text = readFileSync(join(ROOT, "src/logs/file-kind.ts"), "utf8");
    expect(DETECTORS.filter(([, re]) => re.test(text)).map(([what]) => what)).toEqual([
      "gzip magic bytes",
      "NUL-byte binary test",
      "archive name pattern",
      "journal name pattern",
    ]);
  });
});
