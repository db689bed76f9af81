// A chained sts:AssumeRole refused by the target role's trust policy. The caller is the pod's own role
// session (so the web identity or Pod Identity hop worked), and the application then asks STS for a role
// with those credentials: a `role_arn` in Fluent Bit's output, a profile with role_arn, an SDK's
// AssumeRole provider. When the target's trust policy is in the evidence and has no statement letting the
// caller in for sts:AssumeRole, that trust policy is the refusal; a role is not trusted by itself since
// IAM's 2022 change (https://aws.amazon.com/blogs/security/announcing-an-update-to-iam-role-trust-policy-behavior/).
// A trust naming a unique id (AROA..., AIDA...) where an ARN was written trusts a principal that was deleted: IAM
// stores the ARN as the principal's id, shows the id once the principal is gone, and a role re-created under the
// same name gets a new id that the statement does not match
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).

import { evaluatePolicy, parseArn, type PolicyDecision } from "../../iam/index.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import { roleFacts } from "../../diagnosis/facts/aws.js";
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
  /** The caller role as read (its RoleId and CreateDate say whether it was re-created), when in the evidence. */
  callerRole: IamRole | null;
}

type TrustDocument = IamRole["AssumeRolePolicyDocument"];
const UNIQUE_ID = /^A(RO|ID)A[A-Z0-9]{12,}$/;
const statementsOf = (doc: TrustDocument) => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]);
const awsPrincipalOf = (st: unknown): unknown => {
  const principal = (st as { Principal?: unknown }).Principal;
  return typeof principal === "object" && principal !== null ? (principal as { AWS?: unknown }).AWS : undefined;
};

/** Unique ids of deleted roles and users that a policy's AWS principals name in place of ARNs. */
function deletedPrincipalIds(doc: TrustDocument): string[] {
  const ids = statementsOf(doc).flatMap((st) => {
    const aws = awsPrincipalOf(st);
    return (Array.isArray(aws) ? aws : [aws]).filter((v): v is string => typeof v === "string" && UNIQUE_ID.test(v));
  });
  return [...new Set(ids)];
}

/** The policy with `arn` wherever an AWS principal names one of the deleted principals' `ids`. */
function withPrincipalRestored(doc: TrustDocument, ids: readonly string[], arn: string): TrustDocument {
  const restore = (v: unknown) => (typeof v === "string" && ids.includes(v) ? arn : v);
  const statements = statementsOf(doc).map((st) => {
    const aws = awsPrincipalOf(st);
    if (aws === undefined) return st;
    const principal = (st as { Principal: Record<string, unknown> }).Principal;
    const AWS = Array.isArray(aws) ? [...new Set(aws.map(restore))] : restore(aws);
    return { ...st, Principal: { ...principal, AWS } };
  });
  return { ...doc, Statement: statements as TrustDocument["Statement"] };
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
    // A role of the same name read in another account is not the target (IAM reads by name in one account).
    const ev = targetName ? roleFacts(s, d.resource, targetName).evidence : undefined;
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
      callerRole: caller.evidence.status === "found" ? caller.evidence.value : null,
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
  const stale = deletedPrincipalIds(doc).filter((id) => id !== c.callerRole?.RoleId);
  // A statement naming a deleted principal's id was written for the caller's name: put the ARN back in it
  // rather than adding a second statement beside a dead one.
  const corrected = stale.length
    ? withPrincipalRestored(doc, stale, c.callerArn)
    : { ...doc, Statement: [...statementsOf(doc), statement] };
  const recreated = c.callerRole?.RoleId
    ? `; role ${d.roleName} now has the id ${c.callerRole.RoleId}${c.callerRole.CreateDate ? ` (created ${c.callerRole.CreateDate})` : ""}`
    : "";
  const deleted = stale.length
    ? `: it names ${stale.join(", ")}, the unique id of a deleted principal, where an ARN was saved (IAM shows the id once the principal is deleted, and a role re-created under the same name gets a new id${recreated})`
    : "";
  const evidence: ReportEvidence[] = [
    { type: "credential_finding", content: d.match.text, source: `${d.match.file}:${d.match.line}` },
    {
      type: "trust_policy",
      content: `The trust policy of role ${target} allows ${allowed.join(", ") || "no action"} and has no statement letting ${c.callerArn} call sts:AssumeRole${c.self ? " (a role is not trusted by itself unless its trust policy names it)" : ""}${deleted}`,
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
    detail: stale.length
      ? `Container ${container} of pod ${f.pod?.metadata.name ?? "?"} gets role ${d.roleName} through ${c.via} and then calls sts:AssumeRole on ${c.target.Arn}; the trust policy of ${target} names ${stale.join(", ")}, the unique id of a deleted ${stale[0]?.startsWith("AIDA") ? "user" : "role"}, and not ${c.callerArn}${c.callerRole?.CreateDate ? ` — most likely ${d.roleName} itself before it was re-created on ${c.callerRole.CreateDate}: a statement written for a role's ARN does not follow the role when it is deleted and created again under the same name` : ""}; so STS refuses the call`
      : `Container ${container} of pod ${f.pod?.metadata.name ?? "?"} gets role ${d.roleName} through ${c.via} and then calls sts:AssumeRole on ${c.target.Arn}${c.self ? ", its own role" : ""}; the trust policy of ${target} allows only ${allowed.join(", ") || "nothing"} and does not trust ${c.callerArn} for sts:AssumeRole, so STS refuses it`,
    evidence,
    immediate: stale.length
      ? `Operator: with security team approval, save the trust policy of ${target} again with ${c.callerArn} in place of ${stale[0]}; and keep ${d.roleName} from being replaced (whatever makes the infrastructure code replace a role re-creates it with a new id).`
      : c.self
        ? `Operator: remove the role to assume (role_arn or an assume-role profile) from the configuration of container ${container}: it already holds ${target}. Only if the chained call is intended, add a trust statement letting ${c.callerArn} call sts:AssumeRole (security team approval).`
        : `Operator: with security team approval, add a statement to the trust policy of ${target} letting ${c.callerArn} call sts:AssumeRole, and allow sts:AssumeRole on ${c.target.Arn} in the policies of ${d.roleName}.`,
    actions: [
      updateTrustPolicy(
        target,
        corrected,
        stale.length
          ? `name ${c.callerArn} again where the deleted principal's id ${stale[0]} stands`
          : `let ${c.callerArn} call sts:AssumeRole (only if container ${container} must chain to it)`,
      ),
    ],
    toConfirm,
  };
}
