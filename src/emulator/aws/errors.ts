// AWS errors in each service's own wire format (query XML for IAM/STS, restJson for EKS, awsJson1.1 for
// CloudTrail/Logs), so the SDK raises its typed exceptions. Also the emulator's standard refusals:
// evidence not collected, writes, and injected faults.

import type { FaultKind, EmulatedService } from "../types.js";
import type { HttpReply } from "../http-reply.js";
import { queryErrorResponse } from "./xml.js";

export type AwsService = Exclude<EmulatedService, "k8s">;

export interface AwsError {
  code: string;
  message: string;
  status: number;
}

/** Thrown by handlers; the AWS dispatcher turns it into the service's error answer. */
export class AwsFailure extends Error {
  constructor(readonly error: AwsError) {
    super(error.message);
  }
}

export const QUERY_NAMESPACES: Record<"iam" | "sts", string> = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
};

export function renderAwsError(service: AwsService, err: AwsError, requestId: string): HttpReply {
  const headers: Record<string, string> = { "x-amzn-requestid": requestId };
  if (service === "iam" || service === "sts") {
    const type = err.status >= 500 ? "Receiver" : "Sender";
    return {
      status: err.status,
      headers: { ...headers, "content-type": "text/xml" },
      body: queryErrorResponse(QUERY_NAMESPACES[service], type, err.code, err.message, requestId),
    };
  }
  headers["x-amzn-errortype"] = err.code;
  if (service === "eks") {
    return {
      status: err.status,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ message: err.message }),
    };
  }
  return {
    status: err.status,
    headers: { ...headers, "content-type": "application/x-amz-json-1.1" },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

const ACCESS_DENIED: Record<AwsService, { code: string; status: number }> = {
  iam: { code: "AccessDenied", status: 403 },
  sts: { code: "AccessDenied", status: 403 },
  eks: { code: "AccessDeniedException", status: 403 },
  cloudtrail: { code: "AccessDeniedException", status: 403 },
  logs: { code: "AccessDeniedException", status: 400 },
};

const NOT_FOUND: Record<AwsService, { code: string; status: number }> = {
  iam: { code: "NoSuchEntity", status: 404 },
  sts: { code: "NotFound", status: 404 },
  eks: { code: "ResourceNotFoundException", status: 404 },
  cloudtrail: { code: "ResourceNotFoundException", status: 404 },
  logs: { code: "ResourceNotFoundException", status: 400 },
};

/** Each service's rate-limit answer, as the SDKs classify it (throttling, retryable). */
const THROTTLED: Record<AwsService, { code: string; status: number }> = {
  iam: { code: "Throttling", status: 400 },
  sts: { code: "Throttling", status: 400 },
  eks: { code: "ThrottlingException", status: 429 },
  cloudtrail: { code: "ThrottlingException", status: 400 },
  logs: { code: "ThrottlingException", status: 400 },
};

/** The operator's own credentials refused: query services answer 403, the JSON-1.1 ones 400 (as AWS does). */
const QUERY_SERVICES: readonly AwsService[] = ["iam", "sts"];
function credentialsRefused(service: AwsService, expired: boolean): { code: string; status: number; message: string } {
  const query = QUERY_SERVICES.includes(service);
  const code = expired
    ? query
      ? "ExpiredToken"
      : "ExpiredTokenException"
    : query
      ? "InvalidClientTokenId"
      : "UnrecognizedClientException";
  const status = query || service === "eks" ? 403 : 400;
  return { code, status, message: `The security token included in the request is ${expired ? "expired" : "invalid"}.` };
}

const SERVER_ERROR: Record<AwsService, string> = {
  iam: "ServiceFailure",
  sts: "InternalFailure",
  eks: "ServerException",
  cloudtrail: "InternalFailure",
  logs: "ServiceUnavailableException",
};

/** The principal the emulator answers as, named in AccessDenied messages like AWS names the caller. */
function emulatorPrincipal(account: string | null): string {
  return `arn:aws:iam::${account ?? "000000000000"}:user/irsa-doctor-emulator`;
}

function accessDenied(service: AwsService, action: string, resource: string, account: string | null, why: string): AwsError {
  const { code, status } = ACCESS_DENIED[service];
  return {
    code,
    status,
    message: `User: ${emulatorPrincipal(account)} is not authorized to perform: ${service}:${action} on resource: ${resource} (irsa-doctor emulator: ${why})`,
  };
}

/** The snapshot holds no answer for this: refused, so it reads as "could not be checked", not "absent". */
export function notCollected(service: AwsService, action: string, resource: string, account: string | null): AwsError {
  return accessDenied(service, action, resource, account, "the snapshot did not capture this, so it cannot be served");
}

export function readOnly(service: AwsService, action: string, account: string | null): AwsError {
  return accessDenied(service, action, "*", account, "emulator is read-only");
}

export function notFound(service: AwsService, message: string): AwsError {
  return { ...NOT_FOUND[service], message };
}

export function invalidParameter(service: AwsService, message: string): AwsError {
  const code = service === "iam" || service === "sts" ? "ValidationError" : "InvalidParameterException";
  return { code, status: 400, message };
}

export function unknownOperation(service: AwsService, action: string): AwsError {
  if (service === "iam" || service === "sts") {
    return {
      code: "InvalidAction",
      status: 400,
      message: `The action ${action} is not valid for this web service (the irsa-doctor emulator does not serve it).`,
    };
  }
  return {
    code: "UnknownOperationException",
    status: service === "eks" ? 404 : 400,
    message: `The irsa-doctor emulator does not serve ${action}.`,
  };
}

/** The error an injected fault answers with ("timeout" never answers, so it has none). */
export function faultError(service: AwsService, kind: Exclude<FaultKind, "timeout">, action: string, account: string | null): AwsError {
  switch (kind) {
    case "deny":
      return accessDenied(service, action, "*", account, "denied by an injected fault");
    case "not_found":
      return notFound(service, `Not found (irsa-doctor emulator: injected fault on ${action}).`);
    case "server_error":
      return { code: SERVER_ERROR[service], status: 500, message: `Internal failure (irsa-doctor emulator: injected fault on ${action}).` };
    case "throttle":
      return { ...THROTTLED[service], message: `Rate exceeded (irsa-doctor emulator: injected fault on ${action}).` };
    case "expired_credentials":
    case "invalid_credentials":
      return credentialsRefused(service, kind === "expired_credentials");
  }
}

/** Writes the emulator refuses, by operation name (the brief's list plus their read-only-breaking kin). */
export const MUTATING_ACTION =
  /^(Create|Update|Put|Delete|Attach|Detach|Tag|Untag|AssumeRole|Associate|Disassociate|Set|Add|Remove|Upload|Enable|Disable|Reset|Change|Start|Stop)/;
