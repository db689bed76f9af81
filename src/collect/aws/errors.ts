// Turns what an AWS SDK v3 call threw into a Failure: "does not exist" (NoSuchEntity,
// ResourceNotFoundException) becomes absent, a refusal names the IAM action to grant, network trouble and
// timeouts are "unreachable", and missing or expired credentials say how to fix them. Messages are the
// service's own; no credential ever appears in one.

import type { Failure } from "../outcome.js";
import { messageOf, networkFailure } from "../../util/errors.js";

const DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "UnauthorizedException",
  "NotAuthorized",
]);
const NOT_FOUND = new Set(["NoSuchEntity", "NoSuchEntityException", "ResourceNotFoundException", "NotFoundException", "NotFound"]);
const BAD_CREDENTIALS = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "IncompleteSignature",
  "MissingAuthenticationToken",
]);

const THROTTLED = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/;

/** A rate-limit answer (retried by retryThrottled); AWS gives no wait to honour, the backoff decides. */
export function awsThrottled(err: unknown): { retryAfterMs?: number } | undefined {
  const e = (err ?? {}) as SdkError;
  return THROTTLED.test(e.Code ?? e.name ?? "") || e.$metadata?.httpStatusCode === 429 ? {} : undefined;
}

const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException"]);

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** `permission` is "iam:GetRole"; `what` names the thing read ("role payments-api"). */
export function awsFailure(err: unknown, permission: string, what: string, timeoutMs: number): Failure {
  const e = (err ?? {}) as SdkError;
  const code = e.Code ?? e.name ?? "";
  const status = e.$metadata?.httpStatusCode;
  const message = messageOf(err);
  if (DENIED.has(code) || (status === 403 && !BAD_CREDENTIALS.has(code))) {
    return {
      kind: "permission_denied",
      detail: `could not read ${what}: ${permission} denied (${message})`,
      permission,
      code: code || "AccessDenied",
      message,
    };
  }
  if (NOT_FOUND.has(code) || status === 404) {
    return { kind: "absent", detail: `${what} does not exist (${code || "404"}: ${message})`, code: code || "NotFound", message };
  }
  if (BAD_CREDENTIALS.has(code)) {
    const detail = EXPIRED.has(code)
      ? `your AWS credentials have expired (${code} from ${permission}): run aws sso login (or refresh your profile), then try again`
      : `AWS did not accept your credentials (${code} from ${permission}): run aws sso login (or refresh your profile, or check AWS_PROFILE and the access key), then try again`;
    return { kind: "error", detail, code, message, refusedCredentials: "aws" };
  }
  if (e.name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return {
      kind: "error",
      detail: `could not read ${what}: no AWS credentials were found — set AWS_PROFILE or pass --profile (${message})`,
    };
  }
  if (/Region is missing/i.test(message)) {
    return { kind: "error", detail: `could not read ${what}: no AWS region is set — pass --region or set AWS_REGION` };
  }
  const network = networkFailure(err, timeoutMs);
  if (network) return { kind: "unreachable", detail: `could not read ${what}: AWS is unreachable (${network})` };
  if (THROTTLED.test(code)) {
    return {
      kind: "error",
      detail: `could not read ${what}: ${permission} was throttled (${code}) — try again in a moment`,
      code,
      message,
    };
  }
  return { kind: "error", detail: `could not read ${what}: ${code ? `${code}: ` : ""}${message}`, ...(code ? { code } : {}), message };
}
