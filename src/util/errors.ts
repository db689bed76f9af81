// What went wrong, said the same by every reader: the message of anything thrown, and whether it was the
// network (refused, reset, DNS, timeout) rather than an answer.

/** The message of anything thrown, without its stack. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === "string" ? err : (JSON.stringify(err) ?? String(err));
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

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
