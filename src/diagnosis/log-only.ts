// What a diagnosis can say when the checks found nothing firm and the logs are most of the evidence (a user
// pasted an error; a bundle holds logs only). Every cause a recognised line points to becomes a candidate
// with what to collect to confirm it; when a line settles the category on its own (its pattern `decides`,
// e.g. STS naming a missing OIDC provider), that cause is named at medium confidence — never high: a message
// alone is not the configuration. Both only for causes whose configuration evidence was not collected,
// since a check that read the configuration and stayed silent outweighs a log line.

import { CAUSE_IDS, causeOf, type CauseId } from "../causes.js";
import type { Finding } from "../checks/types.js";
import { clusterName } from "../checks/actions.js";
import { logEvidence, matchEvidence } from "../checks/evidence.js";
import { DENIAL_PATTERNS, denialOf } from "../checks/permissions/denial.js";
import { getLogPattern } from "../logs/index.js";
import { UNEXPLAINED_BY_CODE, UNEXPLAINED_BY_PATTERN } from "../logs/families.js";
import { isFound } from "../snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../snapshot/types.js";
import type { Facts } from "./facts/index.js";

// src/causes.ts lists causes in the order of the credential chain: the earliest broken link explains the rest.
const ORDER = new Map<string, number>(CAUSE_IDS.map((id, i) => [id, i]));
const title = (cause: CauseId): string => causeOf(cause).title;
const categoryOf = (cause: string): string => cause.split(".")[0] ?? cause;

type Signals = ReadonlyMap<string, readonly LogMatch[]>;

/** The causes a line lists: its pattern's `suggests`, or for an AWS error code no pattern explains, its code's family. */
function listedBy(match: LogMatch): readonly string[] {
  const pattern = getLogPattern(match.patternId);
  if (!pattern) return [];
  if (pattern.suggests.length === 0 && pattern.lastResort)
    return UNEXPLAINED_BY_PATTERN[pattern.id] ?? UNEXPLAINED_BY_CODE[match.captures["code"] ?? ""] ?? [];
  return pattern.suggests;
}

/**
 * The recognised lines by the cause they list. When only logs were collected, no recognised line points to a
 * cause and an AWS error code was left unexplained (src/logs/patterns/unexplained.ts), the code's family
 * (src/logs/families.ts): the net names the kind of failure, and the candidates say what to collect. Where
 * the pod or its service account was collected and no check explained the line, the report keeps saying
 * so rather than listing the family's leftovers. Checks never see these.
 */
function signalsOf(s: Snapshot, f: Facts): Signals {
  if (f.logSignals.size > 0 || isFound(s.k8s.pod) || isFound(s.k8s.serviceAccount)) return f.logSignals;
  const byCause = new Map<string, LogMatch[]>();
  for (const match of f.logMatches) for (const cause of listedBy(match)) byCause.set(cause, [...(byCause.get(cause) ?? []), match]);
  return byCause;
}

/**
 * Where a recognised line ranks a cause: its position in the pattern's `suggests`, which for the families
 * of src/logs/families.ts is how often the mechanism produces the message. The best rank over the lines wins.
 */
function familyRank(cause: string, signals: Signals): number {
  let best = Number.MAX_SAFE_INTEGER;
  for (const match of signals.get(cause) ?? []) {
    const at = listedBy(match).indexOf(cause);
    if (at >= 0 && at < best) best = at;
  }
  return best;
}

/** Whether the configuration a cause's check reads was collected (its silence then means "not this"). */
function collected(cause: string, s: Snapshot, f: Facts): boolean {
  const pod = isFound(s.k8s.pod);
  const sa = isFound(s.k8s.serviceAccount);
  switch (cause) {
    case "irsa_annotation.missing":
    case "irsa_annotation.malformed_arn":
      return sa;
    case "irsa_annotation.role_not_found":
      return f.irsaRole?.evidence.status === "found";
    case "credential_chain.role_arn_override":
      // Its check reads the containers' own env in the pod spec.
      return pod;
  }
  switch (categoryOf(cause)) {
    case "irsa_annotation":
      return pod && sa;
    case "webhook":
      return pod && isFound(s.k8s.mutatingWebhooks);
    case "oidc_provider":
      return isFound(s.aws.cluster) && isFound(s.aws.oidcProviderList);
    case "trust_policy":
      return isFound(s.aws.cluster) && f.irsaRole?.evidence.status === "found";
    case "pod_identity":
      return isFound(s.aws.podIdentityAssociations) && isFound(s.k8s.podIdentityAgent);
    case "permissions": {
      const role = f.irsaRole ?? f.podIdentityRole;
      return role !== null && s.aws.rolePermissions[role.arn]?.status === "found";
    }
    case "token":
    case "sdk":
      return pod;
    default:
      // network, and any category whose evidence is the logs themselves
      return false;
  }
}

/** What to collect to confirm or rule out a cause of this category, with the case's names. */
function toConfirm(category: string, s: Snapshot, f: Facts): string[] {
  const ns = f.workload.namespace;
  const sa = f.workload.serviceAccountName ?? "<service-account>";
  // One wording for the pod read, whatever the category, so the report lists it once.
  const pod = `kubectl get pod ${s.target.pod ?? "<pod>"} -n ${ns} -o yaml, for its start time, injected AWS_* environment and token volumes`;
  const cluster = clusterName(s, f);
  switch (category) {
    case "irsa_annotation":
      return [`kubectl get serviceaccount ${sa} -n ${ns} -o yaml, for the eks.amazonaws.com/role-arn annotation`, pod];
    case "webhook":
      return [pod, "kubectl get mutatingwebhookconfigurations -o yaml, for the pod-identity-webhook"];
    case "oidc_provider":
      return [
        `aws eks describe-cluster --name ${cluster}, for the cluster's OIDC issuer`,
        "aws iam list-open-id-connect-providers, to see whether that issuer has an IAM OIDC provider (and its client IDs)",
      ];
    case "trust_policy":
      return [
        "aws iam get-role --role-name <role named in eks.amazonaws.com/role-arn>, to read its trust policy",
        `aws eks describe-cluster --name ${cluster}, for the cluster's OIDC issuer`,
      ];
    case "pod_identity":
      return [
        `aws eks list-pod-identity-associations --cluster-name ${cluster} --namespace ${ns}`,
        "kubectl get daemonset eks-pod-identity-agent -n kube-system -o yaml, and the agent pods' logs",
      ];
    case "permissions":
      return ["aws iam list-attached-role-policies and list-role-policies for the role named in the denial, to read what it allows"];
    case "token":
      return [pod];
    case "credential_chain":
      return [
        pod,
        "the container's env and envFrom Secrets, and any mounted ~/.aws/credentials or AWS_PROFILE, for keys or a role that come before the pod's own identity in the SDK's chain",
      ];
    case "sdk":
      return [pod, "the application's AWS SDK name and version (its dependency lock file or image)"];
    case "network":
      return [
        `the pod's egress path to sts.${s.target.region ?? "<region>"}.amazonaws.com (NetworkPolicy, proxy settings, VPC endpoint, DNS)`,
      ];
    default:
      return [];
  }
}

// "The role..." reads on mid-sentence as "the role..."; "STS refused..." stays as it is.
const lowerFirst = (text: string): string => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);

function firstLine(matches: readonly LogMatch[]): string {
  const m = matches[0];
  return m ? `${m.file}:${m.line}` : "the logs";
}

/**
 * The step that tells a cause from the others of its family, where the category's steps do not: a
 * family's candidates often share a category (two irsa_annotation causes, two sdk causes).
 */
function confirmCause(cause: CauseId, s: Snapshot, f: Facts): string | null {
  const ns = f.workload.namespace;
  const sa = f.workload.serviceAccountName ?? "<service-account>";
  switch (cause) {
    case "sdk.falls_back_to_node_role":
      return "aws sts get-caller-identity run in the failing container (or the SDK's GetCallerIdentity): a node-group role or an i-... session confirms the SDK used the node's role";
    case "irsa_annotation.pod_predates_annotation":
      return `the pod's creationTimestamp and AWS_ROLE_ARN against the role-arn annotation of ${sa} (and when it was set): a pod older than the annotation carries the old role or none`;
    case "irsa_annotation.role_not_found":
      return "aws iam get-role --role-name <role named in eks.amazonaws.com/role-arn>, in the account the ARN names: NoSuchEntity confirms it";
    case "pod_identity.association_missing":
      return `aws eks list-pod-identity-associations --cluster-name ${clusterName(s, f)} --namespace ${ns} --service-account ${sa}`;
    case "permissions.role_lacks_permission":
      return "the role's attached and inline policies (and any permissions boundary, SCP or resource policy) for the denied action and resource";
    case "credential_chain.assumes_own_role":
      return "the application's AWS settings (a role_arn, an assume-role option or AWS_ROLE_ARN of its own) that name the role the pod already holds, and that role's trust policy (it must name the role itself to allow this)";
    default:
      return null;
  }
}

/** What tells this cause from the others of its family, then what confirms its category. */
function confirmSteps(cause: CauseId, s: Snapshot, f: Facts): string[] {
  const own = confirmCause(cause, s, f);
  return [...(own ? [own] : []), ...toConfirm(categoryOf(cause), s, f)];
}

function candidate(cause: CauseId, s: Snapshot, f: Facts, all: Signals): Finding {
  const signals = all.get(cause) ?? [];
  const meaning = getLogPattern(signals[0]?.patternId ?? "")?.meaning ?? "a recognised credential message";
  const confirm = confirmSteps(cause, s, f);
  return {
    causeId: cause,
    confidence: "low",
    detail: `${title(cause)} would explain the message at ${firstLine(signals)}, which alone does not decide between the candidates: ${lowerFirst(meaning)}`,
    evidence: matchEvidence(signals),
    immediate: `Operator: collect what confirms or rules out this cause (${confirm.join("; ")}), then run the diagnosis again.`,
    actions: [],
    toConfirm: confirm,
  };
}

const roleNameOf = (arn: string): string | undefined => arn.split(":role/")[1]?.split("/").pop();

/**
 * A denial whose caller is a session of the very role it tries to assume ("assumed-role/X/... is not
 * authorized to perform: sts:AssumeRole on resource: ...:role/X"): the application assumes the role it
 * already holds, which IAM no longer allows implicitly (a role's trust policy must name the role itself
 * since 2022: https://aws.amazon.com/blogs/security/announcing-an-update-to-iam-role-trust-policy-behavior/).
 * The line names both roles, so it settles the cause as a pattern's `decides` does.
 */
function assumesOwnRole(match: LogMatch): boolean {
  const d = DENIAL_PATTERNS.has(match.patternId) ? denialOf(match) : null;
  return d !== null && d.action === "sts:AssumeRole" && d.resource !== undefined && roleNameOf(d.resource) === d.roleName;
}

/** The cause a recognised line settles on its own, earliest in the credential chain; null when none does. */
function decided(s: Snapshot, f: Facts): { cause: CauseId; match: LogMatch } | null {
  let best: { cause: CauseId; match: LogMatch; order: number } | null = null;
  for (const match of f.logMatches) {
    const cause = getLogPattern(match.patternId)?.decides ?? (assumesOwnRole(match) ? "credential_chain.assumes_own_role" : undefined);
    if (!cause || collected(cause, s, f)) continue;
    const order = ORDER.get(cause) ?? Number.MAX_SAFE_INTEGER;
    if (!best || order < best.order) best = { cause, match, order };
  }
  return best;
}

function decidedFinding(cause: CauseId, match: LogMatch, existing: Finding | undefined, s: Snapshot, f: Facts): Finding {
  const meaning = getLogPattern(match.patternId)?.meaning ?? "";
  const confirm = existing?.toConfirm ?? confirmSteps(cause, s, f);
  // A cause settled by what the line names (assumesOwnRole) has no pattern pointing to it: its line is the evidence.
  const logged = logEvidence(f, [cause]);
  return {
    causeId: cause,
    confidence: "medium",
    detail: `the message at ${match.file}:${match.line} settles the category on its own (${lowerFirst(meaning).replace(/\.$/, "")}); the configuration that would confirm it was not collected`,
    evidence: existing?.evidence.length ? existing.evidence : logged.length ? logged : matchEvidence([match]),
    immediate: `Operator: confirm with ${confirm.join("; ")}, then apply the runbook's fix for ${title(cause)}.`,
    actions: existing?.actions ?? [],
    toConfirm: confirm,
  };
}

/**
 * The findings with the logs' candidates added (for categories not collected) and, when a line decides,
 * its cause first at medium confidence. Called only when no check found anything above low confidence.
 */
export function withLogVerdict(findings: readonly Finding[], s: Snapshot, f: Facts): Finding[] {
  const have = new Set<string>(findings.map((x) => x.causeId));
  const signals = signalsOf(s, f);
  const added: Finding[] = [];
  for (const cause of signals.keys()) {
    if (have.has(cause) || collected(cause, s, f)) continue;
    have.add(cause);
    added.push(candidate(cause as CauseId, s, f, signals));
  }
  // Every finding here is low, so the order is what to check first: the most frequent mechanism of the
  // recognised message's family, whether a check or the logs named it; the credential chain's order breaks
  // ties among the logs' candidates (the earliest link explains the rest). The sort is stable, so checks'
  // findings the logs do not rank keep their order, after the ranked ones.
  const byChain = (a: Finding, b: Finding) => (ORDER.get(a.causeId) ?? 1e9) - (ORDER.get(b.causeId) ?? 1e9);
  const all = [...findings, ...added.sort(byChain)].sort((a, b) => familyRank(a.causeId, signals) - familyRank(b.causeId, signals));
  const verdict = decided(s, f);
  if (!verdict) return all;
  const existing = all.find((x) => x.causeId === verdict.cause);
  return [decidedFinding(verdict.cause, verdict.match, existing, s, f), ...all.filter((x) => x !== existing)];
}
