// The names closest to a mistyped one, for "did you mean" answers: edit distance (Levenshtein), with a name
// that begins with the one given (a Deployment's name typed for its pod's) counted as close.

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `max` names, closest first (ties by name); only names within half the given name's length, or prefixed by it. */
export function closestNames(given: string, names: readonly string[], max = 5): string[] {
  const limit = Math.max(2, Math.ceil(given.length / 2));
  return [...new Set(names)]
    .map((name) => ({ name, d: name.startsWith(given) || given.startsWith(name) ? 1 : editDistance(given, name) }))
    .filter((c) => c.d <= limit && c.name !== given)
    .sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .slice(0, max)
    .map((c) => c.name);
}
