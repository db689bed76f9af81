// The corrected trust policy for a Pod Identity role: the WHOLE document, other statements kept (an IRSA
// statement next to it does no harm), with the smallest edit that lets EKS Auth in: Denies that catch
// pods.eks.amazonaws.com removed, the missing action added to its statement, or the documented statement
// put in place of (or next to) what is there. The result is evaluated again before it is offered.

import type { PolicyDocument, PolicyStatement } from "../../snapshot/types.js";
import {
  POD_IDENTITY_ACTIONS,
  POD_IDENTITY_PRINCIPAL,
  correctedPodIdentityStatement,
  evaluatePodIdentityTrust,
  type PodIdentityInput,
  type PodIdentityTrustDecision,
} from "../../iam/index.js";

export interface RepairedTrust {
  policy: PolicyDocument;
  /** One phrase per edit, for the action's description. */
  changes: string[];
  /** Whether the repaired document admits EKS Auth for this pod (evaluated, not assumed). */
  allows: boolean;
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

export function namesPodIdentity(s: PolicyStatement): boolean {
  if (s.Principal === "*" || s.Principal === undefined) return false;
  return asList(s.Principal["Service"]).includes(POD_IDENTITY_PRINCIPAL);
}

export function label(s: PolicyStatement, index: number): string {
  return s.Sid ? `statement "${s.Sid}" (#${index})` : `statement #${index}`;
}

/** Whether a statement narrows the request with the session tags EKS Auth sends. */
function usesSessionTags(s: PolicyStatement): boolean {
  return Object.values(s.Condition ?? {}).some((block) => Object.keys(block).some((k) => /^aws:RequestTag\//i.test(k)));
}

function withBothActions(s: PolicyStatement): PolicyStatement {
  const actions = asList(s.Action);
  const missing = POD_IDENTITY_ACTIONS.filter((a) => !actions.some((x) => x.toLowerCase() === a.toLowerCase()));
  return { ...s, Action: [...actions, ...missing] };
}

export function repairPodIdentityTrust(doc: PolicyDocument, trust: PodIdentityTrustDecision, input: PodIdentityInput): RepairedTrust {
  const changes: string[] = [];
  const original = statementsOf(doc);
  const denied = new Set([...trust.assumeRole.deniedBy, ...trust.tagSession.deniedBy]);
  for (const i of [...denied].sort((a, b) => a - b))
    changes.push(`remove Deny ${label(original[i]!, i)}, which applies to ${POD_IDENTITY_PRINCIPAL}`);
  let statements = original.map((s) => structuredClone(s)).filter((_, i) => !denied.has(i));
  const evaluate = (list: PolicyStatement[]) => evaluatePodIdentityTrust({ Version: "2012-10-17", Statement: list }, input);

  const index = original.findIndex((s, i) => !denied.has(i) && s.Effect === "Allow" && namesPodIdentity(s));
  if (index >= 0) {
    const at = index - [...denied].filter((d) => d < index).length;
    const current = statements[at]!;
    const actions = asList(current.Action);
    if (current.NotAction === undefined && POD_IDENTITY_ACTIONS.some((a) => !actions.some((x) => x.toLowerCase() === a.toLowerCase()))) {
      statements[at] = withBothActions(current);
      const added = POD_IDENTITY_ACTIONS.filter((a) => !actions.some((x) => x.toLowerCase() === a.toLowerCase()));
      changes.push(`add ${added.join(" and ")} to the Action of ${label(current, index)}`);
    }
    if (evaluate(statements).decision !== "allow") {
      // Its conditions (or a NotAction) still keep EKS Auth out: put the documented statement in its place.
      const narrowed = usesSessionTags(current) && input.sessionTags !== false;
      statements[at] = correctedPodIdentityStatement({
        ...(current.Sid ? { sid: current.Sid } : {}),
        ...(narrowed ? { clusterArn: input.clusterArn, namespace: input.namespace, serviceAccount: input.serviceAccount } : {}),
      });
      changes.length = denied.size;
      changes.push(
        `replace ${label(current, index)} with the documented EKS Pod Identity statement${narrowed ? " (narrowed to this cluster, namespace and service account by session tags)" : ""}`,
      );
    }
  } else if (evaluate(statements).decision !== "allow") {
    statements = [...statements, correctedPodIdentityStatement()];
    changes.push(
      `add the EKS Pod Identity statement (principal ${POD_IDENTITY_PRINCIPAL}, actions sts:AssumeRole and sts:TagSession), keeping the other statements`,
    );
  }
  const policy: PolicyDocument = { Version: doc.Version ?? "2012-10-17", Statement: statements };
  if (doc.Id !== undefined) policy.Id = doc.Id;
  return { policy, changes, allows: evaluate(statements).decision === "allow" };
}
