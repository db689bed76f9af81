// irsa_annotation.role_not_found: the annotation is a well-formed role ARN but no such role exists where it
// points: IAM says NoSuchEntity, or the ARN names another account than the cluster's while STS denies the
// exchange. STS answers a missing role with the same AccessDenied as a trust-policy mismatch, so the role
// lookup, not the message, is what tells them apart; a lookup that was not made proves nothing.

import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { LogMatch, Snapshot } from "../../snapshot/types.js";
import { valueOf } from "../../snapshot/evidence.js";
import { correctedWebIdentityStatement, parseArn, trustPolicyOf } from "../../iam/index.js";
import { annotateServiceAccount, restartPods } from "../actions.js";
import { saConfigEvidence } from "../evidence.js";
import { trustedRoleFor } from "../trusted-role.js";
import { causeMeta } from "../../causes.js";

/** The cluster's own account, never inferred from the role ARN under suspicion. */
function clusterAccount(s: Snapshot): string | null {
  return s.target.account ?? valueOf(s.aws.callerIdentity)?.Account ?? parseArn(valueOf(s.aws.cluster)?.arn ?? "")?.account ?? null;
}

function deniedLogs(f: Facts): LogMatch[] {
  return (f.logSignals.get("irsa_annotation.role_not_found") ?? []).filter((m) => /AccessDenied|not authorized/i.test(m.text));
}

function createRole(s: Snapshot, f: Facts, roleName: string, account: string): OperatorAction | null {
  const issuerUrl = f.aws.oidc.issuerUrl;
  const sa = f.workload.serviceAccountName;
  if (!issuerUrl || !sa) return null;
  const policy = trustPolicyOf(
    correctedWebIdentityStatement({
      issuerUrl,
      account,
      partition: f.aws.partition,
      namespace: f.workload.namespace,
      serviceAccount: sa,
      audience: f.workload.tokenAudience,
    }),
  );
  return {
    description: `Or create role ${roleName} in account ${account} trusting ${f.workload.subject} through the cluster's OIDC provider, then attach the permissions the application needs. Save the policy below as trust-policy.json first.`,
    command: `aws iam create-role --role-name ${roleName} --assume-role-policy-document file://trust-policy.json`,
    safety: "Create IAM role",
    policy,
  };
}

export const check: Check = {
  ...causeMeta("irsa_annotation.role_not_found"),
  run(s: Snapshot, f: Facts): Finding | null {
    const role = f.irsaRole;
    if (!role) return null;
    const arn = parseArn(role.arn);
    const roleAccount = arn?.account ?? null;
    const e = role.evidence;
    // Roles are keyed by name: a same-named role of another account is not the one the ARN names (the facts
    // already refuse it as the annotated role), but it is the likely intended target of a wrong account id.
    const described = valueOf(s.aws.roles[role.name]);
    const sameNameHere = described && parseArn(described.Arn)?.account !== roleAccount ? described : undefined;
    if (described && !sameNameHere) return null;
    const home = clusterAccount(s);
    const crossAccount = roleAccount !== null && home !== null && roleAccount !== home;
    const denied = deniedLogs(f);
    let confidence: Confidence;
    let why: string;
    const toConfirm: string[] = [];
    if (e.status === "absent") {
      confidence = "high";
      why = `IAM has no role named ${role.name} in account ${roleAccount ?? "(unknown)"} (NoSuchEntity)`;
    } else if (crossAccount && (denied.length > 0 || sameNameHere)) {
      confidence = denied.length > 0 ? "medium" : "low";
      why = `that is in account ${roleAccount}, not the cluster's account ${home}${denied.length > 0 ? ", and STS denies the exchange" : ""}: the account id is most likely wrong`;
      toConfirm.push(
        `aws iam get-role --role-name ${role.name} in account ${roleAccount}: if the role exists there, that account needs an OIDC provider for the cluster's issuer and a trust policy for ${f.workload.subject}`,
      );
    } else if (denied.length > 0 && e.status === "unavailable" && e.reason !== "permission_denied") {
      confidence = "low";
      why = `STS denies the exchange and the role was not looked up`;
      toConfirm.push(`aws iam get-role --role-name ${role.name} --output json: NoSuchEntity confirms this cause`);
    } else {
      return null;
    }

    const sa = `${f.workload.namespace}/${f.workload.serviceAccountName}`;
    const trusted = trustedRoleFor(s, f);
    // The same role name in the cluster's own account is the usual intended target of a wrong account id.
    const replacement = trusted ?? (sameNameHere && parseArn(sameNameHere.Arn)?.account === home ? sameNameHere.Arn : null);
    const evidence: ReportEvidence[] = [
      ...denied.slice(0, 2).map((m) => ({ type: "credential_finding", content: m.text, source: `${m.file}:${m.line}` })),
      ...saConfigEvidence(s, f),
      {
        type: "permissions",
        content:
          e.status === "absent"
            ? `aws iam get-role --role-name ${role.name}: ${e.detail ?? "NoSuchEntity"}`
            : e.status === "unavailable"
              ? e.detail.charAt(0).toUpperCase() + e.detail.slice(1)
              : `Role ${role.name} was found only as ${sameNameHere?.Arn}, in another account than ${roleAccount}`,
        ...(e.source ? { source: e.source } : {}),
      },
    ];
    if (crossAccount)
      evidence.push({
        type: "cluster",
        content:
          `Cluster ${f.aws.cluster?.name ?? s.target.cluster ?? ""} is in account ${home}; the annotated role ARN names account ${roleAccount}`.replace(
            "  ",
            " ",
          ),
      });
    if (replacement)
      evidence.push({
        type: "trust_policy",
        content: `Role ${replacement} exists${trusted === replacement ? ` and trusts ${f.workload.subject}` : ""}`,
      });

    const actions: OperatorAction[] = [];
    if (replacement)
      actions.push(
        annotateServiceAccount(f, replacement),
        restartPods(s, f, "AWS_ROLE_ARN is copied from the annotation only when a pod is created"),
      );
    const create = createRole(s, f, role.name, roleAccount && !crossAccount ? roleAccount : (home ?? roleAccount ?? "<account-id>"));
    if (create && !replacement) actions.push(create);
    return {
      causeId: "irsa_annotation.role_not_found",
      confidence,
      detail: `ServiceAccount ${sa} names role ${role.arn}, but ${why}`,
      evidence,
      immediate: replacement
        ? `Operator: point ServiceAccount ${sa} at ${replacement} (kubectl annotate ... eks.amazonaws.com/role-arn=${replacement} --overwrite) and restart its pods.`
        : `Operator: create role ${role.name}${crossAccount ? ` in the cluster's account ${home}` : ""} with a trust policy for ${f.workload.subject}, or fix the ARN in ServiceAccount ${sa}'s eks.amazonaws.com/role-arn annotation to a role that exists, then restart its pods.`,
      actions,
      toConfirm,
    };
  },
};
