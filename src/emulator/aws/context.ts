// What the AWS handlers read: the snapshot's classified AWS outputs, the target, and the errors the
// capture recorded. A recorded error (e.g. GetRole answered NoSuchEntity when the snapshot was taken)
// is the only way a handler may answer "does not exist" for something it has no listing for.

import type { AwsDocs } from "../../snapshot/load/raw-types.js";
import type { Target } from "../../snapshot/types.js";
import type { AwsError } from "./errors.js";

/** An AWS CLI error saved by the capture: the operation, what it was about, and AWS's code and message. */
export interface RecordedAwsError {
  /** The API operation, e.g. "GetRole". */
  operation: string;
  /** What the call named: role name, policy or provider ARN, cluster name, addon name, association id. */
  subject: string;
  code: string;
  message: string;
  source: string;
}

export interface AwsContext {
  docs: AwsDocs;
  target: Target;
  account: string | null;
  pageSize?: number;
  recordedErrors: readonly RecordedAwsError[];
}

const STATUS_OF_CODE: Record<string, number> = {
  NoSuchEntity: 404,
  ResourceNotFoundException: 404,
  NotFoundException: 404,
  AccessDenied: 403,
  AccessDeniedException: 403,
};

/** The recorded answer of `operation` about `subject`, as an error to replay, if the capture saved one. */
export function recordedError(ctx: AwsContext, operation: string, subject: string): AwsError | undefined {
  const hit = ctx.recordedErrors.find((e) => e.operation === operation && e.subject === subject);
  if (hit === undefined) return undefined;
  return { code: hit.code, message: hit.message, status: STATUS_OF_CODE[hit.code] ?? 400 };
}
