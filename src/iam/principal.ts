// Principal / NotPrincipal of a trust policy against the principal making the request. An account
// ("123456789012" or its ":root" ARN) trusts every principal of that account; a role ARN also covers
// that role's sessions (sts assumed-role ARNs); "*" and {"AWS": "*"} trust everyone.

import type { NormalizedStatement, NormalizedPrincipal } from "./parse.js";
import type { PolicyProblem, PrincipalRef, PrincipalResult, RequestPrincipal } from "./types.js";
import { parseArn } from "./arn.js";
import { providerArnIssuer } from "./issuer.js";

export interface PrincipalOutcome {
  result: PrincipalResult;
  problems: PolicyProblem[];
}

const describe = (p: PrincipalRef | RequestPrincipal): string => (p.type === "*" ? '"*"' : `${p.type} ${JSON.stringify(p.id)}`);

function listPrincipals(p: NormalizedPrincipal): PrincipalRef[] {
  if (p === "*") return [{ type: "*", id: "*" }];
  return Object.entries(p).flatMap(([type, ids]) => ids.map((id) => ({ type, id })));
}

function principalMatches(ref: PrincipalRef, request: RequestPrincipal): boolean {
  if (ref.type === "*" || (ref.type === "AWS" && ref.id === "*")) return true;
  if (ref.type !== request.type) return false;
  if (ref.type === "Service") return ref.id.toLowerCase() === request.id.toLowerCase();
  if (ref.type === "AWS") return awsPrincipalMatches(ref.id, request.id);
  return ref.id === request.id;
}

function accountOf(id: string): string | null {
  if (/^\d{12}$/.test(id)) return id;
  return parseArn(id)?.account ?? null;
}

function awsPrincipalMatches(refId: string, requestId: string): boolean {
  const ref = parseArn(refId);
  const trustedAccount = /^\d{12}$/.test(refId) ? refId : ref?.service === "iam" && ref.resource === "root" ? ref.account : null;
  if (trustedAccount !== null) return accountOf(requestId) === trustedAccount;
  if (refId === requestId) return true;
  // A role ARN in the policy also names the sessions of that role, whose ARNs drop the role's path.
  const req = parseArn(requestId);
  if (ref === null || req === null || ref.service !== "iam" || !ref.resource.startsWith("role/")) return false;
  if (req.service !== "sts" || !req.resource.startsWith("assumed-role/")) return false;
  const roleName = ref.resource.split("/").pop();
  return ref.partition === req.partition && ref.account === req.account && req.resource.split("/")[1] === roleName;
}

/** A principal shown as an IAM unique ID (AROA..., AIDA...) instead of an ARN: IAM's mark of a deleted principal. */
function uniqueIdNote(refs: PrincipalRef[]): string {
  const ids = refs.filter((r) => r.type === "AWS" && /^A[A-Z]{3}[A-Z0-9]{12,}$/.test(r.id)).map((r) => JSON.stringify(r.id));
  if (ids.length === 0) return "";
  return ` ${ids.join(", ")} is an IAM unique ID, which IAM shows in place of an ARN once the principal it named was deleted; a principal recreated with the same name is not trusted until the policy names its ARN again.`;
}

function issuerHint(refs: PrincipalRef[], request: RequestPrincipal): string {
  const requestIssuer = request.type === "Federated" ? providerArnIssuer(request.id) : null;
  if (requestIssuer === null) return "";
  const others = refs
    .filter((r) => r.type === "Federated")
    .map((r) => providerArnIssuer(r.id))
    .filter((i): i is string => i !== null && i.toLowerCase() !== requestIssuer.toLowerCase());
  if (others.length === 0) return "";
  return ` The statement trusts the OIDC provider of issuer ${others.map((i) => JSON.stringify(i)).join(", ")}, not that of ${JSON.stringify(requestIssuer)}.`;
}

export function evaluatePrincipal(statement: NormalizedStatement, request: RequestPrincipal | undefined): PrincipalOutcome {
  const element = statement.Principal !== undefined ? "Principal" : statement.NotPrincipal !== undefined ? "NotPrincipal" : null;
  const named = statement.Principal ?? statement.NotPrincipal;
  const refs = named === undefined ? [] : listPrincipals(named);
  const make = (matched: boolean | null, note: string, problems: PolicyProblem[] = []): PrincipalOutcome => ({
    result: { element, matched, policyValues: refs, requestValue: request ?? null, note },
    problems,
  });
  if (request === undefined) {
    return make(
      null,
      element === null
        ? "Not evaluated: neither the statement nor the request names a principal."
        : `Not evaluated: the statement has a ${element} but the request names no principal.`,
    );
  }
  const from = `the request comes from ${describe(request)}`;
  if (element === null) {
    const message = `The statement names no Principal, so it does not apply when ${from}; a trust policy statement must name the principal it trusts.`;
    return make(false, message, [{ code: "principal_mismatch", message, element: "Principal", expected: [], actual: request }]);
  }
  const hits = refs.filter((r) => principalMatches(r, request));
  const listed = refs.map(describe).join(", ");
  if (element === "Principal") {
    if (hits.length > 0) return make(true, `Matches: the Principal names ${hits.map(describe).join(", ")}, and ${from}.`);
    const message = `The statement's Principal names ${listed}, but ${from}.${issuerHint(refs, request)}${uniqueIdNote(refs)}`;
    return make(false, message, [{ code: "principal_mismatch", message, element, expected: refs, actual: request }]);
  }
  if (hits.length === 0) return make(true, `Matches: the NotPrincipal excludes ${listed}, and ${from}.`);
  const message = `The statement's NotPrincipal excludes ${hits.map(describe).join(", ")}, and ${from}.`;
  return make(false, message, [{ code: "principal_mismatch", message, element, expected: refs, actual: request }]);
}
