// Confidence discipline: a cause is given with high confidence only when the hop of the credential path it
// names as broken is proven by an item of evidence that says where it was read (a file of the snapshot, an
// API call). Per category, the kinds of evidence that can prove that hop; a high finding with none of them
// is lowered to medium, saying what would prove it.

import type { Finding, ReportEvidence } from "../checks/types.js";
import type { Facts } from "./facts/index.js";
import type { ContainerPath } from "./credential-path/path.js";

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

/** The categories whose causes are hops after the web identity token: they fail only for a token presented to STS. */
const AFTER_TOKEN = new Set(["oidc_provider", "trust_policy", "token"]);

/**
 * A hop after the token named as broken while the pod was read and none of its containers carries the web
 * identity token: that pod never presents one, so the hop is not what fails it now (the injection is, or
 * another credential source). Only an STS refusal recorded in the evidence (a log line, CloudTrail) shows a
 * token did reach it. null when the finding is not concerned.
 */
function unreachedHop(f: Finding, facts: Pick<Facts, "pod" | "credentialPaths">): string | null {
  const category = f.causeId.split(".")[0] ?? "";
  if (!AFTER_TOKEN.has(category) || !facts.pod || facts.credentialPaths.length === 0) return null;
  // A token finding may be about Pod Identity's token, which the container provider presents.
  const presents = (p: ContainerPath) => p.provider === "web_identity" || (category === "token" && p.provider === "container");
  if (facts.credentialPaths.some(presents)) return null;
  if (f.evidence.some((e) => (e.type === "credential_finding" || e.type === "cloudtrail") && e.source)) return null;
  const providers = [...new Set(facts.credentialPaths.map((p) => p.provider))].join(", ");
  return `why no container of pod ${facts.pod.metadata.name} carries AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE (their SDKs select: ${providers}): the pod never presents a web identity token, so this hop is not what fails it now; or an STS refusal (log line, CloudTrail event) showing a token reached it`;
}

/**
 * A high finding without proof of its decisive hop, lowered to medium with what would prove it; likewise a
 * hop after the token for a pod that never presents one.
 */
export function disciplined(f: Finding, facts?: Pick<Facts, "pod" | "credentialPaths">): Finding {
  if (f.confidence !== "high") return f;
  const unreached = facts ? unreachedHop(f, facts) : null;
  if (unreached) return { ...f, confidence: "medium", toConfirm: [...(f.toConfirm ?? []), unreached] };
  if (decisiveEvidence(f).length > 0) return f;
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
