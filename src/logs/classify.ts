// Turns log evidence into what the diagnosis asks of it: for each cause, the matches that point to it, and
// the distinct SDK versions seen with a judgement against their IRSA / Pod Identity minimums. An SDK judged
// too old adds its sightings to "sdk.too_old" — the one cause a version line alone can show.

import type { LogEvidence, LogMatch } from "../snapshot/types.js";
import type { LogCauseId } from "./causes.js";
import { getLogPattern } from "./patterns/index.js";
import { compareVersions, judgeSdkVersion, type Mechanism, type SdkJudgement } from "./sdk-versions.js";
import type { SdkName, Severity } from "./types.js";
import { compareText } from "../util/compare.js";

interface CauseSignal {
  causeId: LogCauseId;
  /** The highest severity among the patterns that point to it. */
  severity: Severity;
  /** Lines that pointed to it: every counted match of its patterns, plus the kept too-old SDK sightings. */
  count: number;
  patternIds: string[];
  /** The kept matches, in evidence order. */
  matches: LogMatch[];
}

interface SdkSighting {
  sdk: SdkName;
  version: string;
  /** Where it was seen (sources, sorted). */
  files: string[];
  irsa: SdkJudgement;
  podIdentity: SdkJudgement;
}

export interface LogSignals {
  /** Sorted by severity (high first), then cause id. */
  causes: CauseSignal[];
  /** Sorted by SDK name, then version. */
  sdks: SdkSighting[];
  /** Pattern ids in the evidence that this build does not know (evidence from another version). */
  unknownPatternIds: string[];
}

export interface ClassifyOptions {
  /** The credential mechanism the pod uses, when known: decides which minimum makes an SDK "too old". */
  mechanism?: Mechanism | "unknown";
}

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

export function classifyLogSignals(evidence: LogEvidence, options: ClassifyOptions = {}): LogSignals {
  const causes = new Map<LogCauseId, CauseSignal>();
  const sightings = new Map<string, { sdk: SdkName; version: string; files: Set<string>; matches: LogMatch[] }>();
  const unknown = new Set<string>();
  const counted = new Set<string>();

  const add = (causeId: LogCauseId, severity: Severity, patternId: string, match: LogMatch, count: number): void => {
    let signal = causes.get(causeId);
    if (!signal) causes.set(causeId, (signal = { causeId, severity, count: 0, patternIds: [], matches: [] }));
    if (RANK[severity] > RANK[signal.severity]) signal.severity = severity;
    if (!signal.patternIds.includes(patternId)) signal.patternIds.push(patternId);
    signal.matches.push(match);
    signal.count += count;
  };

  for (const match of evidence.matches) {
    const pattern = getLogPattern(match.patternId);
    if (!pattern) {
      unknown.add(match.patternId);
      continue;
    }
    for (const causeId of pattern.suggests) {
      // A pattern's total is added once per cause, on its first kept match.
      const key = `${causeId}\u0000${pattern.id}`;
      const total = counted.has(key) ? 0 : (evidence.counts[pattern.id] ?? 1);
      counted.add(key);
      add(causeId, pattern.severity, pattern.id, match, total);
    }
    const version = match.captures["version"];
    if (pattern.sdk && version) {
      const key = `${pattern.sdk}\u0000${version}`;
      let s = sightings.get(key);
      if (!s) sightings.set(key, (s = { sdk: pattern.sdk, version, files: new Set(), matches: [] }));
      s.files.add(match.file);
      s.matches.push(match);
    }
  }

  const mechanism = options.mechanism ?? "unknown";
  const sdks: SdkSighting[] = [];
  for (const s of sightings.values()) {
    const irsa = judgeSdkVersion(s.sdk, s.version, "irsa");
    const podIdentity = judgeSdkVersion(s.sdk, s.version, "pod_identity");
    sdks.push({ sdk: s.sdk, version: s.version, files: [...s.files].sort(compareText), irsa, podIdentity });
    // Too old for IRSA is too old for both, so with the mechanism unknown that is the test.
    const judged = mechanism === "pod_identity" ? podIdentity : irsa;
    if (judged.verdict === "too_old") for (const m of s.matches) add("sdk.too_old", "medium", m.patternId, m, 1);
  }
  sdks.sort((a, b) => compareText(a.sdk, b.sdk) || compareVersions(a.version, b.version) || compareText(a.version, b.version));

  const ordered = [...causes.values()].sort((a, b) => RANK[b.severity] - RANK[a.severity] || compareText(a.causeId, b.causeId));
  for (const c of ordered) c.patternIds.sort(compareText);
  return { causes: ordered, sdks, unknownPatternIds: [...unknown].sort(compareText) };
}
