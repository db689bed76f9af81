// Checks the value of the eks.amazonaws.com/role-arn annotation the way STS will read it, and names
// the usual mistakes precisely: extra or missing colons, a role name instead of an ARN, quotes or
// whitespace carried into the value, a session (sts assumed-role) ARN, a non-12-digit account.
// Where the intended ARN can be derived, `suggestion` holds it so the report can show the fix.

import { parseArn } from "./arn.js";

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

export type RoleArnProblemCode =
  | "empty"
  | "surrounding_whitespace"
  | "surrounding_quotes"
  | "role_name_not_arn"
  | "not_an_arn"
  | "extra_colons"
  | "missing_colons"
  | "unknown_partition"
  | "wrong_service"
  | "region_not_empty"
  | "bad_account"
  | "missing_role_prefix"
  | "not_a_role"
  | "bad_role_name"
  | "bad_role_path";

export type RoleArnValidation =
  | { ok: true; arn: string; partition: string; account: string; roleName: string; path: string }
  | { ok: false; code: RoleArnProblemCode; problem: string; suggestion: string | null };

export interface RoleArnHints {
  /** Used to build a suggestion when the value is a bare role name. */
  account?: string;
  partition?: string;
}

const FORM = "arn:<partition>:iam::<12-digit account id>:role/<role name>";
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function validateRoleArn(value: string, hints: RoleArnHints = {}): RoleArnValidation {
  const shown = JSON.stringify(value);
  const fail = (code: RoleArnProblemCode, problem: string, suggestion: string | null = null): RoleArnValidation => ({
    ok: false,
    code,
    problem,
    suggestion,
  });
  if (value.trim() === "") return fail("empty", `The role ARN is empty; it must be a full ARN of the form ${FORM}.`);

  const trimmed = value.trim();
  if (trimmed !== value) {
    return fail(
      "surrounding_whitespace",
      `The role ARN ${shown} has leading or trailing whitespace (often a newline from a YAML block scalar); the SDK passes it to STS as is and the ARN is rejected. Remove the whitespace.`,
      derived(trimmed, hints),
    );
  }
  const unquoted = trimmed.replace(/^['"`]+|['"`]+$/g, "");
  if (unquoted !== trimmed) {
    return fail(
      "surrounding_quotes",
      `The role ARN ${shown} contains quote characters: the quotes were written inside the annotation's value, so they are part of the ARN STS receives. Remove them.`,
      derived(unquoted, hints),
    );
  }
  if (!value.startsWith("arn:")) {
    if (ROLE_NAME.test(value)) {
      const suggestion = hints.account === undefined ? null : `arn:${hints.partition ?? "aws"}:iam::${hints.account}:role/${value}`;
      return fail("role_name_not_arn", `${shown} is a role name, not an ARN; IRSA needs the full role ARN (${FORM}).`, suggestion);
    }
    const lower = /^arn:/i.test(value) ? ` ("arn" must be lower-case)` : "";
    return fail(
      "not_an_arn",
      `${shown} is not an ARN${lower}; a role ARN has the form ${FORM}.`,
      lower ? derived(`arn:${value.slice(4)}`, hints) : null,
    );
  }

  const parts = value.split(":");
  if (parts.length > 6) {
    return fail(
      "extra_colons",
      `The role ARN ${shown} has ${parts.length} colon-separated parts instead of 6: it has ${parts.length - 6 === 1 ? "an extra ':'" : `${parts.length - 6} extra ':'`}. A role ARN is ${FORM}, with exactly two colons between "iam" and the account id; STS rejects anything else as an invalid ARN.`,
      rebuild(parts),
    );
  }
  if (parts.length < 6) {
    return fail(
      "missing_colons",
      `The role ARN ${shown} has ${parts.length} colon-separated parts instead of 6: a ':' is missing. A role ARN is ${FORM} (note the empty region between "iam" and the account id: "iam::").`,
      rebuild(parts),
    );
  }
  const arn = parseArn(value);
  if (arn === null) return fail("not_an_arn", `${shown} is not an ARN; a role ARN has the form ${FORM}.`);
  const { partition, service, region, account, resource } = arn;

  if (!PARTITIONS.includes(partition)) {
    return fail(
      "unknown_partition",
      `The role ARN ${shown} names the partition ${JSON.stringify(partition)}, which does not exist; use "aws", "aws-cn" (China) or "aws-us-gov" (GovCloud).`,
    );
  }
  if (service !== "iam") {
    if (service === "sts" && resource.startsWith("assumed-role/")) {
      const roleName = resource.split("/")[1] ?? "";
      return fail(
        "wrong_service",
        `The role ARN ${shown} is an assumed-role session ARN (sts), not a role ARN; use the role's IAM ARN (${FORM}), adding the role's path if it has one.`,
        ROLE_NAME.test(roleName) && /^\d{12}$/.test(account) ? `arn:${partition}:iam::${account}:role/${roleName}` : null,
      );
    }
    return fail("wrong_service", `The role ARN ${shown} names the service ${JSON.stringify(service)}; a role ARN names "iam" (${FORM}).`);
  }
  if (region !== "") {
    return fail(
      "region_not_empty",
      `The role ARN ${shown} names the region ${JSON.stringify(region)}; IAM is global, so the region part of a role ARN is empty ("iam::").`,
      derived(`arn:${partition}:iam::${account}:${resource}`, hints),
    );
  }
  if (!/^\d{12}$/.test(account)) {
    return fail(
      "bad_account",
      `The role ARN ${shown} names the account ${JSON.stringify(account)}; an account id is exactly 12 digits (keep leading zeros; an account alias does not work).`,
    );
  }
  if (!resource.includes("/")) {
    return fail(
      "missing_role_prefix",
      `The role ARN ${shown} lacks "role/" before the role name; a role ARN ends in ":role/<role name>".`,
      ROLE_NAME.test(resource) ? `arn:${partition}:iam::${account}:role/${resource}` : null,
    );
  }
  if (!resource.startsWith("role/")) {
    const kind = resource.slice(0, resource.indexOf("/"));
    return fail(
      "not_a_role",
      `The ARN ${shown} names an IAM ${JSON.stringify(kind)}, not a role; IRSA and Pod Identity assume roles (${FORM}).`,
    );
  }
  const segments = resource.slice("role/".length).split("/");
  const roleName = segments.pop() ?? "";
  const path = segments.length === 0 ? "/" : `/${segments.join("/")}/`;
  if (!ROLE_NAME.test(roleName)) {
    return fail(
      "bad_role_name",
      `The role ARN ${shown} ends in the role name ${JSON.stringify(roleName)}, which is not a valid role name (1 to 64 of letters, digits and +=,.@_-).`,
    );
  }
  if (path.length > 512 || segments.some((s) => s === "" || !/^[\u0021-\u007e]+$/.test(s))) {
    return fail(
      "bad_role_path",
      `The role ARN ${shown} has an invalid path ${JSON.stringify(path)} (an empty segment or a character outside printable ASCII).`,
    );
  }
  return { ok: true, arn: value, partition, account, roleName, path };
}

/** The corrected value if it now validates, else that value's own suggestion. */
function derived(candidate: string, hints: RoleArnHints): string | null {
  const again = validateRoleArn(candidate, hints);
  return again.ok ? again.arn : again.suggestion;
}

/** From a mis-colonised ARN, the intended one: partition, "iam", the 12-digit account, the role resource. */
function rebuild(parts: string[]): string | null {
  const partition = parts[1] ?? "";
  const account = parts.slice(2).find((p) => /^\d{12}$/.test(p));
  const resource = parts[parts.length - 1] ?? "";
  if (parts[0] !== "arn" || parts[2] !== "iam" || !PARTITIONS.includes(partition) || account === undefined) return null;
  if (!resource.startsWith("role/")) return null;
  const candidate = `arn:${partition}:iam::${account}:${resource}`;
  return validateRoleArn(candidate).ok ? candidate : null;
}
