// zod mirror of the report (src/report/types.ts): the output schema of diagnose_irsa and of the report phase.
// The assertion at the bottom makes typecheck fail when the report and this schema drift apart.

import { z } from "zod";
import { CATEGORIES, type OutcomeId } from "../../causes.js";
import type { Report } from "../../report/types.js";

const confidence = z.enum(["high", "medium", "low"]);

/**
 * "healthy", "inconclusive" or "<category>.<cause>", e.g. "trust_policy.subject_mismatch". On the wire it is
 * the pattern, so a client built against this schema accepts a cause added later; in the code it is typed as
 * the exact union of src/causes.ts.
 */
const outcomeIdPattern = z
  .union([z.literal("healthy"), z.literal("inconclusive"), z.templateLiteral([z.enum(CATEGORIES), ".", z.string()])])
  .describe('"healthy", "inconclusive" or a cause id "<category>.<cause>", e.g. trust_policy.subject_mismatch');
const outcomeIdSchema = outcomeIdPattern as unknown as z.ZodType<OutcomeId>;

const evidenceItem = z.object({
  type: z.string().describe("credential_finding, sa_config, trust_policy, oidc_provider, pod_spec, event, log, ..."),
  content: z.string(),
  source: z.string().optional().describe("The snapshot file or API call it came from"),
});

const candidate = z.object({
  cause_id: outcomeIdSchema,
  confidence,
  reason: z.string(),
  to_confirm: z.array(z.string()).optional().describe("What would confirm or rule it out, when not confirmed"),
});

const operatorAction = z.object({
  description: z.string(),
  command: z.string().describe("For an operator to run; irsa-doctor never runs it"),
  rating: z.enum(["GREEN", "YELLOW", "RED"]).nullable().describe("The runbook's safety rating; null when it does not rate it"),
  rating_note: z.string(),
  policy: z.unknown().optional().describe("The corrected policy document, for trust-policy fixes"),
});

export const reportSchema = z.object({
  root_cause: z.string().describe("<category> — <detail>, as the runbook's Output Format asks"),
  evidence: z.array(evidenceItem),
  severity: z.string(),
  mitigation: z.object({ immediate: z.string(), long_term: z.string() }),
  cause_id: outcomeIdSchema,
  confidence,
  candidates: z.array(candidate).describe("Every cause that fired, ranked; the first is the cause when confirmed"),
  escalation: z.array(z.string()).describe("The runbook's escalation conditions that hold"),
  missing_evidence: z.array(z.object({ what: z.string(), reason: z.string(), detail: z.string(), remedy: z.string() })),
  operator_actions: z.array(operatorAction).describe("Recommended, never performed"),
  target: z.object({
    cluster: z.string().nullable(),
    region: z.string().nullable(),
    namespace: z.string(),
    pod: z.string().nullable(),
    service_account: z.string().nullable(),
  }),
  runbook: z.string().describe("The id of the runbook the report follows"),
  credential_path: z
    .array(
      z.object({
        container: z.string(),
        sdk: z.string(),
        provider: z.string().describe("The provider the SDK's default chain selects from the container's settings"),
        why: z.array(z.string()),
        identity: z.object({ kind: z.string(), name: z.string(), session: z.string().optional() }),
        uncertain: z.array(z.string()).optional(),
        hops: z.array(
          z.object({
            hop: z.string(),
            status: z.enum(["ok", "broken", "unknown"]),
            evidence: z.string(),
            source: z.string().optional(),
            time: z.string().optional(),
          }),
        ),
      }),
    )
    .describe("Per container: what its SDK really uses, hop by hop"),
  timeline: z
    .array(z.object({ time: z.string(), what: z.string(), source: z.string().optional() }))
    .describe("The dated events the verdict took into account, oldest first"),
});

// Compile-time drift check: each side must be assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [Same<z.output<typeof reportSchema>, Report>, OutcomeId extends z.output<typeof outcomeIdPattern> ? true : false] = [
  true,
  true,
];
void checks;
