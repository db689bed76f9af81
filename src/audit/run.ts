// The audit: every binding's view run through the diagnosis engine with the audit's checks, its verdict
// kept in one line, and the causes that break the cluster rather than one workload gathered once.

import { diagnose } from "../diagnosis/engine.js";
import type { Confidence, Finding } from "../checks/types.js";
import type { Diagnosis } from "../diagnosis/engine.js";
import type { GenericObject, Snapshot } from "../snapshot/types.js";
import { compareText } from "../util/compare.js";
import { AUDIT_CHECKS, LEFT_OUT, NOT_READ } from "./checks.js";
import { findBindings } from "./bindings.js";
import { indexFleet, ownersOf, type FleetIndex } from "./fleet-index.js";
import { groupPods } from "./pod-groups.js";
import { holdTightHeap } from "./heap.js";
import { bindingSnapshot } from "./view.js";
import type { AuditResult, Binding, BindingVerdict, ClusterFinding, FleetEvidence } from "./types.js";

/** Causes that, when they fire, are about the cluster (its webhook, its OIDC provider, its agent). */
const CLUSTER_CAUSES = new Set([
  "oidc_provider.missing",
  "oidc_provider.audience_mismatch",
  "oidc_provider.thumbprint_mismatch",
  "pod_identity.agent_not_running",
]);
const CLUSTER_EVIDENCE_TYPES = new Set(["cluster", "oidc_provider", "node"]);

export interface AuditOptions {
  namespaces?: readonly string[];
  /** Called every `every` bindings (and at the end) for a progress line. */
  onProgress?(done: number, total: number): void;
}

export function runAudit(fleet: FleetEvidence, opts: AuditOptions = {}): AuditResult {
  const release = holdTightHeap();
  try {
    return judgeFleet(fleet, opts);
  } finally {
    release();
  }
}

function judgeFleet(fleet: FleetEvidence, opts: AuditOptions): AuditResult {
  const idx = indexFleet(fleet);
  const bindings = findBindings(idx, opts.namespaces ?? null);
  const verdicts: BindingVerdict[] = [];
  const clusterWide = new Map<string, { finding: Finding; bindings: string[]; lines: Set<string> }>();
  const every = Math.max(1, Math.ceil(bindings.length / 20));
  bindings.forEach((b, i) => {
    const { snapshot, d, group } = judgeBinding(idx, b);
    const pods = snapshot.k8s.pods.status === "found" ? snapshot.k8s.pods.value.map((p) => p.metadata.name).sort(compareText) : [];
    const said = d.primary?.detail ?? d.summary.slice(0, 2).join("; ") ?? "";
    const evidence =
      group && group.length < pods.length
        ? `${group.length} of ${pods.length} pods (${group.slice(0, 3).join(", ")}${group.length > 3 ? ", ..." : ""}): ${said}`
        : said;
    verdicts.push({
      namespace: b.namespace,
      service_account: b.serviceAccount,
      mechanism: b.mechanism,
      role_arn: b.roleArn,
      cause_id: d.outcome,
      confidence: d.confidence,
      pods,
      evidence: oneLine(evidence),
    });
    const p = d.primary;
    if (p && (p.clusterWide || CLUSTER_CAUSES.has(p.causeId))) {
      const entry = clusterWide.get(p.causeId) ?? { finding: p, bindings: [], lines: new Set<string>() };
      entry.bindings.push(`${b.namespace}/${b.serviceAccount}`);
      for (const e of p.evidence) if (CLUSTER_EVIDENCE_TYPES.has(e.type)) entry.lines.add(e.content);
      clusterWide.set(p.causeId, entry);
    }
    if ((i + 1) % every === 0 || i + 1 === bindings.length) opts.onProgress?.(i + 1, bindings.length);
  });

  const byCause: Record<string, number> = {};
  for (const v of verdicts) byCause[v.cause_id] = (byCause[v.cause_id] ?? 0) + 1;
  const healthy = byCause["healthy"] ?? 0;
  const inconclusive = byCause["inconclusive"] ?? 0;
  const cluster_findings: ClusterFinding[] = [...clusterWide.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([cause, e]) => ({
      cause_id: e.finding.causeId,
      confidence: e.finding.confidence,
      evidence: oneLine([...e.lines].slice(0, 3).join("; ") || clusterSentence(cause, e.finding)),
      bindings: e.bindings,
    }));
  return {
    summary: {
      bindings: verdicts.length,
      healthy,
      broken: verdicts.length - healthy - inconclusive,
      inconclusive,
      by_cause: Object.fromEntries(Object.entries(byCause).sort(([a], [b]) => compareText(a, b))),
    },
    cluster_findings,
    bindings: verdicts,
    not_checked: [...LEFT_OUT, ...NOT_READ],
    problems: fleet.problems,
  };
}

const SEVERITY = (outcome: string): number => (outcome === "healthy" ? 0 : outcome === "inconclusive" ? 1 : 2);
const CONFIDENCE: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
/**
 * The registry's order, which follows the credential chain: the engine ranks a pod's equally sure findings by it
 * (the earliest broken link explains the later ones), and the audit ranks its groups' equally sure causes the same
 * way rather than by whichever pod sorts first. Lower is earlier; no cause sorts last.
 */
const CHAIN_ORDER = new Map<string, number>(AUDIT_CHECKS.map((c, i) => [c.id, i]));
const chainOrder = (d: Diagnosis): number => CHAIN_ORDER.get(d.primary?.causeId ?? "") ?? CHAIN_ORDER.size;

/**
 * A binding's verdict: its pods grouped by credential settings (pod-groups.ts), each group judged through its own
 * pod as `diagnose` would judge that pod; the worst group decides (a cause over inconclusive over healthy, then
 * the surer, then the earlier in the credential chain, then the larger). One group, the usual case, is judged
 * exactly as `diagnose --service-account`.
 */
function judgeBinding(idx: FleetIndex, b: Binding): { snapshot: Snapshot; d: Diagnosis; group: string[] | null } {
  const pods = idx.podsBySa.get(`${b.namespace}/${b.serviceAccount}`) ?? [];
  // One pod (or none) is one group: no need to read its settings to find that out.
  const groups = pods.length <= 1 ? [] : groupPods(pods, (p) => ownersOf(idx, p).map((o) => o.value as GenericObject), idx.agentNodes);
  if (groups.length <= 1) {
    const snapshot = bindingSnapshot(idx, b);
    return { snapshot, d: diagnose(snapshot, AUDIT_CHECKS), group: null };
  }
  const judged = groups.map((g) => {
    const snapshot = bindingSnapshot(idx, b, g.representative.metadata.name);
    return { snapshot, d: diagnose(snapshot, AUDIT_CHECKS), group: g.pods.map((p) => p.metadata.name).sort(compareText) };
  });
  return judged.reduce((worst, j) =>
    (SEVERITY(j.d.outcome) - SEVERITY(worst.d.outcome) ||
      CONFIDENCE[j.d.confidence] - CONFIDENCE[worst.d.confidence] ||
      chainOrder(worst.d) - chainOrder(j.d) ||
      j.group.length - worst.group.length) > 0
      ? j
      : worst,
  );
}

function clusterSentence(cause: string, f: Finding): string {
  return `${cause}: ${f.detail}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 400 ? `${flat.slice(0, 397)}...` : flat;
}

/** The verdict is a cause: neither healthy nor undecided. */
export const isBroken = (v: Pick<BindingVerdict, "cause_id">): boolean => v.cause_id !== "healthy" && v.cause_id !== "inconclusive";
