// permissions.role_lacks_permission: the credentials work — the AccessDenied names the pod's own IRSA or
// Pod Identity role session — so the trust is fine and the role's permissions are what refuse the call.
// The role's attached and inline policies are evaluated for that action and resource: a denial there is the
// finding (high), with the statement to add; an allow there points at a boundary, an SCP or the resource's
// own policy instead. The node role lacking eks-auth:AssumeRoleForPodIdentity is the same cause, one hop up.

import type { Facts, RoleFacts } from "../../diagnosis/facts/index.js";
import type { PolicyDocument } from "../../snapshot/types.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import { BLAME_TEXT, blameOf, evaluateIdentityPolicies, type IdentityVerdict } from "./identity-policies.js";
import { nodeRoleFinding } from "./node-role.js";
import { policyCommands, resourcePolicyCheck } from "./commands.js";
import { DENIAL_PATTERNS, denialOf, type Denial } from "./denial.js";
import { causeMeta } from "../../causes.js";
import { chainedAssumeFinding, chainedAssumeRefusal } from "../trust-policy/chained-assume.js";
import { chainedTargets, readTargetCommand, unreadTarget } from "../trust-policy/chained-target.js";

const CAUSE = "permissions.role_lacks_permission";

function podRole(f: Facts): RoleFacts | null {
  return f.irsaRole ?? f.podIdentityRole;
}

/** The resource to allow: an S3 object's key prefix (not the whole bucket), else the exact resource. */
function resourceToAllow(resource: string | undefined): string {
  if (!resource) return "<resource-arn>";
  const s3 = /^(arn:[a-z-]+:s3:::[^/]+)\/([^/]+)\/.+$/.exec(resource);
  return s3 ? `${s3[1]}/${s3[2]}/*` : resource;
}

/** The statement to add, and the patterns the role already holds other actions on for that resource (for the reviewer). */
function permissionFix(d: Denial, verdict: IdentityVerdict | null): { policy: PolicyDocument; resource: string; existing: string[] } {
  const resource = resourceToAllow(d.resource);
  const [service = "", name = ""] = d.action.split(":");
  const sid = `Allow${service.toUpperCase()}${name.charAt(0).toUpperCase()}${name.slice(1)}`.replace(/[^A-Za-z0-9]/g, "");
  return {
    policy: { Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: d.action, Resource: resource }] },
    resource,
    existing: [...new Set(verdict?.policies.flatMap((p) => p.resourceCovered) ?? [])].sort(),
  };
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const denials = f.logMatches
      .filter((m) => DENIAL_PATTERNS.has(m.patternId))
      .map(denialOf)
      .filter((d): d is Denial => d !== null);
    const role = podRole(f);
    const d = denials.find((x) => role && x.roleName === role.name) ?? denials[0];
    if (!d) return nodeRoleFinding(s, f);
    // The pod's role chained into another role whose trust policy (the resource policy of sts:AssumeRole) was read
    // and refuses it: that policy, not a guess at boundaries and SCPs, is the finding.
    const chained = chainedAssumeRefusal(s, f);
    if (chained && !chained.self) return chainedAssumeFinding(f, chained, CAUSE);
    const target =
      d.match.patternId === "permissions.chained_assume_role_denied"
        ? (chainedTargets(s, f).find((t) => t.arn === d.resource) ?? null)
        : null;
    const unread = target ? unreadTarget(target) : null;
    const ownRole = role !== null && d.roleName === role.name;
    const blame = blameOf(d.match.text);
    const permsEv = s.aws.rolePermissions[d.roleName];
    const perms = permsEv?.status === "found" ? permsEv.value : null;
    const resourceIsArn = d.resource?.startsWith("arn:") ?? false;
    const verdict = perms ? evaluateIdentityPolicies(perms, d.action, resourceIsArn ? d.resource : undefined) : null;
    const roleArn = ownRole && role ? role.arn : `arn:${f.aws.partition}:iam::${f.aws.account ?? "<account-id>"}:role/${d.roleName}`;
    const on = d.resource ? ` on ${d.resource}` : "";
    const toConfirm: string[] = [];

    let confidence: Confidence;
    let why: string;
    if (blame !== "identity" && blame !== "unknown") {
      confidence = "medium";
      why = `the message blames ${BLAME_TEXT[blame]}${verdict ? `; the role's own policies ${verdict.decision === "allow" ? "allow it" : "do not allow it either"}` : ""}`;
      toConfirm.push(`${BLAME_TEXT[blame]}: what it denies for ${d.action}`);
    } else if (!verdict && d.match.patternId === "permissions.chained_assume_role_denied") {
      // A chained sts:AssumeRole is refused by the caller's policies or by the target role's trust policy, and
      // the message does not say which: without the caller's policies this stays a candidate, not a verdict.
      confidence = "low";
      why = `the caller's policies or the target role's trust policy refuse it, and neither is in the evidence${unread ? ` (${unread})` : ""}`;
      toConfirm.push(
        `${target ? readTargetCommand(target) : `aws iam get-role --role-name ${d.resource?.split("/").pop() ?? "<target-role>"}`} (its trust policy must name ${d.roleName}), and the policies of role ${d.roleName}`,
      );
    } else if (!verdict) {
      confidence = "medium";
      why = `no policy of the role allows it, as the message says, but the role's policies are not in the evidence to show which statement is missing`;
      toConfirm.push(
        `aws iam list-attached-role-policies --role-name ${d.roleName}, aws iam list-role-policies --role-name ${d.roleName} and aws iam get-policy-version / get-role-policy for each`,
      );
    } else if (verdict.decision === "explicit_deny") {
      confidence = "high";
      why = `a Deny in its own policies applies: ${verdict.policies.flatMap((p) => p.denies).join(", ")}`;
    } else if (verdict.decision === "allow") {
      confidence = "medium";
      why = `its identity policies allow it (${verdict.policies
        .filter((p) => p.decision === "allow")
        .map((p) => p.name)
        .join(", ")}), so a permissions boundary, an SCP, the resource's own policy or a VPC endpoint policy must deny it`;
      toConfirm.push(
        `the role's permissions boundary (aws iam get-role --role-name ${d.roleName} --query Role.PermissionsBoundary), the account's SCPs and the resource's policy`,
      );
    } else {
      // In one account a trust policy naming the caller's role lets it in with no identity policy at all: with
      // that trust unread, the missing statement may as well belong there. Across accounts both must allow.
      const trustMayDecide = target !== null && unread !== null && !target.crossAccount;
      confidence = verdict.missing.length > 0 || !resourceIsArn || trustMayDecide ? "medium" : "high";
      const read = verdict.policies.map((p) => p.name).join(", ") || "none";
      why = `none of its policies allows it (evaluated: ${read})${verdict.missing.length ? `; not evaluated, documents missing: ${verdict.missing.join(", ")}` : ""}${!resourceIsArn && d.resource ? `; the resource "${d.resource}" is not an ARN, so resource patterns could not be matched` : ""}${trustMayDecide ? `; in the same account a trust policy naming ${d.roleName} would let it in without them, and ${unread}` : ""}`;
      if (verdict.missing.length)
        toConfirm.push(
          `aws iam get-policy-version for ${verdict.missing.join(", ")} (default version), to see they do not allow ${d.action} either`,
        );
      if (target && unread)
        toConfirm.push(
          `${readTargetCommand(target)}: ${target.crossAccount ? `across accounts its trust policy must let ${d.roleName} in as well (${unread})` : `whether its trust policy names ${d.roleName}, which would be the fix instead`}`,
        );
    }
    if (!ownRole) {
      confidence = confidence === "high" ? "medium" : confidence;
      toConfirm.push(
        role
          ? `why the call ran as role ${d.roleName} and not as the pod's role ${role.name} (role chaining in the application?)`
          : `which role ${f.workload.subject ?? "the pod"} is meant to use`,
      );
    }

    const fix = permissionFix(d, verdict);
    const actions: OperatorAction[] = [];
    if (blame !== "identity" && blame !== "unknown") actions.push(resourcePolicyCheck(blame, d, f));
    else if (verdict?.decision === "allow")
      actions.push(resourcePolicyCheck("boundary", d, f), resourcePolicyCheck("resource_policy", d, f));
    else actions.push(...policyCommands(d, fix, verdict));

    const evidence: ReportEvidence[] = [{ type: "credential_finding", content: d.match.text, source: `${d.match.file}:${d.match.line}` }];
    if (role) {
      evidence.push({
        type: "sa_config",
        content: `${f.workload.namespace}/${f.workload.serviceAccountName} uses role ${role.arn}${ownRole ? `; the denied session ${d.roleName}/${d.session} is that role, so its credentials work` : `; the denied session is role ${d.roleName}`}`,
      });
    }
    if (verdict) {
      const source = permsEv?.status === "found" ? { source: permsEv.source } : {};
      for (const p of verdict.policies)
        evidence.push({
          type: "permissions",
          content: `Policy ${p.name} of role ${d.roleName}: ${p.decision.replace("_", " ")} for ${d.action}${on}`,
          ...source,
        });
    }

    const notRated = "not rated by the runbook";
    return {
      causeId: CAUSE,
      confidence,
      detail: `Role ${d.roleName} (${roleArn}) is not allowed ${d.action}${on}: ${why}`,
      evidence,
      immediate:
        actions[0]?.safety === "Modify IAM role permissions"
          ? `Operator: allow ${d.action} on ${fix.resource} in the permissions of role ${d.roleName} (the statement below, as an inline policy or in its managed policy), after review: IAM permission changes are ${notRated} and follow your approval process.`
          : `Operator: find what denies ${d.action}${on} for role ${d.roleName} (${blame !== "identity" && blame !== "unknown" ? BLAME_TEXT[blame] : "the explicit Deny, boundary, SCP or resource policy named below"}) and change it after review.`,
      actions,
      toConfirm,
    };
  },
};
