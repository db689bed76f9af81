// `kubectl get <plural> -o yaml|json` prints an empty result as `kind: List, items: []`, which names no
// kind. The file's name is then the only record of what was asked, so a bundle that proves "there is no
// webhook configuration" or "there are no events" keeps that proof (fixtures/scenarios/README.md has the rule).

/** What an empty List's file name says was listed: the kind, and the rest of the name when there is one. */
export interface EmptyListName {
  kind: string;
  /** The part joined to the plural by "-": a namespace (`pods-kube-system`) or a note (`events-after-restart`). */
  qualifier?: string;
}

/** The read kind an empty List's file name says was listed: its stem is the plural, alone or joined by "-". */
export function emptyListOfFile(source: string, kinds: readonly string[]): EmptyListName | undefined {
  const base = source.split("/").pop() ?? source;
  const stem = base.replace(/\.(ya?ml|json)$/i, "").toLowerCase();
  // Every kind read has a regular plural (pods, serviceaccounts, mutatingwebhookconfigurations, ...).
  for (const kind of kinds) {
    const plural = `${kind.toLowerCase()}s`;
    if (stem === plural) return { kind };
    if (stem.startsWith(`${plural}-`)) return { kind, qualifier: stem.slice(plural.length + 1) };
    if (stem.endsWith(`-${plural}`)) return { kind, qualifier: stem.slice(0, -plural.length - 1) };
  }
  return undefined;
}
