// Building blocks of a health item: the item for a read that failed (unknown, naming the permission, or
// a problem when the thing is proven absent) and the small readers the assessments share.

import type { Read, ViewFailure } from "../types.js";
import type { DetailValue, HealthItem, HealthItemId, HealthStatus } from "./types.js";

type AppliesTo = HealthItem["applies_to"];

export function item(
  id: HealthItemId,
  applies_to: AppliesTo,
  status: HealthStatus,
  reason: string,
  details: Record<string, DetailValue> = {},
  permission: string | null = null,
): HealthItem {
  return { id, applies_to, status, reason, permission, details };
}

/** A failed read that proves nothing: unknown, with the permission that would let it be read. */
export function unknownItem(id: HealthItemId, applies_to: AppliesTo, failure: ViewFailure, prefix = ""): HealthItem {
  return item(id, applies_to, "unknown", `${prefix}${failure.message}`, {}, failure.permission ?? null);
}

/** The failure of a read, or undefined when it succeeded. */
export const failureOf = <T>(read: Read<T> | null): ViewFailure | undefined => (read && !read.ok ? read.failure : undefined);

export const worst = (items: readonly HealthItem[]): HealthStatus =>
  items.some((i) => i.status === "problem") ? "problem" : items.some((i) => i.status === "unknown") ? "unknown" : "ok";
