// What a Kubernetes read can fail with, and the one classifier every reader (a live collection, the cluster
// tools, the log tools) turns it into a sentence with: what the apiserver answered, in one wording
// ("403 Forbidden: pods is forbidden: …"), and the advice that goes with a refused credential. Loads no
// client library, so a module can classify what it did not read itself.

import { messageOf, networkFailure } from "../util/errors.js";

/** A non-2xx answer of the apiserver (or the kubelet behind it). */
export class K8sHttpError extends Error {
  override readonly name = "K8sHttpError";
  /** The Status object's message when the body is one, else the start of the body. */
  readonly detail: string;
  constructor(
    readonly status: number,
    readonly body: string,
    /** The Retry-After header's seconds, on a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    const { reason, detail } = statusOf(body);
    super(`${status}${reason ? ` ${reason}` : ""}${detail ? `: ${detail}` : ""}`);
    this.detail = detail;
  }
}

function statusOf(body: string): { reason: string; detail: string } {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; reason?: unknown };
    if (typeof parsed.message === "string")
      return { reason: typeof parsed.reason === "string" ? parsed.reason : "", detail: parsed.message };
  } catch {
    // not a Status
  }
  return { reason: "", detail: body.slice(0, 300).trim() };
}

/** An answer past the reader's cap on bytes: not read, rather than held. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/** The apiserver's 429 (priority and fairness): retried after the wait it names, within retryThrottled's bounds. */
export function k8sThrottled(err: unknown): { retryAfterMs?: number } | undefined {
  if (!(err instanceof K8sHttpError) || err.status !== 429) return undefined;
  return err.retryAfterSeconds === undefined ? {} : { retryAfterMs: err.retryAfterSeconds * 1000 };
}

/** What a reader says when the apiserver refuses the kubeconfig's credentials: they will not work for any read. */
export const CREDENTIALS_REFUSED =
  "the API server did not accept your kubeconfig's credentials (401 Unauthorized): they have expired or were revoked — run aws sso login (or refresh your profile; aws eks update-kubeconfig if the cluster changed), then try again";

/**
 * not_found: 404; no_previous_run: the kubelet's 400 for `previous=true` on a container that never
 * restarted; denied: 403 (RBAC); unauthorized: 401; rejected: another 4xx (a bad selector, a feature the
 * server lacks); too_large: past the reader's cap; unreachable: no answer at all.
 */
type KubeFailureKind = "not_found" | "no_previous_run" | "denied" | "unauthorized" | "rejected" | "too_large" | "unreachable" | "error";

export interface KubeFailure {
  kind: KubeFailureKind;
  /** The HTTP status, when the apiserver answered. */
  status?: number;
  /** What was answered or went wrong, in the one wording: "403 Forbidden: …", "ECONNREFUSED: …", "no answer within 10000 ms". */
  message: string;
  /** The apiserver's own sentence (its Status message), when it sent one. */
  detail?: string;
}

export function classifyKubeError(err: unknown, timeoutMs: number): KubeFailure {
  if (err instanceof K8sHttpError) {
    const answered = { status: err.status, message: err.message, detail: err.detail };
    if (err.status === 404) return { kind: "not_found", ...answered };
    if (err.status === 403) return { kind: "denied", ...answered };
    if (err.status === 401) return { kind: "unauthorized", ...answered };
    if (err.status === 400 && /previous terminated container .* not found/.test(err.message))
      return { kind: "no_previous_run", ...answered };
    if (err.status >= 400 && err.status < 500 && err.status !== 429) return { kind: "rejected", ...answered };
    return { kind: "error", ...answered };
  }
  if (err instanceof BodyTooLargeError) return { kind: "too_large", message: err.message };
  const network = networkFailure(err, timeoutMs);
  if (network) return { kind: "unreachable", message: network };
  return { kind: "error", message: messageOf(err) };
}
