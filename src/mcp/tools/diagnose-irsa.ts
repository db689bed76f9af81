// diagnose_irsa: the whole H2 runbook in one call: gather the evidence (a snapshot folder, or the cluster and
// AWS account live), run its phases (triage, enrich, report) and answer with the report: structured under
// the report's schema, and as the runbook's YAML in the text. Progress goes to clients that ask for it.
// Also the target arguments and the executor wiring the phase tools (irsa-phase.ts) share.

import { z } from "zod";
import { reportSchema } from "../schemas/report.js";
import { answerWithText, defineTool, fail, type ToolContext } from "../tool.js";
import { inArgumentNames, withArgumentNames } from "../cli-words.js";
import type { ExecutorDeps } from "../../executor/index.js";

const name = (what: string, example: string) => z.string().min(1).max(253).optional().describe(`${what}, e.g. ${example}`);

/** What to diagnose: a live target, or a snapshot folder instead of live access (exactly one of the two). */
export const targetInput = {
  namespace: name("Live: the pod's namespace (with pod or serviceAccount)", "payments"),
  pod: name("Live: the pod that cannot get AWS credentials", "payments-api-7d9c8b6f5-x2k4q"),
  serviceAccount: name("Live: the service account, when no single pod is named (one of its pods is chosen)", "payments-api"),
  cluster: name("Live: the EKS cluster name (default: from the kubeconfig context)", "prod-eu"),
  region: name("Live: the AWS region (default: from the kubeconfig context, AWS_REGION or the profile)", "eu-west-1"),
  context: name("Live: the kubeconfig context (default: the current one)", "prod-eu-admin"),
  profile: name("Live: the AWS profile (default: AWS_PROFILE or the default chain)", "prod-readonly"),
  instanceId: name("The EC2 instance of the pod's node (default: from the node's providerID)", "i-0abc123def4567890"),
  incidentTime: name("RFC 3339 time of the failure; centres the CloudTrail window", "2024-05-14T09:32:00Z"),
  snapshot: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Instead of live access: a snapshot folder of kubectl/aws outputs and logs (absolute, or relative to the server's working directory)",
    ),
  errorText: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The error message as the pod printed it (verbatim, several lines if need be). Alone: diagnosed from the message, " +
        "with the candidate causes and what to collect to decide; with snapshot or a live target: read as one more log",
    ),
};

/** What the executor needs from a tool call: the server's runbooks, its session store, clock, log and progress. */
export async function executorDeps(ctx: ToolContext): Promise<ExecutorDeps> {
  const { sessionStoreFor } = await import("../../executor/index.js");
  return {
    loadRunbooks: () => ctx.runbooks.load(),
    sessions: sessionStoreFor(ctx.state),
    clock: ctx.clock,
    cwd: process.cwd(),
    logger: ctx.logger,
    signal: ctx.signal,
    ...(ctx.progress ? { progress: ctx.progress } : {}),
    checkTarget: async (snapshot, plan) => (await import("../target-check.js")).checkTarget(snapshot, plan, ctx.clock()),
  };
}

export const diagnoseIrsaOutput = reportSchema.extend({
  diagnosis_id: z.string().describe("The diagnosis session: pass it as diagnosisId to irsa_phase to see the runbook's steps"),
});

export const diagnoseIrsa = defineTool({
  name: "diagnose_irsa",
  title: "Diagnose a pod's AWS credentials (IRSA / Pod Identity)",
  description:
    "Find why a pod on EKS cannot get AWS credentials through IRSA or EKS Pod Identity: runs the whole H2 runbook " +
    "(triage, enrich, report) and returns its report: root_cause, evidence, mitigation, cause_id, confidence, candidates, " +
    "missing evidence and operator actions with safety ratings (never performed). Pass namespace with pod or " +
    "serviceAccount to read the cluster and AWS account live (read-only), or snapshot for a collected folder; " +
    "errorText adds the error message the user has, or is diagnosed alone when that is all there is. " +
    "The text is the report in the runbook's YAML format.",
  kind: "read",
  openWorld: true,
  localPaths: ["snapshot"],
  input: targetInput,
  output: diagnoseIrsaOutput,
  async run(args, ctx) {
    const executor = await import("../../executor/index.js");
    const { renderReport } = await import("../../report/render.js");
    try {
      const { session } = await executor.diagnoseAllPhases(args, await executorDeps(ctx));
      // Live, "pass --region" is the collectors' advice to the CLI; the caller here passes arguments.
      const report = session.origin === "live" ? withArgumentNames(session.report) : session.report;
      const yaml = renderReport(report, "yaml");
      return answerWithText(
        { ...report, diagnosis_id: session.id },
        `${yaml}# diagnosis_id: ${session.id} (irsa_phase with diagnosisId and phase triage, enrich or report shows the runbook's steps for it)\n`,
      );
    } catch (error) {
      if (error instanceof executor.ExecutorError) return fail(inArgumentNames(error.message));
      throw error;
    }
  },
});
