// audit_irsa: every IRSA and Pod Identity binding of a cluster judged at once (live, or a fleet bundle), as
// `irsa-doctor audit` does: per binding the verdict the per-pod diagnosis would give, cluster-wide causes
// once, and the checks left out because only logs decide them. Trimmed to broken bindings unless asked,
// so a cluster of thousands of healthy bindings does not fill the model's context.

import { z } from "zod";
import { defineTool, fail } from "../tool.js";

const str = (what: string) => z.string().min(1).optional().describe(what);
const confidence = z.enum(["high", "medium", "low"]);

const bindingSchema = z.object({
  namespace: z.string(),
  service_account: z.string(),
  mechanism: z.enum(["irsa", "pod_identity", "both"]),
  role_arn: z.string().nullable(),
  cause_id: z.string().describe("healthy, inconclusive, or the cause id the per-pod diagnosis gives its pods"),
  confidence,
  pods: z.array(z.string()),
  evidence: z.string(),
});

const auditIrsaOutput = z.object({
  summary: z.object({
    bindings: z.number().int(),
    healthy: z.number().int(),
    broken: z.number().int(),
    inconclusive: z.number().int(),
    by_cause: z.record(z.string(), z.number().int()),
  }),
  cluster_findings: z.array(z.object({ cause_id: z.string(), confidence, evidence: z.string(), bindings: z.array(z.string()) })),
  bindings: z.array(bindingSchema),
  not_checked: z.array(z.object({ cause_id: z.string(), why: z.string() })),
  problems: z.array(z.object({ source: z.string(), message: z.string() })),
  shown: z.enum(["all", "broken"]).describe("broken: healthy and inconclusive bindings were left out (pass includeHealthy to see them)"),
});

export const auditIrsa = defineTool({
  name: "audit_irsa",
  title: "Audit every IRSA / Pod Identity binding of a cluster",
  description:
    "Judge every IRSA / Pod Identity binding (service account with a role) of a cluster in one call: per binding the " +
    "per-pod diagnosis's verdict, cluster-wide causes once, and the checks only pod logs decide (left out). Live or a " +
    "fleet snapshot folder; broken bindings only unless includeHealthy. diagnose_irsa a pod for its fix.",
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: {
    namespaces: z.array(z.string().min(1).max(63)).max(1000).optional().describe("Only these namespaces (default all)"),
    cluster: str("EKS cluster name (default: from the context)"),
    region: str("AWS region (default: from the context or profile)"),
    context: str("kubeconfig context (default: current)"),
    profile: str("AWS profile (default chain if absent)"),
    snapshot: z.string().min(1).optional().describe("A fleet snapshot folder instead of live access"),
    includeHealthy: z.boolean().optional().describe("Also list healthy/inconclusive bindings"),
  },
  output: auditIrsaOutput,
  async run(args, ctx) {
    const { runAudit } = await import("../../audit/run.js");
    const { auditDocument } = await import("../../audit/render.js");
    const report = (done: number, total: number | undefined, message: string) => ctx.progress?.(done, total, message);
    let fleet;
    // Progress must only grow: judging counts on from the requests the read answered.
    let read = 0;
    try {
      if (args.snapshot) {
        const live = (["cluster", "region", "context", "profile"] as const).filter((k) => args[k] !== undefined);
        if (live.length > 0) return fail(`snapshot audits a folder: drop ${live.join(", ")}, or drop snapshot to audit the cluster live`);
        report(0, undefined, `reading the fleet snapshot ${args.snapshot}`);
        const { loadFleetDir } = await import("../../audit/offline.js");
        fleet = await loadFleetDir(args.snapshot);
      } else {
        report(0, undefined, "reading the cluster and the account");
        const { collectFleetLive } = await import("../../audit/live/index.js");
        const live = await collectFleetLive({
          ...(args.namespaces ? { namespaces: args.namespaces } : {}),
          ...(args.cluster ? { cluster: args.cluster } : {}),
          ...(args.region ? { region: args.region } : {}),
          ...(args.context ? { context: args.context } : {}),
          ...(args.profile ? { profile: args.profile } : {}),
          onProgress: (line) => ctx.logger.info(line),
          // Requests answered so far: the total is not known until every list has come back.
          onRead: (requests, line) => report(requests, undefined, line),
        });
        fleet = live.fleet;
        read = live.calls.length;
      }
    } catch (error) {
      if (error instanceof Error && (error.name === "SnapshotError" || error.name === "CollectError" || error.name === "KubeconfigError"))
        return fail(error.message);
      throw error;
    }
    const result = runAudit(fleet, {
      ...(args.namespaces ? { namespaces: args.namespaces } : {}),
      onProgress: (done, total) => report(read + done, read + total, `judged ${done} of ${total} bindings`),
    });
    const all = args.includeHealthy === true;
    return { ...auditDocument(result, !all), shown: all ? ("all" as const) : ("broken" as const) };
  },
});
