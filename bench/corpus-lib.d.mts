// Types of bench/corpus-lib.mjs for the TypeScript test that keeps the corpus figures from regressing.

export interface CorpusEntry {
  id: string;
  source: string;
  source_key: string;
  emitter: string;
  text: string;
  resolution: string;
  category: string;
  cause?: string;
  settles_category: boolean;
  query: string;
  note?: string;
  /** What the category rests on: the source's statement, the text alone, or a reading of the thread. */
  category_basis?: "source" | "text" | "reading";
  file: string;
  split: "dev" | "validation";
}

export interface ReportLike {
  cause_id: string;
  confidence: string;
  candidates: { cause_id: string }[];
}

export interface Judgement {
  id: string;
  split: string;
  emitter: string;
  /** The entry's category_basis, or "unmarked". */
  basis: string;
  category: string;
  settles: boolean;
  causeId: string;
  confidence: string;
  candidates: string[];
  /** Distinct candidate causes the report names. */
  causeCount: number;
  top1: boolean;
  recall: boolean;
  highWrong: boolean;
  /** Whether match_runbook leads to H2; null when not measured. */
  runbook: boolean | null;
}

export interface Tally {
  n: number;
  top1: number;
  recall: number;
  top1Pct: number;
  recallPct: number;
  runbook: number;
  /** Mean distinct candidate categories per message (what recall counts). */
  meanCategories: number;
  /** Mean distinct candidate causes per message (what the report lists). */
  meanCauses: number;
}

export type SplitScore = Tally & { emitters: Record<string, Tally>; bases: Record<string, Tally>; highWrong: Judgement[] };

export const SPLITS: readonly ["dev", "validation"];
export const BASES: readonly ["source", "text", "reading"];
export const UNMARKED: "unmarked";
export function splitOf(sourceKey: string): "dev" | "validation";
export function readSplit(corpusDir: string, split: string): CorpusEntry[];
export function emitterFamily(emitter: string): string;
export function writeBundle(root: string, entry: CorpusEntry): string;
export function judge(entry: CorpusEntry, report: ReportLike, findsRunbook?: boolean | null): Judgement;
export function runCorpus(
  entries: CorpusEntry[],
  diagnose: (dir: string) => Promise<ReportLike>,
  findsRunbook?: ((text: string) => boolean | Promise<boolean>) | null,
): Promise<Judgement[]>;
export function score(results: Judgement[]): Record<"dev" | "validation", SplitScore>;
export function formatScore(
  figures: Record<"dev" | "validation", SplitScore>,
  results: Judgement[],
  options?: { verbose?: boolean },
): string;
