// IAM (awsQuery protocol, XML answers) over the snapshot. Policy documents go out URL-encoded as IAM
// sends them. "Does not exist" (NoSuchEntity) is answered only when the snapshot proves it: a listing
// that lacks the entity, or a recorded error; anything else the snapshot lacks is AccessDenied, because
// evidence that was not collected must not read as an absent role.

import type { IamRole } from "../../snapshot/types.js";
import { PageTokenError, pageOf } from "../paging.js";
import { recordedError, type AwsContext } from "./context.js";
import { AwsFailure, invalidParameter, notCollected, notFound, unknownOperation } from "./errors.js";
import { encodePolicyDocument } from "./xml.js";
import { compareText } from "../../util/compare.js";

type Result = Record<string, unknown>;
type Handler = (params: URLSearchParams, ctx: AwsContext) => Result;

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === "") {
    throw new AwsFailure(
      invalidParameter(
        "iam",
        `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
      ),
    );
  }
  return value;
}

function denied(ctx: AwsContext, action: string, resource: string): AwsFailure {
  return new AwsFailure(notCollected("iam", action, resource, ctx.account));
}

const roleResource = (ctx: AwsContext, role: string) => `arn:aws:iam::${ctx.account ?? "000000000000"}:role/${role}`;

/** A role's entity errors: a recorded NoSuchEntity for the role applies to every call about it. */
function roleMissing(ctx: AwsContext, role: string): AwsFailure | undefined {
  const recorded = recordedError(ctx, "GetRole", role);
  return recorded === undefined ? undefined : new AwsFailure(recorded);
}

/** Marker/MaxItems paging as IAM does it: IsTruncated, and Marker only when there is more. */
function paged<T>(
  ctx: AwsContext,
  params: URLSearchParams,
  all: readonly T[],
  scope: string,
): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const raw = params.get("MaxItems");
  let limit: number | undefined;
  if (raw !== null) {
    limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new AwsFailure(
        invalidParameter(
          "iam",
          `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
        ),
      );
    }
  }
  try {
    const page = pageOf(all, { limit: limit ?? 100, forcedPageSize: ctx.pageSize, token: params.get("Marker") ?? undefined, scope });
    return page.next === undefined
      ? { items: page.items, IsTruncated: false }
      : { items: page.items, IsTruncated: true, Marker: page.next };
  } catch (err) {
    if (err instanceof PageTokenError)
      throw new AwsFailure({ code: "InvalidInput", status: 400, message: `Invalid Marker: ${err.message}` });
    throw err;
  }
}

function roleXml(role: IamRole): Result {
  return { ...role, AssumeRolePolicyDocument: encodePolicyDocument(role.AssumeRolePolicyDocument) };
}

const getRole: Handler = (params, ctx) => {
  const name = required(params, "RoleName");
  const role = ctx.docs.roles.find((r) => r.value.RoleName === name);
  if (role !== undefined) return { Role: roleXml(role.value) };
  throw roleMissing(ctx, name) ?? denied(ctx, "GetRole", roleResource(ctx, name));
};

/**
 * ListRoles, 1,000 a page at most, trust policies URL-encoded as IAM sends them: only for a bundle that
 * captured `aws iam list-roles` (roles held one by one are not the account's whole list).
 */
const listRoles: Handler = (params, ctx) => {
  if (ctx.docs.roleListing === undefined) throw denied(ctx, "ListRoles", roleResource(ctx, "*"));
  const prefix = params.get("PathPrefix") ?? "/";
  const inPath = ctx.docs.roles.filter((r) => (r.value.Path ?? "/").startsWith(prefix)).map((r) => roleXml(r.value));
  const { items, ...rest } = paged(ctx, params, inPath, `roles|${prefix}`);
  return { Roles: items, ...rest };
};

const listAttachedRolePolicies: Handler = (params, ctx) => {
  const name = required(params, "RoleName");
  const listed = ctx.docs.attachedRolePolicies[name];
  if (listed === undefined) throw roleMissing(ctx, name) ?? denied(ctx, "ListAttachedRolePolicies", roleResource(ctx, name));
  const prefix = params.get("PathPrefix") ?? "/";
  const inPath = listed.value.filter((p) => {
    const afterType = p.PolicyArn.split(":policy", 2)[1] ?? "/";
    return afterType.slice(0, afterType.lastIndexOf("/") + 1).startsWith(prefix);
  });
  const { items, ...rest } = paged(ctx, params, inPath, `attached|${name}|${prefix}`);
  return { AttachedPolicies: items, ...rest };
};

const listRolePolicies: Handler = (params, ctx) => {
  const name = required(params, "RoleName");
  const listed = ctx.docs.inlineRolePolicyNames[name];
  if (listed === undefined) throw roleMissing(ctx, name) ?? denied(ctx, "ListRolePolicies", roleResource(ctx, name));
  const { items, ...rest } = paged(ctx, params, listed.value, `inline|${name}`);
  return { PolicyNames: items, ...rest };
};

const getRolePolicy: Handler = (params, ctx) => {
  const role = required(params, "RoleName");
  const policy = required(params, "PolicyName");
  const hit = ctx.docs.inlineRolePolicies.find((p) => p.value.RoleName === role && p.value.PolicyName === policy);
  if (hit !== undefined) {
    return { RoleName: role, PolicyName: policy, PolicyDocument: encodePolicyDocument(hit.value.PolicyDocument) };
  }
  const missingRole = roleMissing(ctx, role);
  if (missingRole) throw missingRole;
  const names = ctx.docs.inlineRolePolicyNames[role];
  if (names !== undefined && !names.value.includes(policy)) {
    throw new AwsFailure(notFound("iam", `The role policy with name ${policy} cannot be found.`));
  }
  throw recordedFailure(ctx, "GetRolePolicy", `${role}/${policy}`) ?? denied(ctx, "GetRolePolicy", roleResource(ctx, role));
};

function recordedFailure(ctx: AwsContext, operation: string, subject: string): AwsFailure | undefined {
  const recorded = recordedError(ctx, operation, subject);
  return recorded === undefined ? undefined : new AwsFailure(recorded);
}

/** The captured default version of a managed policy: GetPolicy can be answered only with it. */
function defaultVersion(ctx: AwsContext, arn: string) {
  return ctx.docs.policyVersions.find(
    (v) => v.value.PolicyArn === arn && v.value.IsDefaultVersion === true && v.value.VersionId !== undefined,
  );
}

const getPolicy: Handler = (params, ctx) => {
  const arn = required(params, "PolicyArn");
  const version = defaultVersion(ctx, arn);
  const attached = Object.values(ctx.docs.attachedRolePolicies)
    .flatMap((s) => s.value)
    .find((p) => p.PolicyArn === arn);
  if (version !== undefined) {
    // What the bundle proves; PolicyId, AttachmentCount and the policy's own dates it does not hold.
    const name = attached?.PolicyName ?? arn.slice(arn.lastIndexOf("/") + 1);
    const afterType = arn.split(":policy", 2)[1] ?? "/";
    const path = afterType.slice(0, afterType.lastIndexOf("/") + 1) || "/";
    return { Policy: { PolicyName: name, Arn: arn, Path: path, DefaultVersionId: version.value.VersionId, IsAttachable: true } };
  }
  throw recordedFailure(ctx, "GetPolicy", arn) ?? denied(ctx, "GetPolicy", arn);
};

const getPolicyVersion: Handler = (params, ctx) => {
  const arn = required(params, "PolicyArn");
  const versionId = required(params, "VersionId");
  const hit = ctx.docs.policyVersions.find((v) => v.value.PolicyArn === arn && v.value.VersionId === versionId);
  if (hit !== undefined) {
    const { PolicyArn: _arn, Document, ...rest } = hit.value;
    return { PolicyVersion: { Document: encodePolicyDocument(Document), ...rest } };
  }
  throw (
    recordedFailure(ctx, "GetPolicyVersion", `${arn}:${versionId}`) ??
    recordedFailure(ctx, "GetPolicy", arn) ??
    denied(ctx, "GetPolicyVersion", arn)
  );
};

/**
 * ListPolicies (Scope Local, OnlyAttached): the customer managed policies the bundle captured a default
 * version of. A real account lists more; a policy left out only makes the client ask GetPolicy instead.
 */
const listPolicies: Handler = (params, ctx) => {
  const scope = params.get("Scope") ?? "All";
  const attached = new Map(
    Object.values(ctx.docs.attachedRolePolicies)
      .flatMap((s) => s.value)
      .map((p) => [p.PolicyArn, p.PolicyName]),
  );
  const policies = [...attached]
    .filter(([arn]) => scope !== "Local" || !arn.startsWith(`arn:${arn.split(":")[1]}:iam::aws:`))
    .flatMap(([arn, name]) => {
      const version = defaultVersion(ctx, arn);
      return version ? [{ PolicyName: name, Arn: arn, DefaultVersionId: version.value.VersionId, IsAttachable: true }] : [];
    })
    .sort((a, b) => compareText(a.Arn, b.Arn));
  const { items, ...rest } = paged(ctx, params, policies, `policies|${scope}`);
  return { Policies: items, ...rest };
};

const listOpenIDConnectProviders: Handler = (_params, ctx) => {
  const list = ctx.docs.oidcProviderList;
  if (list === undefined) throw denied(ctx, "ListOpenIDConnectProviders", "*");
  return { OpenIDConnectProviderList: list.value.map((Arn) => ({ Arn })) };
};

const getOpenIDConnectProvider: Handler = (params, ctx) => {
  const arn = required(params, "OpenIDConnectProviderArn");
  const provider = ctx.docs.oidcProviders.find((p) => p.value.Arn === arn);
  if (provider !== undefined) {
    const { Arn: _arn, ...rest } = provider.value;
    return rest;
  }
  const recorded = recordedFailure(ctx, "GetOpenIDConnectProvider", arn);
  if (recorded) throw recorded;
  const list = ctx.docs.oidcProviderList;
  if (list !== undefined && !list.value.some((a) => a.toLowerCase() === arn.toLowerCase())) {
    throw new AwsFailure(notFound("iam", `OpenIDConnect Provider not found for arn ${arn}`));
  }
  throw denied(ctx, "GetOpenIDConnectProvider", arn);
};

const HANDLERS: Record<string, Handler> = {
  GetRole: getRole,
  ListRoles: listRoles,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListRolePolicies: listRolePolicies,
  GetRolePolicy: getRolePolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  ListPolicies: listPolicies,
  ListOpenIDConnectProviders: listOpenIDConnectProviders,
  GetOpenIDConnectProvider: getOpenIDConnectProvider,
};

/** The result element's content for a read action; throws AwsFailure for every error answer. */
export function answerIam(action: string, params: URLSearchParams, ctx: AwsContext): Result {
  const handler = HANDLERS[action];
  if (handler === undefined) throw new AwsFailure(unknownOperation("iam", action));
  return handler(params, ctx);
}
