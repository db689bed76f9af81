// Gathers what a live collection read into the shapes capture writes: Kubernetes objects, which kinds
// were read completely, the AWS CLI outputs and error lines under their file names, and the log tails.

import { sortK8sObjects } from "../snapshot/load/k8s-order.js";
import type { CapturedAwsError, CapturedAwsOutput, CapturedOutputs } from "../snapshot/write/types.js";
import type { AwsRead } from "./aws/reads.js";
import type { K8sBook } from "./kubernetes/book.js";
import type { LogRead } from "./kubernetes/collect.js";
import { compareText } from "../util/compare.js";

/** Operations whose errors the offline loader reads back from aws/<command>-<subject>.error.txt. */
const RECORDED_OPERATIONS = new Set([
  "GetRole",
  "ListAttachedRolePolicies",
  "ListRolePolicies",
  "GetRolePolicy",
  "GetPolicyVersion",
  "ListOpenIDConnectProviders",
  "GetOpenIDConnectProvider",
  "DescribeCluster",
  "ListPodIdentityAssociations",
  "DescribePodIdentityAssociation",
  "DescribeAddon",
  "GetCallerIdentity",
  "LookupEvents",
]);

/**
 * Read only to learn each policy's default version, which get-policy-version's output states itself; the
 * loader reads neither, so saving them would leave files a reload reports as unreadable.
 */
const LEADS_ONLY = new Set(["GetPolicy", "ListPolicies"]);

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._@+=,-]+/g, "_");

function unique(file: string, taken: Set<string>, ext: string): string {
  let name = `${file}${ext}`;
  for (let n = 2; taken.has(name); n++) name = `${file}-${n}${ext}`;
  taken.add(name);
  return name;
}

export function capturedOutputs(book: K8sBook, awsReads: AwsRead[], logs: LogRead[]): CapturedOutputs {
  const taken = new Set<string>();
  const ordered = [...awsReads].sort((a, b) => compareText(a.source, b.source));
  const aws: CapturedAwsOutput[] = [];
  const awsErrors: CapturedAwsError[] = [];
  for (const read of ordered) {
    if (read.outcome.ok && !LEADS_ONLY.has(read.spec.operation))
      aws.push({ file: unique(read.file, taken, ".json"), output: read.outcome.value });
    if (!read.outcome.ok && read.outcome.failure.code && RECORDED_OPERATIONS.has(read.spec.operation)) {
      const { code, message = read.outcome.failure.detail } = read.outcome.failure;
      const subject = read.spec.fileSubject ?? read.spec.subject;
      awsErrors.push({
        file: unique(`${read.spec.cli}-${fileSafe(subject)}`, taken, ".error.txt"),
        operation: read.spec.operation,
        subject: read.spec.subject,
        code,
        message,
      });
    }
  }
  return {
    k8sObjects: sortK8sObjects(book.objects).map((o) => o.value),
    k8sCompleteKinds: book.completeKinds(),
    k8sListedIn: book.answeredListsIn(),
    aws,
    awsErrors,
    logs: logs.flatMap((l) => (l.outcome.ok ? [{ file: l.file, text: l.outcome.value }] : [])),
  };
}
