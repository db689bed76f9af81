// Keeps the corpus of real messages (fixtures/corpus, see its README) honest and the recognition from
// regressing: every entry is complete and sits in the split its source_key's hash assigns it, ids are
// unique, and the dev split, run as log-only bundles through the real loader and diagnosis, stays at or
// above the figures reached, with no wrong category given at high confidence. The validation split is
// scored by `npm run bench:corpus` only: a test floor on it would invite tuning on it.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BASES, formatScore, readSplit, runCorpus, score, splitOf, SPLITS } from "../../bench/corpus-lib.mjs";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { runDiagnosis } from "../../src/diagnosis/index.js";
import { bundledRunbooksDir, loadRunbooks, matchRunbooks } from "../../src/runbook/index.js";
import { h2Runbook, ROOT } from "../support/scenarios.js";
import { CATEGORIES } from "../../src/causes.js";

const CORPUS = join(ROOT, "fixtures", "corpus");
const entries = SPLITS.flatMap((split) => readSplit(CORPUS, split));
const dev = entries.filter((e) => e.split === "dev");

// The dev figures reached (see the README's table); raise them when recognition improves, never lower them.
// Counts, not percentages: the split grows with each collection, and a collection scored before any tuning
// on it (as the fourth was, 28 of its first 45) lowers the percentage without any entry getting worse.
// The candidate cap (src/logs/families.ts) left webhook.not_injecting out of the node-role family, which two
// dev messages labelled webhook had counted on; two messages recognised from their emitters' own formats
// (OpenDAL's S3 403, a denial cut after its principal) came in.
// The fifth collection's first 31 came in at 20 (scored before any change for them), 28 after; its next 12
// at 6 (scored on the code tuned on the first 31), 11 after.
// The sixth collection's 29 came in at 19 top-1 and 20 recall (seven batches, each scored before any change for
// it), 24 and 26 after; the first 275 went from 249/251 to 252/254 with them.
// The seventh collection's 18 came in at 9 top-1 and 9 recall (six batches, each scored before any change for
// it), 15 and 15 after; the first 304 stayed at 276/280.
// The eighth collection's batches a and b (11) came in at 9 top-1 and 9 recall, on main's build and on this
// round's build alike (scored before any change for them), 11 and 11 after; batches c and d (7) came in at 7
// and 7 on both builds; batch e (3) at 2 and 2 on both, 3 and 3 after; batch f (2) at 2 and 2 on both.
// The ninth collection's 20 came in at 18 top-1 and 19 recall, on the round's starting build (1eb73d8) and on
// the build with the eighth round merged alike; it was brought in unchanged, then one of its two misses was
// recognised from the SDK's own loader (Java v2 refusing to choose among HTTP implementations): 339.
const DEV_TOP1_FLOOR = 339; // of 365
const DEV_RECALL_FLOOR = 344;
const DEV_RUNBOOK_FLOOR = 360; // messages match_runbook leads to H2
// Recall is cheap when every message lists every cause: the mean number of candidate causes may not grow.
// 4.04 before the families were capped; 3.65 after; 3.72 once three more messages were recognised at all;
// 3.73 once an empty web identity token path also names the SDK side (an application that forces the web
// identity provider in a Pod Identity pod: dev3-emitters-crossplane-1), a fifth look for two messages;
// 3.66 on those 187 once superseding looked at the lines of a record (a wrapper no longer adds its family to
// the reason on the next line); 3.34 with the fourth collection's first 45 (1.98 on them); 3.38 once an
// AWS error code no pattern explains lists its code's family in a log-only bundle (four messages that had
// no candidate at all now name what to collect: a net that names nothing leaves the reader nowhere); 3.75 once
// the families were checked against the mechanisms that produce their messages (the node-role family gets
// the webhook back, "no credentials" and a timed-out endpoint the Pod Identity agent, a web identity refusal
// a container's own AWS_ROLE_ARN, JavaScript v2's chain its hidden web identity failures), within the cap
// once the causes one read of the service account and the pod tells apart count as one look; 3.776 once a
// denial of sts:AssumeRole on the caller's own role names credential_chain.assumes_own_role; 3.80 once three
// messages no pattern knew were recognised from their emitters' sources (two decide, one lists the unsigned family);
// 3.88 once four more were (Go v1's environment-only provider, OpenSearch's security plugin naming the node's
// role, a service that leaves the caller out of its denial, a tool that looks for the IRSA variables itself);
// 3.78 with the fifth collection's first 31 as they came (3.06 on them: eleven recognised nothing), 3.882
// once seven mechanisms behind them were recognised (3.90 on them; the older 232 at 3.879); 3.876 with the
// next 12 (3.25 as they came, 3.75 once recognised); 3.894 once a principal cut before its session is the
// unnamed-refusal family (one message that recognised nothing now lists its five looks); 3.75 with the sixth
// collection's 29 as they came (2.41 on them), 3.88 once the mechanisms behind them were recognised (3.52 on
// them; the first 275 at 3.91, the GovCloud and China "no provider" now listing the SDK beside the provider);
// 3.94 with the seventh collection's 18 recognised (4.94 on them: Go v1's empty chain and the node-role family
// list six causes in five looks; 3.56 as they came), the first 304 still at 3.88; 3.963 once the net for an
// application's own "no credentials" words also knows "AWS credentials are required" and "failed to assume role"
// with no AWS code (written from held-back scenario set 6 after its measurements): lines that named nothing now
// list that family (the first 304 at 3.905); 4.05 once the net for "AWS did not accept my identity" in an
// application's own words (an AWS host's 401 or 403, a registry login for ECR, an IAM principal a service calls
// invalid, a credential provider object the SDK cannot call) names its family for four messages that named
// nothing (seven causes in five looks each), and a principal split across a pasted pane's lines lists the
// node-role family: the price of candidates on messages that had none; 4.07 with the eighth collection's first
// 18 (its registry-login and s3cmd families list five and six causes); 4.09 with batch e and a node-role
// AssumeRole denial wrapped after its principal (the node-role family's six causes where two were listed);
// 4.07 with the ninth collection's 20 as they came (3.85 on them).
const DEV_MEAN_CAUSES_CEILING = 4.1;

describe("the corpus", () => {
  it("holds real entries, each in the split the hash of its source_key assigns (entries cannot move)", () => {
    expect(dev.length).toBeGreaterThan(0);
    for (const e of entries) expect(`${e.id}: ${splitOf(e.source_key)}`).toBe(`${e.id}: ${e.split}`);
  });

  it("has unique ids, an http(s) source whose host and path give the source_key, and a known category", () => {
    const ids = entries.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    // credential_chain is being added by the credential-path work; until it lands it is a category the corpus may expect.
    const categories = new Set<string>([...CATEGORIES, "credential_chain"]);
    for (const e of entries) {
      expect(e.source, e.id).toMatch(/^https?:\/\//);
      expect(e.source.replace(/^https?:\/\//, "").startsWith(e.source_key), `${e.id}: ${e.source_key}`).toBe(true);
      expect(categories.has(e.category), `${e.id}: ${e.category}`).toBe(true);
      if (e.cause) expect(e.cause.startsWith(`${e.category}.`), e.id).toBe(true);
      expect(typeof e.settles_category, e.id).toBe("boolean");
      // Optional (from the fourth dev collection on): what the category rests on; the bench scores each basis apart.
      if (e.category_basis !== undefined) expect(BASES, e.id).toContain(e.category_basis);
    }
  });

  it("dev split: top-1, candidate recall and match_runbook stay at their floors, nothing wrong is said at high confidence", async () => {
    const runbook = await h2Runbook();
    const runbooks = (await loadRunbooks([bundledRunbooksDir()])).runbooks;
    const findsH2 = (text: string) => matchRunbooks(runbooks, text).some((m) => m.runbookId === runbook.id);
    const results = await runCorpus(dev, async (dir) => runDiagnosis(await loadSnapshotDir(dir), runbook).report, findsH2);
    const figures = score(results);
    const summary = formatScore(figures, results, { verbose: true });
    expect(figures.dev.highWrong, summary).toEqual([]);
    expect(figures.dev.top1, summary).toBeGreaterThanOrEqual(DEV_TOP1_FLOOR);
    expect(figures.dev.recall, summary).toBeGreaterThanOrEqual(DEV_RECALL_FLOOR);
    expect(figures.dev.runbook, summary).toBeGreaterThanOrEqual(DEV_RUNBOOK_FLOOR);
    expect(figures.dev.meanCauses, summary).toBeLessThanOrEqual(DEV_MEAN_CAUSES_CEILING);
    // One library: whatever the diagnosis recognised in a message, match_runbook leads to H2 for it.
    const recognisedWithoutRunbook = results.filter((r) => r.candidates.length > 0 && r.runbook === false).map((r) => r.id);
    expect(recognisedWithoutRunbook, summary).toEqual([]);
  }, 120_000);
});
