// Recorded AWS errors: a bundle proves that something does NOT exist (or could not be read) by keeping
// the AWS CLI's own error line, e.g. aws/get-role-payments-api.error.txt holding
//   An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name payments-api cannot be found.
// Without such a record a missing output only means "not collected", never "does not exist".

import { basename } from "node:path";

export interface RecordedAwsError {
  /** The API operation, e.g. "GetRole". */
  operation: string;
  /** What the call named: role name, provider ARN, cluster name, add-on name; "" when the call names nothing. */
  subject: string;
  /** The AWS error code, e.g. "NoSuchEntity", "AccessDenied". */
  code: string;
  message: string;
}

const CLI_ERROR = /An error occurred \(([A-Za-z.]+)\) when calling the ([A-Za-z]+) operation(?: \([^)]*\))?: ?(.*)$/m;

/** Subjects the services spell out in their messages, so the file name does not have to. */
const SUBJECT_IN_MESSAGE: [RegExp, number][] = [
  [/role with name (\S+?) cannot be found/i, 1],
  [/No cluster found for name: (\S+?)\.?$/i, 1],
  [/No addon: (\S+) found in cluster/i, 1],
  [/OpenIDConnect Provider not found for arn (\S+)/i, 1],
  [/on resource: role (\S+)/i, 1],
  [/on resource: (arn:\S+)/i, 1],
];

/** "get-role-payments-api.error.txt" -> "payments-api": the CLI command's words, then the subject. */
function subjectFromFileName(source: string, operation: string): string {
  const stem = basename(source)
    .replace(/(\.error)?\.(txt|err)$/i, "")
    .replace(/^(aws-)?(iam|eks|sts|cloudtrail)-/i, "");
  const command = operation.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
  const noun = command.replace(/^(get|describe|list)-/, "");
  for (const prefix of [command, noun]) {
    if (stem.toLowerCase().startsWith(`${prefix}-`)) return stem.slice(prefix.length + 1);
  }
  return "";
}

/**
 * The name an ARN in a refusal stands for, as the call itself names it: a role by its name, an EKS add-on
 * (arn:aws:eks:<region>:<account>:addon/<cluster>/<addon>/<id>) by the add-on's, a cluster by the cluster's.
 * An AccessDenied for describe-addon names the add-on only by its ARN.
 */
function namedBy(subject: string): string {
  const addon = /^arn:aws[a-z-]*:eks:[^:]*:\d*:addon\/[^/]+\/([^/]+)(?:\/.*)?$/.exec(subject);
  if (addon) return addon[1]!;
  const cluster = /^arn:aws[a-z-]*:eks:[^:]*:\d*:cluster\/([^/]+)$/.exec(subject);
  if (cluster) return cluster[1]!;
  return subject.replace(/^.*:role\/(?:.*\/)?/, "");
}

export function parseAwsCliError(text: string, source: string): RecordedAwsError | null {
  const m = CLI_ERROR.exec(text);
  if (!m) return null;
  const [, code = "", operation = "", rest = ""] = m;
  const message = rest.trim();
  for (const [pattern, group] of SUBJECT_IN_MESSAGE) {
    const hit = pattern.exec(message);
    if (hit?.[group]) return { operation, subject: namedBy(hit[group]!), code, message };
  }
  return { operation, subject: subjectFromFileName(source, operation), code, message };
}

const NOT_FOUND = new Set(["NoSuchEntity", "ResourceNotFoundException", "NotFoundException"]);
const SERVICE_OF: Record<string, string> = {
  GetRole: "iam",
  ListAttachedRolePolicies: "iam",
  ListRolePolicies: "iam",
  GetRolePolicy: "iam",
  GetPolicyVersion: "iam",
  ListOpenIDConnectProviders: "iam",
  GetOpenIDConnectProvider: "iam",
  DescribeCluster: "eks",
  ListPodIdentityAssociations: "eks",
  DescribePodIdentityAssociation: "eks",
  DescribeAddon: "eks",
  GetCallerIdentity: "sts",
  LookupEvents: "cloudtrail",
};

export type RecordedOutcome =
  { kind: "absent"; message: string } | { kind: "denied"; message: string; permission: string } | { kind: "error"; message: string };

/** What a recorded error proves: the thing is absent, the read was denied, or something else failed. */
export function outcomeOf(e: RecordedAwsError): RecordedOutcome {
  const message = `${e.operation} failed with ${e.code}: ${e.message}`;
  if (NOT_FOUND.has(e.code)) return { kind: "absent", message };
  if (/AccessDenied|UnauthorizedOperation|Forbidden/i.test(e.code)) {
    return { kind: "denied", message, permission: `${SERVICE_OF[e.operation] ?? "aws"}:${e.operation}` };
  }
  return { kind: "error", message };
}
