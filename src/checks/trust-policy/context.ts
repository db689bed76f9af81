// The IRSA role's trust policy as the trust_policy checks read it: the document, the pod's exact
// AssumeRoleWithWebIdentity request, the Deny statements that apply to it and the Allow statement a fix
// should edit. Built once per check from the facts, so the four checks look at the same statement.

import type { Facts, RoleFacts } from "../../diagnosis/facts/index.js";
import type { IamRole, PolicyDocument, PolicyStatement } from "../../snapshot/types.js";
import {
  evaluatePolicy,
  webIdentityRequest,
  type PolicyDecision,
  type PolicyProblem,
  type PolicyRequest,
  type StatementResult,
  type WebIdentityInput,
} from "../../iam/index.js";

export interface TrustContext {
  role: RoleFacts;
  iamRole: IamRole;
  /** The trust policy as IAM holds it (decoded). */
  document: PolicyDocument;
  input: WebIdentityInput;
  request: PolicyRequest;
  decision: PolicyDecision;
  /** Deny statements that apply to the pod's request (explicit deny). */
  denies: StatementResult[];
  /**
   * The Allow statement nearest to admitting the pod, judged with the applying Deny statements set
   * aside (so a Deny does not hide what else is wrong); its `index` is the index in `document`.
   * null when the policy already allows once the Denies are gone, or has no Allow statement.
   */
  closest: StatementResult | null;
  /** Whether the policy has any Allow statement at all. */
  hasAllow: boolean;
}

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** 'statement "IRSA" (#0)' or 'statement #1': how the report names a statement. */
export function statementLabel(r: { index: number; sid: string | null }): string {
  return r.sid ? `statement "${r.sid}" (#${r.index})` : `statement #${r.index}`;
}

export function roleLabel(ctx: { role: RoleFacts }): string {
  return `role ${ctx.role.name} (${ctx.role.arn})`;
}

/** null when the trust policy was not evaluated (missing evidence): see the log-only findings. */
export function trustContext(f: Facts): TrustContext | null {
  const decision = f.trust.webIdentity;
  const role = f.irsaRole;
  if (!decision || !role || role.evidence.status !== "found") return null;
  const { issuerUrl } = f.aws.oidc;
  const account = f.aws.account;
  const serviceAccount = f.workload.serviceAccountName;
  if (!issuerUrl || !account || !serviceAccount) return null;
  const input: WebIdentityInput = {
    issuerUrl,
    account,
    partition: f.aws.partition,
    namespace: f.workload.namespace,
    serviceAccount,
    audience: f.workload.tokenAudience,
  };
  const request = webIdentityRequest(input);
  const document = role.evidence.value.AssumeRolePolicyDocument;
  const statements = statementsOf(document);
  const denies = decision.statements.filter((s) => decision.deniedBy.includes(s.index));
  return {
    role,
    iamRole: role.evidence.value,
    document,
    input,
    request,
    decision,
    denies,
    closest: closestWithoutDenies(document, statements, decision, request),
    hasAllow: statements.some((s) => s.Effect === "Allow"),
  };
}

function closestWithoutDenies(
  document: PolicyDocument,
  statements: PolicyStatement[],
  decision: PolicyDecision,
  request: PolicyRequest,
): StatementResult | null {
  if (decision.decision === "allow") return null;
  if (decision.decision === "implicit_deny") {
    return decision.closestAllow === null ? null : (decision.statements[decision.closestAllow] ?? null);
  }
  const kept = statements.map((_, i) => i).filter((i) => !decision.deniedBy.includes(i));
  if (kept.length === 0) return null;
  const without = evaluatePolicy({ ...document, Statement: kept.map((i) => statements[i]!) }, request);
  if (without.decision !== "implicit_deny" || without.closestAllow === null) return null;
  const r = without.statements[without.closestAllow];
  return r ? { ...r, index: kept[without.closestAllow] ?? r.index } : null;
}

/** The closest Allow statement's problems of the given codes. */
export function problemsOf<C extends PolicyProblem["code"]>(ctx: TrustContext, codes: readonly C[]): Extract<PolicyProblem, { code: C }>[] {
  const list = ctx.closest?.problems ?? [];
  return list.filter((p): p is Extract<PolicyProblem, { code: C }> => (codes as readonly string[]).includes(p.code));
}

/** Whether a statement trusts a Federated principal at all (a web identity statement, even if wrong). */
export function isFederatedStatement(r: StatementResult): boolean {
  return r.principal.element === "Principal" && r.principal.policyValues.some((p) => p.type === "Federated");
}

/** "oidc.eks.x.amazonaws.com/id/ABC:sub" -> "sub", lower-cased; null for keys of no issuer. */
export function claimOf(key: string): string | null {
  const colon = key.lastIndexOf(":");
  const prefix = key.slice(0, colon);
  return colon > 0 && prefix.includes(".") ? key.slice(colon + 1).toLowerCase() : null;
}

export const quote = (v: string): string => JSON.stringify(v);
export const quoteAll = (values: readonly string[]): string => values.map(quote).join(", ");
