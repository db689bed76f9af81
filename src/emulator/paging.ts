// Page tokens shared by every list the emulator serves (Kubernetes `continue`, IAM `Marker`, EKS and
// CloudTrail `nextToken`). Opaque to clients, like the real ones: an offset bound to the list it was
// issued for, so a token replayed against another list is refused instead of silently skipping items.

export interface Page<T> {
  items: T[];
  /** Token for the next page; undefined on the last one. */
  next?: string;
  /** Items after this page. */
  remaining: number;
}

export class PageTokenError extends Error {
  override readonly name = "PageTokenError";
}

function encodePageToken(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: scope }), "utf8").toString("base64url");
}

function decodePageToken(token: string, scope: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw new PageTokenError("the page token is not one the emulator issued");
  }
  const o = (parsed as { o?: unknown } | null)?.o;
  const s = (parsed as { s?: unknown } | null)?.s;
  if (typeof o !== "number" || !Number.isInteger(o) || o < 0) throw new PageTokenError("the page token is malformed");
  if (s !== scope) throw new PageTokenError("the page token was issued for a different list");
  return o;
}

/**
 * One page of `all`. `limit` is what the client asked (undefined: everything), `forcedPageSize` the
 * emulator's own cap (for tests of paging), `token` the client's continuation.
 */
export function pageOf<T>(all: readonly T[], opts: { limit?: number; forcedPageSize?: number; token?: string; scope: string }): Page<T> {
  const start = opts.token === undefined || opts.token === "" ? 0 : decodePageToken(opts.token, opts.scope);
  const caps = [opts.limit, opts.forcedPageSize].filter((n): n is number => n !== undefined && n > 0);
  const size = caps.length === 0 ? Infinity : Math.min(...caps);
  const items = all.slice(start, start + size);
  const end = start + items.length;
  const page: Page<T> = { items, remaining: Math.max(0, all.length - end) };
  if (end < all.length) page.next = encodePageToken(end, opts.scope);
  return page;
}
