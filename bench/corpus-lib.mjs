// The corpus benchmark's core, shared by `npm run bench:corpus` (over dist/) and the vitest floor
// (test/corpus, over src/): read fixtures/corpus/<split>/*.yaml, turn each message into a log-only bundle
// (target.yaml with cluster, region and namespace; the verbatim text in logs/app.log), run the real
// diagnosis through the caller's `diagnose(dir)`, and score it. The diagnosis is injected so that this file
// depends on neither build.
//
// Scoring (also in fixtures/corpus/README.md):
// - top-1 is right when the category of the report's cause_id equals the entry's category; for an entry
//   with settles_category: false, an `inconclusive` report that has the entry's category among its
//   candidates is right too (the message alone cannot decide, and the report must not pretend it can);
// - candidate recall: the entry's category is the top cause's or a candidate's;
// - a high-confidence wrong answer: confidence high and the top cause's category is not the entry's;
// - runbook: match_runbook's recognition (the caller's `findsRunbook(text)`) leads to the H2 runbook.

import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

export const SPLITS = ["dev", "validation"];
const FIELDS = ["id", "source", "source_key", "emitter", "text", "resolution", "category", "settles_category", "query"];
/**
 * What an entry's category rests on (the optional `category_basis`, from the fourth dev collection on): the
 * source states the cause (`source`), the text alone decides it (`text`), or it is a reading of a thread that
 * does not say (`reading`). Entries without the field are their own group.
 */
export const BASES = ["source", "text", "reading"];
export const UNMARKED = "unmarked";

/** The split rule, fixed before any tuning: the first byte of sha256(source_key), mod 3, is 0 for validation. */
export function splitOf(sourceKey) {
  return createHash("sha256").update(sourceKey, "utf8").digest()[0] % 3 === 0 ? "validation" : "dev";
}

/** Every entry of one split folder (absent folder: none), each with its file and split. */
export function readSplit(corpusDir, split) {
  let files;
  try {
    files = readdirSync(join(corpusDir, split))
      .filter((f) => f.endsWith(".yaml"))
      .sort();
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
  return files.flatMap((file) => {
    const entries = parse(readFileSync(join(corpusDir, split, file), "utf8")) ?? [];
    if (!Array.isArray(entries)) throw new Error(`${split}/${file}: expected a YAML list of entries`);
    return entries.map((entry, index) => {
      const missing = FIELDS.filter((f) => entry?.[f] === undefined || entry?.[f] === null || entry?.[f] === "");
      if (missing.length > 0)
        throw new Error(`${split}/${file} entry ${index + 1} (${entry?.id ?? "no id"}): missing ${missing.join(", ")}`);
      if (entry.category_basis !== undefined && !BASES.includes(entry.category_basis))
        throw new Error(`${split}/${file} entry ${index + 1} (${entry.id}): category_basis must be one of ${BASES.join(", ")}`);
      return { ...entry, file: `${split}/${file}`, split };
    });
  });
}

/** The emitter's family for per-emitter figures: "external-dns", "aws-sdk-go", "boto3"... (text before " ("). */
export const emitterFamily = (emitter) =>
  String(emitter)
    .replace(/\s*\(.*$/, "")
    .trim();

const categoryOf = (causeId) => (causeId === "inconclusive" || causeId === "healthy" ? causeId : String(causeId).split(".")[0]);

/** Writes one entry as a log-only bundle under `root`; returns its folder. */
export function writeBundle(root, entry) {
  const dir = join(root, entry.id.replace(/[^A-Za-z0-9._-]/g, "_"));
  mkdirSync(join(dir, "logs"), { recursive: true });
  writeFileSync(join(dir, "target.yaml"), "cluster: corpus-cluster\nregion: us-east-1\nnamespace: default\n");
  writeFileSync(join(dir, "logs", "app.log"), entry.text.endsWith("\n") ? entry.text : `${entry.text}\n`);
  return dir;
}

/** Judges one report ({ cause_id, confidence, candidates: [{ cause_id }] }) against its entry. */
export function judge(entry, report, findsRunbook = null) {
  const top = categoryOf(report.cause_id);
  const candidates = [...new Set(report.candidates.map((c) => categoryOf(c.cause_id)))];
  const inCandidates = top === entry.category || candidates.includes(entry.category);
  const top1 = top === entry.category || (entry.settles_category === false && top === "inconclusive" && inCandidates);
  const highWrong = report.confidence === "high" && top !== entry.category;
  return {
    id: entry.id,
    split: entry.split,
    emitter: emitterFamily(entry.emitter),
    basis: entry.category_basis ?? UNMARKED,
    category: entry.category,
    settles: entry.settles_category,
    causeId: report.cause_id,
    confidence: report.confidence,
    candidates,
    // Distinct candidate causes the report names (the top cause among them unless it is inconclusive).
    causeCount: new Set(
      [report.cause_id, ...report.candidates.map((c) => c.cause_id)].filter((c) => c !== "inconclusive" && c !== "healthy"),
    ).size,
    top1,
    recall: inCandidates,
    highWrong,
    runbook: findsRunbook,
  };
}

/**
 * Runs every entry through `diagnose(dir) -> report` in a temporary folder, removed afterwards, and, when
 * given, through `findsRunbook(text) -> boolean` (whether match_runbook leads to H2).
 */
export async function runCorpus(entries, diagnose, findsRunbook = null) {
  const root = mkdtempSync(join(tmpdir(), "irsa-doctor-corpus-"));
  try {
    const results = [];
    for (const entry of entries) {
      const runbook = findsRunbook ? await findsRunbook(entry.text) : null;
      results.push(judge(entry, await diagnose(writeBundle(root, entry)), runbook));
    }
    return results;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function tally(results) {
  const n = results.length;
  const top1 = results.filter((r) => r.top1).length;
  const recall = results.filter((r) => r.recall).length;
  const runbook = results.filter((r) => r.runbook === true).length;
  // How many candidates a message gets on average: recall is cheap if every message lists every category,
  // so the two figures are read together. Categories are what recall counts; causes are what the report lists.
  const mean = (f) => (n ? results.reduce((sum, r) => sum + f(r), 0) / n : 0);
  const meanCategories = mean((r) => r.candidates.length);
  const meanCauses = mean((r) => r.causeCount ?? 0);
  return { n, top1, recall, runbook, top1Pct: n ? (100 * top1) / n : 0, recallPct: n ? (100 * recall) / n : 0, meanCategories, meanCauses };
}

/** Figures of each value of `key` among `results`, in `order` first, then the others sorted. */
function tallyBy(results, key, order = []) {
  const values = [...new Set(results.map((r) => r[key]))];
  const sorted = [...order.filter((v) => values.includes(v)), ...values.filter((v) => !order.includes(v)).sort()];
  return Object.fromEntries(sorted.map((v) => [v, tally(results.filter((r) => r[key] === v))]));
}

/** Figures per split, and per emitter family and per category basis within each split. */
export function score(results, splits = SPLITS) {
  const out = {};
  for (const split of splits) {
    const own = results.filter((r) => r.split === split);
    out[split] = {
      ...tally(own),
      emitters: tallyBy(own, "emitter"),
      bases: tallyBy(own, "basis", [...BASES, UNMARKED]),
      highWrong: own.filter((r) => r.highWrong),
    };
  }
  return out;
}

const pct = (x) => `${x.toFixed(1)} %`;

/** The printed report: the figures, every high-confidence wrong answer, then (verbose) every miss. */
export function formatScore(figures, results, { verbose = false, splits = SPLITS } = {}) {
  const lines = [];
  for (const split of splits) {
    const s = figures[split];
    const runbook = results.some((r) => r.runbook !== null) ? `, match_runbook finds H2 ${s.runbook}/${s.n}` : "";
    lines.push(
      `${split}: ${s.n} messages — top-1 category ${s.top1}/${s.n} (${pct(s.top1Pct)}), candidate recall ${s.recall}/${s.n} (${pct(s.recallPct)}), high-confidence wrong ${s.highWrong.length}${runbook}; mean candidates per message ${s.meanCategories.toFixed(2)} categories, ${s.meanCauses.toFixed(2)} causes`,
    );
    const row = (name, e) =>
      `  ${name.padEnd(44)} ${String(e.n).padStart(3)}  top-1 ${pct(e.top1Pct).padStart(7)}  recall ${pct(e.recallPct).padStart(7)}`;
    for (const [name, e] of Object.entries(s.emitters)) lines.push(row(name, e));
    lines.push(`  by category basis (what the expected category rests on):`);
    for (const [name, e] of Object.entries(s.bases)) lines.push(`${row(`  ${name}`, e)}  mean causes ${e.meanCauses.toFixed(2)}`);
  }
  const wrong = results.filter((r) => r.highWrong);
  lines.push(`high-confidence wrong answers: ${wrong.length}`);
  for (const r of wrong) lines.push(`  ${r.split} ${r.id}: ${r.causeId} (high), expected ${r.category}`);
  if (verbose) {
    const misses = results.filter((r) => !r.top1 || !r.recall || r.runbook === false);
    lines.push(`misses: ${misses.length}`);
    for (const r of misses)
      lines.push(
        `  ${r.split} ${r.id} [${r.emitter}] expected ${r.category}${r.settles ? "" : " (does not settle)"}${r.basis === UNMARKED ? "" : ` (${r.basis})`}: got ${r.causeId} (${r.confidence}); candidates ${r.candidates.join(", ") || "none"}${r.recall ? "" : " — NOT IN CANDIDATES"}${r.runbook === false ? " — no runbook" : ""}`,
      );
  }
  return lines.join("\n");
}
