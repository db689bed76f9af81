// Corpus benchmark: every real message of fixtures/corpus/ (see its README) as a log-only bundle through
// the built diagnosis (dist/, after `npm run build`): the loader's real path, the real checks, the H2
// runbook's report. Prints top-1 category accuracy and candidate recall per split and per emitter, and
// every high-confidence wrong answer (the scoring rule is in bench/corpus-lib.mjs), and how many messages
// match_runbook leads to the H2 runbook.
//
//   node bench/corpus.mjs [--corpus DIR] [--dist DIR] [--split dev|validation] [--verbose]
// --verbose also lists every message whose top-1 or candidates missed; --dist measures another build
// (e.g. a copy of dist/ from before a change). --split dev is what anyone tuning patterns runs: it
// never reads, scores or prints a validation message.

import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatScore, readSplit, runCorpus, score, SPLITS } from "./corpus-lib.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: { corpus: { type: "string" }, dist: { type: "string" }, verbose: { type: "boolean" }, split: { type: "string" } },
});
const splits = values.split === undefined ? SPLITS : [values.split];
if (!splits.every((s) => SPLITS.includes(s))) {
  process.stderr.write(`bench/corpus: --split must be one of ${SPLITS.join(", ")}\n`);
  process.exit(2);
}

const DIST = resolve(values.dist ?? join(REPO, "dist"));
const { loadSnapshotDir } = await import(join(DIST, "snapshot/load/index.js"));
const { runDiagnosis, findDiagnosisRunbook } = await import(join(DIST, "diagnosis/index.js"));
const { loadRunbooks, bundledRunbooksDir, matchRunbooks } = await import(join(DIST, "runbook/index.js"));

const runbooks = (await loadRunbooks([bundledRunbooksDir()])).runbooks;
const runbook = findDiagnosisRunbook(runbooks);
if (!runbook) {
  process.stderr.write("bench/corpus: the H2 runbook did not load\n");
  process.exit(2);
}
const corpusDir = values.corpus ?? join(REPO, "fixtures/corpus");
const entries = splits.flatMap((split) => readSplit(corpusDir, split));
const findsRunbook = (text) => matchRunbooks(runbooks, text).some((m) => m.runbookId === runbook.id);
const results = await runCorpus(entries, async (dir) => runDiagnosis(await loadSnapshotDir(dir), runbook).report, findsRunbook);
process.stdout.write(`${formatScore(score(results, splits), results, { verbose: values.verbose === true, splits })}\n`);
