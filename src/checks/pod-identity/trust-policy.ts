// pod_identity.trust_policy: the role a Pod Identity association names does not let EKS Auth
// (pods.eks.amazonaws.com) perform both sts:AssumeRole and sts:TagSession. The usual real mistakes: a role
// copied from IRSA (a Federated OIDC principal), or a statement with sts:AssumeRole only. EKS Auth then
// answers "EKS does not have permissions to assume the associated role". The fix is the whole corrected
// trust document, evaluated again before it is offered.

import type { Facts } from "../../diagnosis/facts/index.js";
import { evaluatePodIdentityTrust, POD_IDENTITY_PRINCIPAL, type PodIdentityInput, type PolicyProblem } from "../../iam/index.js";
import type { PodIdentityAssociation, PolicyDocument, Snapshot } from "../../snapshot/types.js";
import type { Check, Confidence, Finding, ReportEvidence } from "../types.js";
import { clusterName, updateTrustPolicy } from "../actions.js";
import { clusterLabel, lineEvidence, matchesOf, saLabel, usesPodIdentity } from "./context.js";
import { label, namesPodIdentity, repairPodIdentityTrust, statementsOf } from "./trust-repair.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "pod_identity.trust_policy";

function associationOf(f: Facts): (PodIdentityAssociation & { disableSessionTags?: boolean }) | undefined {
  return f.aws.associations?.find((a) => a.roleArn === f.podIdentityRole?.arn);
}

function requestInput(s: Snapshot, f: Facts, assoc: ReturnType<typeof associationOf>): PodIdentityInput {
  const input: PodIdentityInput = { namespace: f.workload.namespace, clusterName: clusterName(s, f) };
  if (f.workload.serviceAccountName) input.serviceAccount = f.workload.serviceAccountName;
  if (f.aws.cluster?.arn) input.clusterArn = f.aws.cluster.arn;
  if (f.pod?.metadata.name) input.podName = f.pod.metadata.name;
  if (f.pod?.metadata.uid) input.podUid = f.pod.metadata.uid;
  if (assoc?.disableSessionTags === true) input.sessionTags = false;
  return input;
}

/** '#0 ("IRSA"): Allow Federated arn:... sts:AssumeRoleWithWebIdentity': how the report shows a statement. */
function statementSummary(doc: PolicyDocument): string {
  return statementsOf(doc)
    .map((st, i) => {
      const principal =
        st.Principal === undefined
          ? "(no Principal)"
          : st.Principal === "*"
            ? "*"
            : Object.entries(st.Principal)
                .map(([k, v]) => `${k} ${[v].flat().join(", ")}`)
                .join("; ");
      const action = st.Action !== undefined ? [st.Action].flat().join(", ") : `NotAction ${[st.NotAction ?? []].flat().join(", ")}`;
      return `${label(st, i)}: ${st.Effect} ${principal} ${action}${st.Condition ? ` if ${JSON.stringify(st.Condition)}` : ""}`;
    })
    .join(" | ");
}

/** The sentence saying what is wrong, most telling first: an IRSA copy, a missing action, or the evaluator's reason. */
function whatIsWrong(doc: PolicyDocument, problems: PolicyProblem[]): string {
  const statements = statementsOf(doc);
  const pi = statements.some((st) => st.Effect === "Allow" && namesPodIdentity(st));
  const federated = statements.some((st) => st.Principal !== undefined && st.Principal !== "*" && "Federated" in st.Principal);
  if (!pi && federated) {
    return `its trust policy is an IRSA one (a Federated OIDC principal with sts:AssumeRoleWithWebIdentity) and has no statement for ${POD_IDENTITY_PRINCIPAL}`;
  }
  if (!pi) return `no statement of its trust policy names the principal ${POD_IDENTITY_PRINCIPAL}`;
  const first = problems[0];
  return first
    ? first.message.replace(/\.$/, "")
    : `its trust policy does not allow ${POD_IDENTITY_PRINCIPAL} both sts:AssumeRole and sts:TagSession`;
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const denied = matchesOf(f, ["pod_identity.eks_auth_trust_denied"]);
    const role = f.podIdentityRole;
    const assoc = associationOf(f);
    const who = saLabel(f);

    if (!role || role.evidence.status !== "found") {
      if (denied.length === 0 || !usesPodIdentity(f)) return null;
      const roleName = role?.name ?? "<role of the association>";
      return {
        causeId: CAUSE,
        confidence: "medium",
        detail: `EKS Auth reports it cannot assume the role associated with ${who}${role ? ` (${role.arn})` : ""}, which is what a trust policy without ${POD_IDENTITY_PRINCIPAL} sts:AssumeRole and sts:TagSession gives, but the role's trust policy is not in the evidence`,
        evidence: lineEvidence(denied),
        immediate: `Operator: read the trust policy of ${role ? `role ${role.name}` : "the associated role"} and make it allow ${POD_IDENTITY_PRINCIPAL} both sts:AssumeRole and sts:TagSession.`,
        actions: [],
        toConfirm: [
          ...(role
            ? []
            : [`aws eks describe-pod-identity-association --cluster-name ${clusterName(s, f)} --association-id <id>, to know the role`]),
          `aws iam get-role --role-name ${roleName} --query Role.AssumeRolePolicyDocument`,
        ],
      };
    }

    const doc = role.evidence.value.AssumeRolePolicyDocument;
    const input = requestInput(s, f, assoc);
    const trust = evaluatePodIdentityTrust(doc, input);
    if (trust.decision === "allow") return null;

    const repaired = repairPodIdentityTrust(doc, trust, input);
    // With IRSA set up too, the SDK's chain uses the web identity first: the broken trust is latent.
    const irsaFirst = f.workload.injectedRoleArn !== null;
    const confidence: Confidence = irsaFirst ? "medium" : "high";
    const evidence: ReportEvidence[] = [
      ...lineEvidence(denied),
      { type: "trust_policy", content: `Role ${role.name} trust policy: ${statementSummary(doc)}`, source: role.evidence.source },
    ];
    if (assoc) {
      const assocSource = s.aws.podIdentityAssociations.status === "found" ? { source: s.aws.podIdentityAssociations.source } : {};
      evidence.push({
        type: "pod_identity",
        content: `Pod Identity association ${assoc.associationId} maps ${who} in cluster ${clusterLabel(s, f)} to role ${role.arn}`,
        ...assocSource,
      });
    }
    const changes = repaired.changes.join("; ");
    return {
      causeId: CAUSE,
      confidence,
      detail: `Role ${role.name} (${role.arn}), associated with ${who} by Pod Identity${assoc ? ` association ${assoc.associationId}` : ""}, cannot be assumed by EKS Auth: ${whatIsWrong(doc, trust.problems)}${irsaFirst ? "; the pod also has IRSA settings, which its SDK uses first" : ""}`,
      evidence,
      immediate: `Operator: update the trust policy of role ${role.name} (${changes || "see the corrected document"}) so ${POD_IDENTITY_PRINCIPAL} may call sts:AssumeRole and sts:TagSession; a trust policy change needs security team approval.`,
      actions: [
        updateTrustPolicy(role.name, repaired.policy, changes || `allow ${POD_IDENTITY_PRINCIPAL} sts:AssumeRole and sts:TagSession`),
      ],
      toConfirm: repaired.allows
        ? []
        : ["the corrected document still does not admit EKS Auth for this pod: review its remaining conditions by hand"],
    };
  },
};
