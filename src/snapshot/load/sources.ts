// Evidence built from several files names them all: one sorted, de-duplicated, comma-separated list.

const SEPARATOR = ", ";

/** Joins the sources of `items` (each may itself be a joined list); "" when there are none. */
export function joinSources(items: readonly { source: string }[]): string {
  const all = items.flatMap((i) => i.source.split(SEPARATOR)).filter((s) => s.length > 0);
  return [...new Set(all)].sort().join(SEPARATOR);
}
