// IAM's two wildcards: "*" (any run of characters, ':' and '/' included) and "?" (exactly one).
// Matched by a linear backtracking scan rather than a RegExp so policy text can never cause
// catastrophic backtracking.

export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = Array.from(ignoreCase ? pattern.toLowerCase() : pattern);
  const v = Array.from(ignoreCase ? value.toLowerCase() : value);
  let pi = 0;
  let vi = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc !== undefined && pc !== "*" && (pc === "?" || pc === v[vi])) {
      pi++;
      vi++;
    } else if (pc === "*") {
      starAt = pi++;
      resumeAt = vi;
    } else if (starAt !== -1) {
      // Let the last "*" swallow one more character and retry from there.
      pi = starAt + 1;
      vi = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p[pi] === "*") pi++;
  return pi === p.length;
}
