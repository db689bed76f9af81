// The denied call evaluated against the role's own permission policies (attached and inline), as IAM
// evaluates identity policies: no principal, the action and the resource of the AccessDenied message.
// Says which policy denies or allows, which documents were missing, and which Allow statement already
// covers the resource (so the fix can extend it instead of inventing a resource pattern).

import { evaluatePolicy, type PolicyDecision } from "../../iam/index.js";
import type { PolicyDocument, PolicyStatement, RolePermissions } from "../../snapshot/types.js";

interface PolicyVerdict {
  name: string;
  decision: PolicyDecision["decision"];
  /** Deny statements that apply, labelled. */
  denies: string[];
  /** Resource patterns of Allow statements that match the resource but not the action. */
  resourceCovered: string[];
}

export interface IdentityVerdict {
  /** explicit_deny if any policy denies, allow if any allows, else implicit_deny. */
  decision: PolicyDecision["decision"];
  policies: PolicyVerdict[];
  /** Policies whose document is not in the evidence (attached policy versions not collected). */
  missing: string[];
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function verdictOf(name: string, doc: PolicyDocument, action: string, resource: string | undefined): PolicyVerdict {
  const d = evaluatePolicy(doc, resource === undefined ? { action, context: {} } : { action, resource, context: {} });
  const denies = d.deniedBy.map((i) => {
    const s = d.statements[i];
    return `${name} ${s?.sid ? `statement "${s.sid}"` : `statement #${i}`}`;
  });
  const resourceCovered = d.statements
    .filter((s) => s.effect === "Allow" && !s.matched && s.problems.length > 0 && s.problems.every((p) => p.code === "action_not_allowed"))
    .flatMap((s) => asList((s.statement as PolicyStatement).Resource));
  return { name, decision: d.decision, denies, resourceCovered };
}

export function evaluateIdentityPolicies(perms: RolePermissions, action: string, resource: string | undefined): IdentityVerdict {
  const policies: PolicyVerdict[] = [];
  const missing: string[] = [];
  for (const p of perms.attached) {
    if (p.Document) policies.push(verdictOf(p.PolicyName, p.Document, action, resource));
    else missing.push(p.PolicyArn);
  }
  for (const p of perms.inline) {
    if (p.Document) policies.push(verdictOf(`${p.PolicyName} (inline)`, p.Document, action, resource));
    else missing.push(`${p.PolicyName} (inline)`);
  }
  const decision = policies.some((p) => p.decision === "explicit_deny")
    ? "explicit_deny"
    : policies.some((p) => p.decision === "allow")
      ? "allow"
      : "implicit_deny";
  return { decision, policies, missing };
}

/** What the AccessDenied message blames after "because": identity policies, an SCP, a boundary, ... */
export type Blame = "identity" | "scp" | "boundary" | "resource_policy" | "session_policy" | "vpc_endpoint_policy" | "unknown";

export function blameOf(text: string): Blame {
  if (/service control polic/i.test(text)) return "scp";
  if (/permissions boundary/i.test(text)) return "boundary";
  if (/session polic/i.test(text)) return "session_policy";
  if (/VPC endpoint polic/i.test(text)) return "vpc_endpoint_policy";
  if (/resource-based polic/i.test(text)) return "resource_policy";
  if (/identity-based polic/i.test(text)) return "identity";
  return "unknown";
}

export const BLAME_TEXT: Record<Exclude<Blame, "identity" | "unknown">, string> = {
  scp: "a service control policy of the AWS Organization",
  boundary: "the role's permissions boundary",
  resource_policy: "the resource's own policy (bucket, key, queue or secret policy)",
  session_policy: "a session policy",
  vpc_endpoint_policy: "the VPC endpoint's policy",
};
