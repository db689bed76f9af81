// Attributes the AWS outputs that do not say what they belong to: list-attached-role-policies and
// list-role-policies name no role, get-policy-version names no policy. The file's path under aws/ says
// it (`aws/iam-list-attached-role-policies-<role>.json`); when it cannot, the operator is told how to
// name the file rather than being given a guess.

import type { SnapshotProblem } from "../types.js";
import type { AttachedPolicy, Sourced } from "./raw-types.js";
import { joinSources } from "./sources.js";

/** The longest candidate contained in the path under aws/ (case-insensitive), or null. */
function nameInPath(source: string, candidates: Iterable<string>): string | null {
  const haystack = source
    .replace(/^aws\//, "")
    .replace(/\.json$/i, "")
    .toLowerCase();
  let best: string | null = null;
  for (const candidate of candidates) {
    if (candidate.length === 0 || !haystack.includes(candidate.toLowerCase())) continue;
    if (best === null || candidate.length > best.length) best = candidate;
  }
  return best;
}

/**
 * Keys role-less outputs by role: the role its path names, else the only role the snapshot knows, else
 * a problem. Several outputs for one role are combined with `combine`, which also normalises a single one.
 */
export function attributeToRoles<T>(
  items: Sourced<T>[],
  knownRoles: ReadonlySet<string>,
  command: string,
  problems: SnapshotProblem[],
  combine: (a: T, b?: T) => T,
): Record<string, Sourced<T>> {
  const out: Record<string, Sourced<T>> = {};
  const only = knownRoles.size === 1 ? [...knownRoles][0] : undefined;
  for (const item of items) {
    const role = nameInPath(item.source, knownRoles) ?? only;
    if (!role) {
      const known = knownRoles.size
        ? `none of the roles in the snapshot (${[...knownRoles].sort().join(", ")})`
        : "no role (the snapshot has no get-role output)";
      problems.push({
        source: item.source,
        message: `${command} output does not say which role it is for and its file name names ${known} — rename it to include the role name, e.g. aws/${command}-<role-name>.json`,
      });
      continue;
    }
    const prev = out[role];
    out[role] = prev
      ? { value: combine(prev.value, item.value), source: joinSources([prev, item]) }
      : { value: combine(item.value), source: item.source };
  }
  return out;
}

/** The attached policy a get-policy-version file is named after, or the problem to report. */
export function policyOfVersionFile(source: string, attached: AttachedPolicy[]): AttachedPolicy | string {
  const name = nameInPath(
    source,
    attached.map((p) => p.PolicyName),
  );
  const matches = [...new Map(attached.filter((p) => p.PolicyName === name).map((p) => [p.PolicyArn, p])).values()];
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    const arns = matches.map((m) => m.PolicyArn).join(", ");
    return `get-policy-version output matches several attached policies named ${name} (${arns}) — keep one per file and name it after the policy`;
  }
  const names = [...new Set(attached.map((p) => p.PolicyName))].sort();
  const known = names.length ? names.join(", ") : "no list-attached-role-policies output was attributed";
  return `get-policy-version output does not say which policy it is for and its file name names none of the attached policies (${known}) — rename it to include the policy name, e.g. aws/get-policy-version-<policy-name>.json`;
}
