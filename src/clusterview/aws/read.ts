// One AWS read through the collectors' read-only gate (src/collect/aws/operations.ts sendRead: only the
// Describe/List/Get operations in its table can be sent) with their error classification, turned into the
// engine's Read: "does not exist" apart from "could not be read", a refusal naming the IAM action.

import { awsFailure } from "../../collect/aws/errors.js";
import { type AwsClients, type AwsService, sendRead } from "../../collect/aws/operations.js";
import type { Failure } from "../../collect/outcome.js";
import { type Read, type ViewFailureKind, readFailed, readOk } from "../types.js";

const KIND_OF: Record<Failure["kind"], ViewFailureKind> = {
  absent: "not_found",
  permission_denied: "denied",
  unreachable: "unreachable",
  parse_error: "error",
  error: "error",
};

export function fromFailure<T>(failure: Failure): Read<T> {
  const message = /[.!?]$/.test(failure.detail) ? failure.detail : `${failure.detail}.`;
  return readFailed(KIND_OF[failure.kind], message.charAt(0).toUpperCase() + message.slice(1), failure.permission);
}

/** SDK answers as plain JSON: Dates as RFC 3339, the $metadata envelope dropped. */
function plainAws(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainAws);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => k !== "$metadata" && v !== undefined)
        .map(([k, v]) => [k, plainAws(v)]),
    );
  }
  return value;
}

export async function awsRead<T>(
  clients: AwsClients,
  service: AwsService,
  operation: string,
  input: object,
  what: string,
  timeoutMs: number,
  pick: (output: Record<string, unknown>) => T | undefined,
): Promise<Read<T>> {
  try {
    const output = plainAws(await sendRead(clients, service, operation, input)) as Record<string, unknown>;
    const value = pick(output);
    if (value === undefined)
      return readFailed("error", `The answer of ${service}:${operation} about ${what} did not hold what was asked for.`);
    return readOk(value);
  } catch (err) {
    return fromFailure(awsFailure(err, `${service}:${operation}`, what, timeoutMs));
  }
}
