// Confidence discipline: a cause is given with high confidence only when the hop of the credential path it
// names as broken is proven by an item of evidence that says where it was read (a file of the snapshot, an
// API call). Per category, the kinds of evidence that can prove that hop; a high finding with none of them
// is lowered to medium, saying what would prove it.

import type { Finding, ReportEvidence } from "../checks/types.js";

/** The evidence types that prove the decisive hop of each category's causes. */
const DECISIVE_EVIDENCE: Readonly<Record<string, readonly string[]>> = {
  // The variable, file or Secret the container really takes, and where it is set.
  credential_chain: ["pod_spec", "credential_path", "cloudtrail", "event", "credential_finding", "trust_policy"],
  irsa_annotation: ["sa_config", "iam_role", "permissions"],
  oidc_provider: ["oidc_provider"],
  trust_policy: ["trust_policy"],
  pod_identity: ["pod_identity", "trust_policy", "cluster", "pod_spec"],
  permissions: ["permissions", "credential_finding"],
  token: ["pod_spec", "sa_config", "credential_finding"],
  webhook: ["cluster", "pod_spec", "webhook"],
  network: ["cluster", "pod_spec", "credential_finding"],
  sdk: ["credential_finding", "pod_spec", "node"],
};

/** The finding's own evidence that proves its decisive hop: of a decisive type, and sourced. */
export function decisiveEvidence(f: Pick<Finding, "causeId" | "evidence">): ReportEvidence[] {
  const types = DECISIVE_EVIDENCE[f.causeId.split(".")[0] ?? ""] ?? [];
  return f.evidence.filter((e) => types.includes(e.type) && typeof e.source === "string" && e.source !== "");
}

/** A high finding without proof of its decisive hop, lowered to medium with what would prove it. */
export function disciplined(f: Finding): Finding {
  if (f.confidence !== "high" || decisiveEvidence(f).length > 0) return f;
  const types = DECISIVE_EVIDENCE[f.causeId.split(".")[0] ?? ""] ?? [];
  return {
    ...f,
    confidence: "medium",
    toConfirm: [
      ...(f.toConfirm ?? []),
      `evidence read from the cluster or the account that proves it (${types.join(", ") || "any sourced item"}): none of this finding's evidence says where it was read`,
    ],
  };
}
