// Scenario accuracy: diagnoses every scenario folder (a folder's name states its expected outcome,
// `<cause_id>--<variant>`) and prints, per folder, the cause and confidence the diagnosis gave, then the
// figures: exact cause right, category right, and every wrong answer given with high confidence.
// Run it over the held-back set (fixtures/holdout/scenarios, written from public reports and never tuned on)
// to see how the diagnosis does on cases unlike the ones it was built against.
//
//   node bench/scenarios.mjs [DIR ...]      (npm run build first; default: fixtures/scenarios, holdout, unsolved)

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
if (!existsSync(join(root, "dist", "diagnosis", "index.js"))) {
  process.stderr.write("bench/scenarios: dist/ is missing: run `npm run build` first.\n");
  process.exit(2);
}
const { loadSnapshotDir } = await import(dist("snapshot/load/index.js"));
const { bundledRunbooksDir, loadRunbooks } = await import(dist("runbook/index.js"));
const { findDiagnosisRunbook, runDiagnosis } = await import(dist("diagnosis/index.js"));

const dirs = process.argv.slice(2);
if (dirs.length === 0)
  dirs.push(...["fixtures/scenarios", "fixtures/holdout/scenarios", "fixtures/unsolved"].map((d) => join(root, d)).filter(existsSync));
const runbook = findDiagnosisRunbook((await loadRunbooks([bundledRunbooksDir()])).runbooks);

const category = (id) => (id.includes(".") ? id.split(".")[0] : id);
for (const dir of dirs) {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "target.yaml")))
    .map((d) => d.name)
    .sort();
  const rows = [];
  for (const name of names) {
    const expected = name.split("--")[0];
    let got;
    let confidence = "-";
    try {
      const { report } = runDiagnosis(await loadSnapshotDir(join(dir, name)), runbook);
      got = report.cause_id;
      confidence = report.confidence;
    } catch (error) {
      got = `error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    }
    rows.push({ name, expected, got, confidence, exact: got === expected, sameCategory: category(got) === category(expected) });
  }
  const pct = (n) => (rows.length ? `${((100 * n) / rows.length).toFixed(0)} %` : "-");
  const exact = rows.filter((r) => r.exact).length;
  const cat = rows.filter((r) => r.sameCategory).length;
  const wrongHigh = rows.filter((r) => !r.sameCategory && r.confidence === "high");
  process.stdout.write(`\n${dir}\n`);
  for (const r of rows)
    process.stdout.write(`  ${r.exact ? "ok   " : r.sameCategory ? "cat  " : "WRONG"} ${r.name}  ->  ${r.got} (${r.confidence})\n`);
  process.stdout.write(
    `  ${rows.length} scenarios: cause right ${exact} (${pct(exact)}), category right ${cat} (${pct(cat)}), wrong category with high confidence ${wrongHigh.length}\n`,
  );
}
