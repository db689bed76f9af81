// A chained sts:AssumeRole refused by the target role's trust policy. The caller is the pod's own role
// session (so the web identity or Pod Identity hop worked), and the application then asks STS for a role
// with those credentials: a `role_arn` in Fluent Bit's output, a profile with role_arn, an SDK's
// AssumeRole provider. When the target's trust policy is in the evidence and has no statement letting the
// caller in for sts:AssumeRole, that trust policy is the refusal; a role is not trusted by itself since
// IAM's 2022 change (https://aws.amazon.com/blogs/security/announcing-an-update-to-iam-role-trust-policy-behavior/).

import { evaluatePolicy, parseArn, type PolicyDecision } from "../../iam/index.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { IamRole, Snapshot } from "../../snapshot/types.js";
import { denialOf, type Denial } from "../permissions/denial.js";
import { evaluateIdentityPolicies, type IdentityVerdict } from "../permissions/identity-policies.js";
import type { Confidence, Finding, ReportEvidence } from "../types.js";
import { updateTrustPolicy } from "../actions.js";
import { containerOfLog } from "../../diagnosis/credential-path/attribution.js";

export interface ChainedRefusal {
  denial: Denial;
  callerArn: string;
  target: IamRole;
  targetSource: string;
  decision: PolicyDecision;
  /** The caller's own policies for sts:AssumeRole on the target (null when not in the evidence). */
  callerPolicies: IdentityVerdict | null;
  self: boolean;
  /** How the pod got the caller role. */
  via: "its web identity token" | "EKS Pod Identity";
}

export function chainedAssumeRefusal(s: Snapshot, f: Facts): ChainedRefusal | null {
  const own = [f.irsaRole, f.podIdentityRole].filter((r) => r !== null);
  for (const m of f.logMatches) {
    if (m.patternId !== "permissions.chained_assume_role_denied") continue;
    const d = denialOf(m);
    const caller = d ? own.find((r) => r.name === d.roleName) : undefined;
    if (!d || !caller || !d.resource) continue;
    const targetName = parseArn(d.resource)
      ?.resource.replace(/^role\//, "")
      .split("/")
      .pop();
    const ev = targetName ? s.aws.roles[targetName] : undefined;
    if (!ev || ev.status !== "found") continue;
    const decision = evaluatePolicy(ev.value.AssumeRolePolicyDocument, {
      action: "sts:AssumeRole",
      principal: { type: "AWS", id: caller.arn },
      context: {},
    });
    if (decision.decision === "allow") continue;
    const perms = s.aws.rolePermissions[caller.name];
    const callerPolicies = perms?.status === "found" ? evaluateIdentityPolicies(perms.value, "sts:AssumeRole", d.resource) : null;
    return {
      denial: d,
      callerArn: caller.arn,
      target: ev.value,
      targetSource: ev.source,
      decision,
      callerPolicies,
      self: ev.value.Arn === caller.arn,
      via: caller === f.irsaRole ? "its web identity token" : "EKS Pod Identity",
    };
  }
  return null;
}

/** The finding: the target's trust policy refuses the caller's sts:AssumeRole. */
export function chainedAssumeFinding(f: Facts, c: ChainedRefusal, cause: Finding["causeId"]): Finding {
  const d = c.denial;
  const container = containerOfLog(d.match);
  const target = c.target.RoleName;
  const allowed = [...new Set(c.decision.statements.filter((st) => st.effect === "Allow").flatMap((st) => st.action.policyValues))];
  // Only the trust refuses when the caller's own policies allow the call; when they do not either, two fixes
  // (or dropping the chained call) are open, and which one the owner wants is not in the evidence.
  const confidence: Confidence = c.callerPolicies?.decision === "allow" ? "high" : "medium";
  const statement = { Sid: "AllowChainedAssumeRole", Effect: "Allow", Principal: { AWS: c.callerArn }, Action: "sts:AssumeRole" };
  const doc = c.target.AssumeRolePolicyDocument;
  const corrected = { ...doc, Statement: [...(Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]), statement] };
  const evidence: ReportEvidence[] = [
    { type: "credential_finding", content: d.match.text, source: `${d.match.file}:${d.match.line}` },
    {
      type: "trust_policy",
      content: `The trust policy of role ${target} allows ${allowed.join(", ") || "no action"} and has no statement letting ${c.callerArn} call sts:AssumeRole${c.self ? " (a role is not trusted by itself unless its trust policy names it)" : ""}`,
      source: c.targetSource,
    },
    {
      type: "sa_config",
      content: `the denied caller ${d.roleName}/${d.session} is the pod's own role session: ${f.workload.subject} obtained ${c.callerArn} and then asked for ${c.target.Arn}`,
    },
  ];
  if (c.callerPolicies) {
    evidence.push({
      type: "permissions",
      content: `the policies of role ${d.roleName} ${c.callerPolicies.decision === "allow" ? "allow" : "do not allow"} sts:AssumeRole on ${c.target.Arn}${c.callerPolicies.missing.length ? ` (not evaluated: ${c.callerPolicies.missing.join(", ")})` : ""}`,
    });
  }
  const toConfirm =
    confidence === "high"
      ? []
      : [
          `whether container ${container} needs the chained call at all: ${c.self ? `it already runs as ${target}, so a role_arn (or assume-role profile) naming that role in its configuration can be dropped` : `its configuration names ${c.target.Arn} to assume`}`,
          `the policies of role ${d.roleName}: they must allow sts:AssumeRole on ${c.target.Arn} too unless the trust policy names ${c.callerArn} itself`,
        ];
  return {
    causeId: cause,
    confidence,
    detail: `Container ${container} of pod ${f.pod?.metadata.name ?? "?"} gets role ${d.roleName} through ${c.via} and then calls sts:AssumeRole on ${c.target.Arn}${c.self ? ", its own role" : ""}; the trust policy of ${target} allows only ${allowed.join(", ") || "nothing"} and does not trust ${c.callerArn} for sts:AssumeRole, so STS refuses it`,
    evidence,
    immediate: c.self
      ? `Operator: remove the role to assume (role_arn or an assume-role profile) from the configuration of container ${container}: it already holds ${target}. Only if the chained call is intended, add a trust statement letting ${c.callerArn} call sts:AssumeRole (security team approval).`
      : `Operator: with security team approval, add a statement to the trust policy of ${target} letting ${c.callerArn} call sts:AssumeRole, and allow sts:AssumeRole on ${c.target.Arn} in the policies of ${d.roleName}.`,
    actions: [
      updateTrustPolicy(target, corrected, `let ${c.callerArn} call sts:AssumeRole (only if container ${container} must chain to it)`),
    ],
    toConfirm,
  };
}
