// `irsa-doctor audit`: every IRSA and Pod Identity binding of a cluster judged at once, live or from a
// bundle. Exit 0 whenever the audit ran, whatever it found; 3 with --fail-on broken when a binding is broken.

import { resolve } from "node:path";
import { SnapshotError } from "../../snapshot/load/index.js";
import { AUDIT_FORMATS, renderAudit, type AuditFormat } from "../../audit/render.js";
import { runAudit } from "../../audit/run.js";
import type { FleetEvidence } from "../../audit/types.js";
import { EXIT } from "../io.js";
import type { CliCommand, ParsedArgs } from "./types.js";

const BROKEN_EXIT = 3;

const str = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.values[name];
  return typeof v === "string" && v !== "" ? v : undefined;
};

export const auditCommand: CliCommand = {
  name: "audit",
  usage:
    "irsa-doctor audit [--namespace NS]... [--cluster NAME] [--region R] [--context C] [--profile P] [--format table|json|yaml|sarif] [--only-broken] [--fail-on broken] | --snapshot DIR",
  help: [
    "Judges every binding of the cluster: each service account that IRSA (the eks.amazonaws.com/role-arn",
    "annotation) or EKS Pod Identity (an association) gives a role, with the pods that run as it. Each gets the",
    "verdict the per-pod diagnosis would give its pods (healthy, or the cause id); causes that break the cluster",
    "(OIDC provider, webhook, agent) are listed once with the bindings they break. Logs and CloudTrail are not",
    "read: the checks only they decide are named under not_checked.",
    "",
    "Options:",
    "  -n, --namespace NS   Audit this namespace (repeatable; default every namespace).",
    "  --snapshot DIR       Audit a bundle (kubectl get sa,pods -A -o json, aws iam list-roles, ...) instead of a",
    "                       live cluster; its target.yaml needs only cluster and region.",
    "  --format FMT         table (default), json, yaml or sarif (SARIF 2.1.0, broken bindings as results).",
    "  --only-broken        Leave out healthy and inconclusive bindings.",
    "  --fail-on broken     Exit 3 when a binding is broken (for CI pipelines).",
    "  --cluster NAME, --region R, --context C, --profile P, --kubeconfig FILE, --timeout MS   As for diagnose.",
    "",
    "Exit codes: 0 when the audit ran (whatever it found), 1 when the evidence could not be read, 2 for bad",
    "usage, 3 with --fail-on broken when a binding is broken.",
  ].join("\n"),
  options: {
    namespace: { type: "string", short: "n", multiple: true },
    snapshot: { type: "string" },
    format: { type: "string" },
    "only-broken": { type: "boolean" },
    "fail-on": { type: "string" },
    cluster: { type: "string" },
    region: { type: "string" },
    context: { type: "string" },
    profile: { type: "string" },
    kubeconfig: { type: "string" },
    timeout: { type: "string" },
  },
  async run(args, io) {
    const format = str(args, "format") ?? "table";
    if (!(AUDIT_FORMATS as readonly string[]).includes(format)) {
      io.stderr(`irsa-doctor audit: --format takes ${AUDIT_FORMATS.join(", ")}, not "${format}".\n`);
      return EXIT.usage;
    }
    const failOn = str(args, "fail-on");
    if (failOn !== undefined && failOn !== "broken") {
      io.stderr(`irsa-doctor audit: --fail-on takes broken, not "${failOn}".\n`);
      return EXIT.usage;
    }
    const timeout = str(args, "timeout");
    if (timeout && !/^\d+$/.test(timeout)) {
      io.stderr(`irsa-doctor audit: --timeout takes milliseconds, not "${timeout}".\n`);
      return EXIT.usage;
    }
    const namespaces = ((args.values["namespace"] as string[] | undefined) ?? []).filter((n) => n !== "");
    const snapshotDir = str(args, "snapshot");
    const liveFlags = ["cluster", "region", "context", "profile", "kubeconfig", "timeout"].filter((k) => args.values[k] !== undefined);
    if (snapshotDir && liveFlags.length > 0) {
      io.stderr(`irsa-doctor audit: --snapshot audits a folder; drop --${liveFlags.join(", --")}, or drop --snapshot to audit live.\n`);
      return EXIT.usage;
    }
    const progress = (line: string) => io.stderr(`irsa-doctor audit: ${line}\n`);
    let fleet: FleetEvidence;
    try {
      if (snapshotDir) {
        const { loadFleetDir } = await import("../../audit/offline.js");
        fleet = await loadFleetDir(resolve(io.cwd, snapshotDir));
      } else {
        const { collectFleetLive } = await import("../../audit/live/index.js");
        const live = await collectFleetLive({
          namespaces,
          onProgress: progress,
          ...(str(args, "cluster") ? { cluster: str(args, "cluster") } : {}),
          ...(str(args, "region") ? { region: str(args, "region") } : {}),
          ...(str(args, "context") ? { context: str(args, "context") } : {}),
          ...(str(args, "profile") ? { profile: str(args, "profile") } : {}),
          ...(str(args, "kubeconfig") ? { kubeconfigPath: str(args, "kubeconfig") } : {}),
          ...(timeout ? { timeoutMs: Number(timeout) } : {}),
        });
        fleet = live.fleet;
      }
    } catch (error) {
      const known =
        error instanceof SnapshotError || (error instanceof Error && (error.name === "CollectError" || error.name === "KubeconfigError"));
      if (!known) throw error;
      io.stderr(`irsa-doctor audit: ${error.message}\n`);
      return EXIT.failed;
    }
    for (const p of fleet.problems) io.stderr(`irsa-doctor audit: warning: ${p.source}: ${p.message} (not used)\n`);
    const result = runAudit(fleet, {
      namespaces,
      onProgress: (done, total) => {
        if (total >= 200) progress(`judged ${done}/${total} bindings`);
      },
    });
    io.stdout(renderAudit(result, format as AuditFormat, args.values["only-broken"] === true));
    return failOn === "broken" && result.summary.broken > 0 ? BROKEN_EXIT : EXIT.ok;
  },
};
