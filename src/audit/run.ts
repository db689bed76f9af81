// The audit: every binding's view run through the diagnosis engine with the audit's checks, its verdict
// kept in one line, and the causes that break the cluster rather than one workload gathered once.

import { diagnose } from "../diagnosis/engine.js";
import type { Finding } from "../checks/types.js";
import { compareText } from "../util/compare.js";
import { AUDIT_CHECKS, LEFT_OUT, NOT_READ } from "./checks.js";
import { findBindings } from "./bindings.js";
import { indexFleet } from "./fleet-index.js";
import { bindingSnapshot } from "./view.js";
import type { AuditResult, BindingVerdict, ClusterFinding, FleetEvidence } from "./types.js";

/** Causes that, when they fire, are about the cluster (its webhook, its OIDC provider, its agent). */
const CLUSTER_CAUSES = new Set(["oidc_provider.missing", "oidc_provider.audience_mismatch", "oidc_provider.thumbprint_mismatch", "pod_identity.agent_not_running"]);
const CLUSTER_EVIDENCE_TYPES = new Set(["cluster", "oidc_provider", "node"]);

export interface AuditOptions {
  namespaces?: readonly string[];
  /** Called every `every` bindings (and at the end) for a progress line. */
  onProgress?(done: number, total: number): void;
}

export function runAudit(fleet: FleetEvidence, opts: AuditOptions = {}): AuditResult {
  const idx = indexFleet(fleet);
  const bindings = findBindings(idx, opts.namespaces ?? null);
  const verdicts: BindingVerdict[] = [];
  const clusterWide = new Map<string, { finding: Finding; bindings: string[]; lines: Set<string> }>();
  const every = Math.max(1, Math.ceil(bindings.length / 20));
  bindings.forEach((b, i) => {
    const snapshot = bindingSnapshot(idx, b);
    const d = diagnose(snapshot, AUDIT_CHECKS);
    const pods = snapshot.k8s.pods.status === "found" ? snapshot.k8s.pods.value.map((p) => p.metadata.name).sort(compareText) : [];
    const evidence = d.primary?.detail ?? d.summary.slice(0, 2).join("; ") ?? "";
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

function clusterSentence(cause: string, f: Finding): string {
  return `${cause}: ${f.detail}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 400 ? `${flat.slice(0, 397)}...` : flat;
}

/** The verdict is a cause: neither healthy nor undecided. */
export const isBroken = (v: Pick<BindingVerdict, "cause_id">): boolean => v.cause_id !== "healthy" && v.cause_id !== "inconclusive";
