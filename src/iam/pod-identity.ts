// The requests EKS Pod Identity makes on a pod's behalf. The EKS Auth service (principal
// pods.eks.amazonaws.com) calls sts:AssumeRole with session tags, which STS authorises as a second
// action, sts:TagSession; the role's trust policy must allow both or the pod gets no credentials.
// So the trust policy is evaluated once per action and the two verdicts are combined here.

import type { PolicyDocument } from "./types.js";
import type { ContextValue, Decision, PolicyDecision, PolicyProblem, PolicyRequest } from "./types.js";
import { evaluatePolicy } from "./evaluate.js";

export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
export const POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"] as const;
export type PodIdentityAction = (typeof POD_IDENTITY_ACTIONS)[number];

export interface PodIdentityInput {
  clusterName?: string;
  clusterArn?: string;
  namespace?: string;
  serviceAccount?: string;
  podName?: string;
  podUid?: string;
  /** false when the association disables session tags: then no aws:RequestTag keys are sent. */
  sessionTags?: boolean;
  /** Further keys known to be in the request; nothing is assumed beyond the documented session tags. */
  extraContext?: Record<string, ContextValue>;
}

/** The session tags Pod Identity adds, by tag name; only the known ones are included. */
function sessionTags(input: PodIdentityInput): Record<string, string> {
  const tags: [string, string | undefined][] = [
    ["eks-cluster-arn", input.clusterArn],
    ["eks-cluster-name", input.clusterName],
    ["kubernetes-namespace", input.namespace],
    ["kubernetes-pod-name", input.podName],
    ["kubernetes-pod-uid", input.podUid],
    ["kubernetes-service-account", input.serviceAccount],
  ];
  const out: Record<string, string> = {};
  for (const [name, value] of tags) if (value !== undefined) out[name] = value;
  return out;
}

export function podIdentityRequest(input: PodIdentityInput = {}, action: PodIdentityAction = "sts:AssumeRole"): PolicyRequest {
  const context: Record<string, ContextValue> = {};
  if (input.sessionTags !== false) {
    const tags = sessionTags(input);
    for (const [name, value] of Object.entries(tags)) context[`aws:RequestTag/${name}`] = value;
    if (Object.keys(tags).length > 0) context["aws:TagKeys"] = Object.keys(tags);
  }
  Object.assign(context, input.extraContext ?? {});
  return { action, principal: { type: "Service", id: POD_IDENTITY_PRINCIPAL }, context };
}

export function podIdentityRequests(input: PodIdentityInput = {}): PolicyRequest[] {
  return POD_IDENTITY_ACTIONS.map((action) => podIdentityRequest(input, action));
}

export interface PodIdentityTrustDecision {
  /** "allow" only when both actions are allowed; an explicit deny of either wins over an implicit one. */
  decision: Decision;
  assumeRole: PolicyDecision;
  tagSession: PolicyDecision;
  /** Why the pod cannot get credentials, most specific first; empty when allowed. */
  problems: PolicyProblem[];
}

export function evaluatePodIdentityTrust(doc: PolicyDocument | string | object, input: PodIdentityInput = {}): PodIdentityTrustDecision {
  const assumeRole = evaluatePolicy(doc, podIdentityRequest(input, "sts:AssumeRole"));
  const tagSession = evaluatePolicy(doc, podIdentityRequest(input, "sts:TagSession"));
  const decisions = [assumeRole, tagSession];
  const decision: Decision = decisions.some((d) => d.decision === "explicit_deny")
    ? "explicit_deny"
    : decisions.every((d) => d.decision === "allow")
      ? "allow"
      : "implicit_deny";
  const problems: PolicyProblem[] = [];
  const seen = new Set<string>();
  const add = (p: PolicyProblem): void => {
    if (!seen.has(p.message)) {
      seen.add(p.message);
      problems.push(p);
    }
  };
  for (const d of decisions) {
    const other = d === assumeRole ? tagSession : assumeRole;
    if (d.decision === "explicit_deny") {
      for (const i of d.deniedBy) {
        const s = d.statements[i];
        const sid = s?.sid ?? null;
        add({
          code: "explicit_deny",
          message: `Statement ${i}${sid === null ? "" : ` (${JSON.stringify(sid)})`} explicitly denies ${d.action} to ${POD_IDENTITY_PRINCIPAL}; an explicit Deny overrides every Allow.`,
          action: d.action,
          statementIndex: i,
          sid,
        });
      }
      continue;
    }
    if (d.decision === "allow") continue;
    const closest = d.closestAllow === null ? undefined : d.statements[d.closestAllow];
    const onlyActionMissing =
      other.decision === "allow" && closest !== undefined && closest.problems.every((p) => p.code === "action_not_allowed");
    if (onlyActionMissing || closest === undefined) {
      const expected = closest?.action.policyValues ?? [];
      add({
        code: "action_not_allowed",
        message:
          other.decision === "allow"
            ? `EKS Pod Identity needs both sts:AssumeRole and sts:TagSession; the trust policy allows ${other.action} to ${POD_IDENTITY_PRINCIPAL} but not ${d.action}, so the pod gets no credentials. Add ${JSON.stringify(d.action)} to the statement's Action.`
            : `No Allow statement of the trust policy lets ${POD_IDENTITY_PRINCIPAL} perform ${d.action}.`,
        element: "Action",
        expected,
        actual: d.action,
      });
      continue;
    }
    for (const p of closest.problems) add(p);
  }
  return { decision, assumeRole, tagSession, problems };
}
