// The role a chained sts:AssumeRole was refused on, as the evidence holds it. IAM reads a role only in the
// account of the credentials that ask (GetRole takes a name, not an ARN), so a target in another account is
// never read by a collection run with the cluster account's credentials: GetRole there answers NoSuchEntity,
// AccessDenied, or a role of the same name that is not the target. That is a gap in the evidence with a known
// reason, not a sign that the target is missing or wrong, and the report says which credentials would read it.

import { parseArn } from "../../iam/index.js";
import type { Facts, RoleFacts } from "../../diagnosis/facts/index.js";
import { roleFacts } from "../../diagnosis/facts/aws.js";
import type { MissingEvidence } from "../../diagnosis/missing.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Snapshot } from "../../snapshot/types.js";
import { denialOf, type Denial } from "../permissions/denial.js";
import { principalIn } from "../../diagnosis/credential-path/attribution.js";

export interface ChainedTarget {
  denial: Denial;
  arn: string;
  name: string;
  /** The target's evidence; a role of the same name in another account is "not collected", never the target. */
  role: RoleFacts;
  /** The account the target lies in, when it is not the one the evidence was read as; null otherwise. */
  otherAccount: { account: string; readAs: string } | null;
  /**
   * The target is in another account than the caller: then the caller's own policies must allow the call
   * whatever the trust says; in the same account a trust naming the caller's ARN is enough on its own.
   */
  crossAccount: boolean;
}

/** The account whose credentials read the evidence: the caller identity, else the cluster's. */
function readingAccount(s: Snapshot, f: Facts): string | null {
  return valueOf(s.aws.callerIdentity)?.Account ?? f.aws.account;
}

/** Every role a chained sts:AssumeRole of the pod was refused on, once each, in log order. */
export function chainedTargets(s: Snapshot, f: Facts): ChainedTarget[] {
  const out: ChainedTarget[] = [];
  for (const m of f.logMatches) {
    if (m.patternId !== "permissions.chained_assume_role_denied") continue;
    const d = denialOf(m);
    const arn = d?.resource;
    const parsed = arn ? parseArn(arn) : null;
    if (!d || !arn || !parsed || !parsed.resource.startsWith("role/") || out.some((t) => t.arn === arn)) continue;
    const name = parsed.resource.split("/").pop() ?? "";
    const readAs = readingAccount(s, f);
    const caller = principalIn(m.text);
    const callerAccount = caller ? parseArn(caller.arn)?.account : readAs;
    out.push({
      denial: d,
      arn,
      name,
      role: roleFacts(s, arn, name),
      otherAccount: parsed.account && readAs && parsed.account !== readAs ? { account: parsed.account, readAs } : null,
      crossAccount: !!parsed.account && !!callerAccount && parsed.account !== callerAccount,
    });
  }
  return out;
}

/** Why the target's trust policy is not in the evidence, in one clause; null when it is. */
export function unreadTarget(t: ChainedTarget): string | null {
  const e = t.role.evidence;
  if (e.status === "found") return null;
  if (t.otherAccount) {
    const answer =
      e.status === "absent"
        ? `, where GetRole found no role of that name`
        : e.status === "unavailable" && e.reason === "permission_denied"
          ? `, where GetRole was refused`
          : "";
    return `role ${t.arn} is in account ${t.otherAccount.account} and the evidence was read as account ${t.otherAccount.readAs}${answer}: IAM reads a role only in the account of the credentials that ask, so its trust policy could not be read from there (not a sign that it is missing or wrong)`;
  }
  return e.status === "absent"
    ? `role ${t.arn} does not exist (${e.detail ?? e.source})`
    : `the trust policy of role ${t.arn} is not in the evidence (${e.detail})`;
}

/** The command that reads the target, with the credentials that can. */
export function readTargetCommand(t: ChainedTarget): string {
  const cmd = `aws iam get-role --role-name ${t.name} --output json`;
  return t.otherAccount ? `${cmd} --profile <a profile of account ${t.otherAccount.account}>` : cmd;
}

/**
 * The refused chained targets whose trust policy is not in the evidence, as missing evidence; a target in
 * another account replaces the generic "IAM role <name>" entry, whose remedy (grant iam:GetRole) cannot help.
 */
export function chainedTargetGaps(s: Snapshot, f: Facts, missing: readonly MissingEvidence[]): MissingEvidence[] {
  const gaps = chainedTargets(s, f).flatMap((t): MissingEvidence[] => {
    const why = unreadTarget(t);
    if (!why || (t.role.evidence.status === "absent" && !t.otherAccount)) return [];
    return [
      {
        what: `IAM role ${t.name}${t.otherAccount ? ` (account ${t.otherAccount.account})` : ""}, the target of the refused chained sts:AssumeRole`,
        reason: t.otherAccount ? "other_account" : "not_collected",
        detail: `${why}; ${t.crossAccount ? `across accounts its trust policy must let ${t.denial.roleName} in as well as the policies of ${t.denial.roleName} allowing the call` : `it decides whether the trust of ${t.name} or the policies of ${t.denial.roleName} refuse the call`}`,
        remedy: t.otherAccount
          ? `read it with credentials of account ${t.otherAccount.account}: ${readTargetCommand(t)}, and add the output to the snapshot under aws/`
          : `add the output of \`${readTargetCommand(t)}\` to the snapshot`,
      },
    ];
  });
  const replaced = new Set(gaps.map((g) => `IAM role ${g.what.split(" ")[2]}`));
  return [...missing.filter((m) => !replaced.has(m.what)), ...gaps];
}
