// The corrected trust policy a trust_policy finding offers: the WHOLE document (other statements kept),
// with the smallest edit that lets the pod in: Deny statements that catch the pod removed, then each
// wrong element of the nearest Allow statement fixed in place. The result is evaluated again; when the
// in-place edits do not suffice the statement is replaced by the documented IRSA statement (same Sid).

import type { PolicyDocument, PolicyStatement } from "../../snapshot/types.js";
import {
  WEB_IDENTITY_ACTION,
  correctedWebIdentityStatement,
  evaluatePolicy,
  hasWildcard,
  issuerHostPath,
  oidcProviderArn,
  serviceAccountSubject,
  type PolicyProblem,
} from "../../iam/index.js";
import { claimOf, isFederatedStatement, statementLabel, statementsOf, type TrustContext } from "./context.js";

export interface RepairedPolicy {
  policy: PolicyDocument;
  /** What changed, one phrase per edit, for the action's description. */
  changes: string[];
}

type Condition = NonNullable<PolicyStatement["Condition"]>;
type ConditionValue = Condition[string][string];

const asList = (v: ConditionValue | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const fromList = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values);

export function repairTrustPolicy(ctx: TrustContext): RepairedPolicy {
  const changes: string[] = [];
  const original = statementsOf(ctx.document);
  const denied = new Set(ctx.denies.map((d) => d.index));
  const subject = serviceAccountSubject(ctx.input.namespace, ctx.input.serviceAccount);
  for (const d of ctx.denies)
    changes.push(`remove Deny ${statementLabel(d)}, which applies to ${subject} (or narrow its condition so it no longer does)`);
  const statements = original.map((s) => structuredClone(s)).filter((_, i) => !denied.has(i));
  const positionOf = (index: number): number => index - [...denied].filter((d) => d < index).length;

  const closest = ctx.closest;
  if (closest && isFederatedStatement(closest)) {
    const at = positionOf(closest.index);
    const before = changes.length;
    // Fixing one element can reveal the next (a renamed condition key with a wrong value): a few passes.
    for (let pass = 0; pass < 3 && !allows(statements, ctx); pass++) {
      const problems = statementProblems(statements, at, ctx);
      if (problems.length === 0) break;
      statements[at] = editStatement(statements[at]!, problems, ctx, changes);
    }
    if (!allows(statements, ctx)) {
      changes.length = before;
      changes.push(`replace ${statementLabel(closest)} with the documented IRSA statement for ${subject}`);
      statements[at] = corrected(ctx, closest.sid);
    }
  } else if (!allows(statements, ctx)) {
    // No web identity statement to edit (none at all, or only ones for other principals): add one.
    changes.push(`add an Allow statement for ${WEB_IDENTITY_ACTION} from the cluster's OIDC provider, keeping the other statements`);
    statements.push(corrected(ctx, null));
  }
  const policy: PolicyDocument = { Version: ctx.document.Version ?? "2012-10-17", Statement: statements };
  if (ctx.document.Id !== undefined) policy.Id = ctx.document.Id;
  return { policy: orderDocument(policy), changes };
}

function statementProblems(statements: PolicyStatement[], at: number, ctx: TrustContext): PolicyProblem[] {
  try {
    return evaluatePolicy({ Version: "2012-10-17", Statement: statements }, ctx.request).statements[at]?.problems ?? [];
  } catch {
    return [];
  }
}

function corrected(ctx: TrustContext, sid: string | null): PolicyStatement {
  // The documented statement, keeping the Sid of the one it replaces so reviewers see the same statement.
  return correctedWebIdentityStatement(sid ? { ...ctx.input, sid } : ctx.input);
}

function allows(statements: PolicyStatement[], ctx: TrustContext): boolean {
  try {
    return evaluatePolicy({ Version: "2012-10-17", Statement: statements }, ctx.request).decision === "allow";
  } catch {
    return false;
  }
}

/** IAM's documented element order, so the offered JSON reads like the policies operators write. */
function orderDocument(doc: PolicyDocument): PolicyDocument {
  const keys = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"] as const;
  const order = (s: PolicyStatement): PolicyStatement => {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (s[k] !== undefined) out[k] = s[k];
    return out as unknown as PolicyStatement;
  };
  const out: PolicyDocument = { Version: doc.Version, Statement: statementsOf(doc).map(order) };
  if (doc.Id !== undefined) out.Id = doc.Id;
  return out;
}

function editStatement(s: PolicyStatement, problems: PolicyProblem[], ctx: TrustContext, changes: string[]): PolicyStatement {
  const hostPath = issuerHostPath(ctx.input.issuerUrl);
  const providerArn = oidcProviderArn(ctx.input.partition ?? "aws", ctx.input.account, ctx.input.issuerUrl);
  const subject = serviceAccountSubject(ctx.input.namespace, ctx.input.serviceAccount);
  const audience = ctx.input.audience ?? "sts.amazonaws.com";
  const out = structuredClone(s);
  // Wildcard problems come with a value mismatch on the same key; the operator fix is the edit to make.
  const movedKeys = new Set<string>();
  const renamed = new Map<string, string[]>();
  for (const p of problems) {
    switch (p.code) {
      case "principal_mismatch": {
        const principal = out.Principal;
        if (principal === undefined || principal === "*") break;
        const federated = principal["Federated"];
        const next = Array.isArray(federated) ? [...federated, providerArn] : providerArn;
        out.Principal = { ...principal, Federated: next };
        changes.push(
          Array.isArray(federated)
            ? `add ${providerArn} to the Federated principals`
            : `change the Federated principal from ${federated ?? "(none)"} to ${providerArn}`,
        );
        break;
      }
      case "condition_key_for_other_issuer": {
        const claim = claimOf(p.key);
        const block = out.Condition?.[p.operator];
        if (!claim || !block || !out.Condition) break;
        out.Condition[p.operator] = renameKey(block, p.key, `${hostPath}:${claim}`);
        renamed.set(p.keyIssuer, [...(renamed.get(p.keyIssuer) ?? []), `:${claim}`]);
        break;
      }
      case "wildcard_in_exact_operator": {
        const cond = out.Condition;
        const value = cond?.[p.operator]?.[p.key];
        if (!cond || value === undefined) break;
        delete cond[p.operator]![p.key];
        if (Object.keys(cond[p.operator]!).length === 0) delete cond[p.operator];
        cond[p.suggestedOperator] = { ...(cond[p.suggestedOperator] ?? {}), [p.key]: value };
        movedKeys.add(`${p.operator}\u0000${p.key}`);
        changes.push(`move ${p.key} from ${p.operator} to ${p.suggestedOperator}, under which "*" is a wildcard`);
        break;
      }
      case "unknown_operator": {
        const cond = out.Condition;
        if (!cond || !p.suggestion || cond[p.operator] === undefined) break;
        const block = cond[p.operator]!;
        delete cond[p.operator];
        cond[p.suggestion] = { ...(cond[p.suggestion] ?? {}), ...block };
        changes.push(`rename the condition operator ${p.operator} to ${p.suggestion}`);
        break;
      }
      case "condition_key_missing_in_request": {
        // Only claims of the issuer (amr, email, ...): STS never receives them from an EKS token.
        const cond = out.Condition;
        if (!cond || claimOf(p.key) === null || cond[p.operator]?.[p.key] === undefined) break;
        delete cond[p.operator]![p.key];
        if (Object.keys(cond[p.operator]!).length === 0) delete cond[p.operator];
        changes.push(`remove the condition on ${p.key}, a claim the token never carries`);
        break;
      }
      case "action_not_allowed": {
        if (out.Action === undefined) break;
        out.Action = Array.isArray(out.Action) ? [...out.Action, WEB_IDENTITY_ACTION] : WEB_IDENTITY_ACTION;
        changes.push(`set Action to ${WEB_IDENTITY_ACTION}`);
        break;
      }
      case "condition_value_mismatch": {
        if (movedKeys.has(`${p.operator}\u0000${p.key}`)) break;
        const claim = claimOf(p.key);
        const block = out.Condition?.[p.operator];
        if ((claim !== "sub" && claim !== "aud") || !block || /Not/.test(p.operator)) break;
        const wanted = claim === "sub" ? subject : audience;
        const values = asList(block[p.key]);
        // A single exact value is a typo or a rename: replace it. Patterns and lists may serve other
        // service accounts or audiences: keep them and add the pod's value.
        const replace = values.length === 1 && !hasWildcard(values[0]!);
        block[p.key] = replace ? wanted : fromList([...values, wanted]);
        changes.push(
          replace
            ? `change ${p.key} from ${JSON.stringify(values[0])} to ${JSON.stringify(wanted)}`
            : `add ${JSON.stringify(wanted)} to ${p.key}`,
        );
        break;
      }
      default:
        break;
    }
  }
  for (const [issuer, claims] of [...renamed].sort()) {
    changes.push(`move the condition keys ${claims.sort().join(", ")} from issuer ${issuer} to ${hostPath}`);
  }
  return out;
}

/** The block with one key renamed in place (key order kept, so the diff shows one changed line). */
function renameKey(block: Condition[string], from: string, to: string): Condition[string] {
  const out: Condition[string] = {};
  for (const [k, v] of Object.entries(block)) {
    if (k === from) {
      if (block[to] === undefined) out[to] = v;
    } else out[k] = v;
  }
  return out;
}
