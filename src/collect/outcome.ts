// The result of one read: its value, or why there is none. "Absent" (the API said it does not exist) is
// kept apart from the ways a read can fail, because the diagnosis concludes from the first and must not
// from the others. Each outcome carries the dependent round it completed in.

import { type Evidence, absent, unavailable } from "../snapshot/evidence.js";

type FailureKind = "absent" | "permission_denied" | "unreachable" | "parse_error" | "error";

export interface Failure {
  kind: FailureKind;
  /** A sentence naming what could not be read and why, e.g. "could not read role x: iam:GetRole denied (...)". */
  detail: string;
  /** The permission to grant, for permission_denied: "iam:GetRole", "list events". */
  permission?: string;
  /** The AWS error code when AWS answered with one (NoSuchEntity, AccessDenied): capture records it. */
  code?: string;
  /** The service's own message, as it sent it. */
  message?: string;
  /**
   * The operator's own credentials were refused (expired, revoked, unknown key): no read can be trusted
   * to mean anything, so the collection stops with `detail` instead of diagnosing from what was left.
   */
  refusedCredentials?: "aws" | "kubernetes";
}

export type Outcome<T> = { ok: true; value: T; round: number } | { ok: false; failure: Failure; round: number };

export const okOutcome = <T>(value: T, round: number): Outcome<T> => ({ ok: true, value, round });
export const failedOutcome = <T>(failure: Failure, round: number): Outcome<T> => ({ ok: false, failure, round });

/** The value, or undefined for any failure (absent included). */
export const valueOr = <T>(o: Outcome<T> | undefined): T | undefined => (o?.ok ? o.value : undefined);

/** The round a result was known in (0 for inputs known from the start). */
export const roundOf = (...outcomes: ({ round: number } | undefined)[]): number => Math.max(0, ...outcomes.map((o) => o?.round ?? 0));

/** Evidence for a failed read: absent for "does not exist", else unavailable with the reason. */
export function failureEvidence<T>(failure: Failure, source: string): Evidence<T> {
  if (failure.kind === "absent") return absent(source, failure.detail);
  const extra: { permission?: string; source?: string } = { source };
  if (failure.permission) extra.permission = failure.permission;
  return unavailable(failure.kind, failure.detail, extra);
}
