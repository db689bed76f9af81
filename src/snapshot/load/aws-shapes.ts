// Recognises a verbatim `aws ... --output json` output by its shape, whatever the file is called.
// The one place that knows what each CLI command prints; everything else reads the classified value.

import { withIsoTimestamps } from "./timestamps.js";
import type { CallerIdentity, CloudTrailEvent, EksAddon, EksCluster, IamRole, OidcProvider, PodIdentityAssociation } from "../types.js";
import { decodePolicyDocument } from "./policy-document.js";
import type { AttachedPolicy, InlineRolePolicy, PolicyVersion } from "./raw-types.js";

export type AwsOutput =
  | { kind: "eks.describe-cluster"; value: EksCluster }
  | { kind: "eks.list-pod-identity-associations"; value: PodIdentityAssociation[] }
  | { kind: "eks.describe-pod-identity-association"; value: PodIdentityAssociation }
  | { kind: "eks.describe-addon"; value: EksAddon }
  | { kind: "eks.list-clusters"; value: string[] }
  | { kind: "iam.get-role"; value: IamRole }
  | { kind: "iam.list-roles"; value: { roles: IamRole[]; truncated: boolean } }
  | { kind: "iam.list-attached-role-policies"; value: AttachedPolicy[] }
  | { kind: "iam.list-role-policies"; value: string[] }
  | { kind: "iam.get-role-policy"; value: InlineRolePolicy }
  | { kind: "iam.get-policy-version"; value: Omit<PolicyVersion, "PolicyArn"> }
  | { kind: "iam.list-open-id-connect-providers"; value: string[] }
  | { kind: "iam.get-open-id-connect-provider"; value: Omit<OidcProvider, "Arn"> }
  | { kind: "sts.get-caller-identity"; value: CallerIdentity }
  | { kind: "cloudtrail.lookup-events"; value: CloudTrailEvent[] };

/** The commands recognised, for messages that tell the operator what a file may contain. */
export const RECOGNISED_COMMANDS = [
  "eks describe-cluster",
  "eks list-pod-identity-associations",
  "eks describe-pod-identity-association",
  "eks describe-addon",
  "eks list-clusters",
  "iam get-role",
  "iam list-roles",
  "iam list-attached-role-policies",
  "iam list-role-policies",
  "iam get-role-policy",
  "iam get-policy-version",
  "iam list-open-id-connect-providers",
  "iam get-open-id-connect-provider",
  "sts get-caller-identity",
  "cloudtrail lookup-events",
];

/** A recognised output whose content is malformed (e.g. a trust policy that does not decode). */
export class AwsShapeError extends Error {
  override readonly name = "AwsShapeError";
}

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === "string";
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

function association(v: unknown, command: string): PodIdentityAssociation {
  const ok = isObj(v) && isStr(v.clusterName) && isStr(v.namespace) && isStr(v.serviceAccount) && isStr(v.associationId);
  if (!ok) {
    throw new AwsShapeError(`${command}: an association lacks clusterName, namespace, serviceAccount or associationId`);
  }
  return { ...(v as unknown as PodIdentityAssociation), associationArn: isStr(v.associationArn) ? v.associationArn : "" };
}

function policy(doc: unknown, what: string) {
  try {
    return decodePolicyDocument(doc);
  } catch (err) {
    throw new AwsShapeError(`${what}: ${(err as Error).message}`);
  }
}

/**
 * Classifies one parsed JSON output. Returns null when the shape is not one of RECOGNISED_COMMANDS;
 * throws AwsShapeError when it is recognised but its content cannot be used.
 */
export function classifyAwsOutput(json: unknown): AwsOutput | null {
  if (!isObj(json)) return null;
  const j = withIsoTimestamps(json) as Loose; // AWS CLI v1 prints epoch seconds (timestamps.ts)
  if (isObj(j.cluster) && isStr(j.cluster.name) && isStr(j.cluster.arn)) {
    return { kind: "eks.describe-cluster", value: j.cluster as EksCluster };
  }
  if (Array.isArray(j.associations)) {
    const value = j.associations.map((a) => association(a, "list-pod-identity-associations"));
    return { kind: "eks.list-pod-identity-associations", value };
  }
  if (isObj(j.association)) {
    return {
      kind: "eks.describe-pod-identity-association",
      value: association(j.association, "describe-pod-identity-association"),
    };
  }
  if (isObj(j.addon) && isStr(j.addon.addonName)) return { kind: "eks.describe-addon", value: j.addon as EksAddon };
  if (Array.isArray(j.clusters)) {
    if (!strings(j.clusters)) throw new AwsShapeError("list-clusters: an entry is not a cluster name");
    return { kind: "eks.list-clusters", value: j.clusters };
  }
  if (isObj(j.Role) && isStr(j.Role.RoleName) && isStr(j.Role.Arn)) {
    const role = j.Role;
    const document = policy(role.AssumeRolePolicyDocument, `get-role ${role.RoleName}: AssumeRolePolicyDocument`);
    return { kind: "iam.get-role", value: { ...(role as unknown as IamRole), AssumeRolePolicyDocument: document } };
  }
  if (Array.isArray(j.Roles)) {
    // `aws iam list-roles` prints every page merged; a saved page of the raw API says IsTruncated/Marker.
    const roles = j.Roles.map((r) => {
      if (!isObj(r) || !isStr(r.RoleName) || !isStr(r.Arn)) throw new AwsShapeError("list-roles: an entry lacks RoleName or Arn");
      const document = policy(r.AssumeRolePolicyDocument, `list-roles ${r.RoleName}: AssumeRolePolicyDocument`);
      return { ...(r as unknown as IamRole), AssumeRolePolicyDocument: document };
    });
    return { kind: "iam.list-roles", value: { roles, truncated: j.IsTruncated === true || isStr(j.Marker) } };
  }
  if (Array.isArray(j.AttachedPolicies)) {
    const value = j.AttachedPolicies.map((p) => {
      if (!isObj(p) || !isStr(p.PolicyName) || !isStr(p.PolicyArn)) {
        throw new AwsShapeError("list-attached-role-policies: an entry lacks PolicyName or PolicyArn");
      }
      return { PolicyName: p.PolicyName, PolicyArn: p.PolicyArn };
    });
    return { kind: "iam.list-attached-role-policies", value };
  }
  if (strings(j.PolicyNames)) return { kind: "iam.list-role-policies", value: j.PolicyNames };
  if (isStr(j.RoleName) && isStr(j.PolicyName) && "PolicyDocument" in j) {
    const document = policy(j.PolicyDocument, `get-role-policy ${j.RoleName}/${j.PolicyName}: PolicyDocument`);
    return { kind: "iam.get-role-policy", value: { RoleName: j.RoleName, PolicyName: j.PolicyName, PolicyDocument: document } };
  }
  if (isObj(j.PolicyVersion) && "Document" in j.PolicyVersion) {
    const v = j.PolicyVersion;
    const value: Omit<PolicyVersion, "PolicyArn"> = { Document: policy(v.Document, "get-policy-version: Document") };
    if (isStr(v.VersionId)) value.VersionId = v.VersionId;
    if (typeof v.IsDefaultVersion === "boolean") value.IsDefaultVersion = v.IsDefaultVersion;
    if (isStr(v.CreateDate)) value.CreateDate = v.CreateDate;
    return { kind: "iam.get-policy-version", value };
  }
  if (Array.isArray(j.OpenIDConnectProviderList)) {
    const arns = j.OpenIDConnectProviderList.map((p) => (isObj(p) ? p.Arn : undefined));
    if (!strings(arns)) throw new AwsShapeError("list-open-id-connect-providers: an entry has no Arn");
    return { kind: "iam.list-open-id-connect-providers", value: arns };
  }
  if (isStr(j.Url) && strings(j.ClientIDList) && strings(j.ThumbprintList)) {
    const value: Omit<OidcProvider, "Arn"> = {
      Url: j.Url.replace(/^https:\/\//, ""),
      ClientIDList: j.ClientIDList,
      ThumbprintList: j.ThumbprintList,
    };
    if (isStr(j.CreateDate)) value.CreateDate = j.CreateDate;
    // Kept so a capture and the emulator hand them on (eksctl and Terraform tag the provider with its cluster).
    const tags = Array.isArray(j.Tags)
      ? j.Tags.filter((t): t is { Key: string; Value: string } => isObj(t) && isStr(t.Key) && isStr(t.Value))
      : [];
    if (tags.length > 0) value.Tags = tags.map(({ Key, Value }) => ({ Key, Value }));
    return { kind: "iam.get-open-id-connect-provider", value };
  }
  if (isStr(j.UserId) && isStr(j.Account) && isStr(j.Arn)) {
    return { kind: "sts.get-caller-identity", value: { UserId: j.UserId, Account: j.Account, Arn: j.Arn } };
  }
  if (Array.isArray(j.Events) && j.Events.every((e) => isObj(e) && isStr(e.EventId))) {
    return { kind: "cloudtrail.lookup-events", value: j.Events.map((e) => cloudTrailEvent(e as Loose)) };
  }
  return null;
}

function cloudTrailEvent(e: Loose): CloudTrailEvent {
  let record: unknown = e.CloudTrailEvent;
  if (isStr(record)) {
    try {
      record = JSON.parse(record);
    } catch {
      throw new AwsShapeError(`lookup-events: event ${String(e.EventId)} has a CloudTrailEvent that is not JSON`);
    }
  }
  return {
    ...(e as unknown as CloudTrailEvent),
    EventName: isStr(e.EventName) ? e.EventName : "",
    EventTime: isStr(e.EventTime) ? e.EventTime : "",
    CloudTrailEvent: isObj(record) ? record : {},
  };
}
