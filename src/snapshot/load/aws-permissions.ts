// A role's permissions from the outputs that describe them: attached policies (with their default
// version's document when aws/ holds it) and inline policies (names, and documents when fetched).

import { type Evidence, found } from "../evidence.js";
import type { RolePermissions } from "../types.js";
import type { AwsDocs } from "./raw-types.js";
import { joinSources } from "./sources.js";

/** Says how to collect an item aws/ does not hold (aws-evidence.ts makes it, with the bundle's context). */
export type NotCollected = <T>(what: string, command: string) => Evidence<T>;

export function permissionsOf(name: string, aws: AwsDocs, none: NotCollected): Evidence<RolePermissions> {
  const attached = aws.attachedRolePolicies[name];
  const inlineNames = aws.inlineRolePolicyNames[name];
  const inlineDocs = aws.inlineRolePolicies.filter((p) => p.value.RoleName === name);
  if (!attached && !inlineNames && inlineDocs.length === 0) {
    return none(`the policies of role ${name}`, `iam list-attached-role-policies --role-name ${name}`);
  }
  const used: { source: string }[] = [...(attached ? [attached] : []), ...(inlineNames ? [inlineNames] : []), ...inlineDocs];

  const attachedValue = (attached?.value ?? []).map((p) => {
    const versions = aws.policyVersions.filter((v) => v.value.PolicyArn === p.PolicyArn);
    // Only the default version is in force; a lone version of unknown status is taken as it.
    const version = versions.find((v) => v.value.IsDefaultVersion === true) ?? (versions.length === 1 ? versions[0] : undefined);
    if (!version) return { ...p };
    used.push(version);
    return { ...p, Document: version.value.Document };
  });

  const inlinePolicyNames = [...new Set([...(inlineNames?.value ?? []), ...inlineDocs.map((d) => d.value.PolicyName)])].sort();
  const inlineValue = inlinePolicyNames.map((policyName) => {
    const doc = inlineDocs.find((d) => d.value.PolicyName === policyName);
    return doc ? { PolicyName: policyName, Document: doc.value.PolicyDocument } : { PolicyName: policyName };
  });

  const value: RolePermissions = {
    attached: attachedValue,
    inline: inlineValue,
    attachedListed: attached !== undefined,
    inlineListed: inlineNames !== undefined,
  };
  return found(value, joinSources(used));
}
