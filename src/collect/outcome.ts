// The result of one read: its value, or why there is none. "Absent" (the API said it does not exist) is
// kept apart from the ways a read can fail, because the diagnosis concludes from the first and must not
// from the others. Each outcome carries the dependent round it completed in.

import { type Evidence, absent, unavailable } from "../snapshot/evidence.js";

export type FailureKind = "absent" | "permission_denied" | "unreachable" | "parse_error" | "error";

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

export type Outcome<T> =
  | { ok: true; value: T; round: number }
  | { ok: false; failure: Failure; round: number };

export const okOutcome = <T>(value: T, round: number): Outcome<T> => ({ ok: true, value, round });
export const failedOutcome = <T>(failure: Failure, round: number): Outcome<T> => ({ ok: false, failure, round });

/** The value, or undefined for any failure (absent included). */
export const valueOr = <T>(o: Outcome<T> | undefined): T | undefined => (o?.ok ? o.value : undefined);

/** The round a result was known in (0 for inputs known from the start). */
export const roundOf = (...outcomes: ({ round: number } | undefined)[]): number =>
  Math.max(0, ...outcomes.map((o) => o?.round ?? 0));

/** Evidence for a failed read: absent for "does not exist", else unavailable with the reason. */
export function failureEvidence<T>(failure: Failure, source: string): Evidence<T> {
  if (failure.kind === "absent") return absent(source, failure.detail);
  const extra: { permission?: string; source?: string } = { source };
  if (failure.permission) extra.permission = failure.permission;
  return unavailable(failure.kind, failure.detail, extra);
}

/** The message of anything thrown, without its stack. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === "string" ? err : JSON.stringify(err) ?? String(err);
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

/** A network-level failure (refused, reset, DNS, timeout), whichever client raised it. */
export function networkFailure(err: unknown, timeoutMs: number): string | null {
  const e = err as { name?: string; code?: string; cause?: { code?: string } } | null;
  if (!e || typeof e !== "object") return null;
  if (e.name === "AbortError" || e.name === "TimeoutError" || e.code === "ABORT_ERR" || e.code === "ETIMEDOUT") {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = e.code ?? e.cause?.code;
  if (code && NETWORK_CODES.has(code)) return `${code}: ${messageOf(err)}`;
  if (/socket hang up/i.test(messageOf(err))) return `connection closed: ${messageOf(err)}`;
  return null;
}
