// Attributes an AWS output that does not say what it belongs to (list-attached-role-policies names no
// role, get-policy-version names no policy) by the names its file path contains.

/** The longest candidate contained in the path under aws/ (case-insensitive), or null. */
export function nameInPath(source: string, candidates: Iterable<string>): string | null {
  const haystack = source.replace(/^aws\//, "").replace(/\.json$/i, "").toLowerCase();
  let best: string | null = null;
  for (const candidate of candidates) {
    if (candidate.length === 0 || !haystack.includes(candidate.toLowerCase())) continue;
    if (best === null || candidate.length > best.length) best = candidate;
  }
  return best;
}
