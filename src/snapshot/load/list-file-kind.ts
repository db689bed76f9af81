// `kubectl get <plural> -o yaml|json` prints an empty result as `kind: List, items: []`, which names no
// kind. The file's name is then the only record of what was asked, so a bundle that proves "there is no
// webhook configuration" or "there are no events" keeps that proof (fixtures/scenarios/README.md has the rule).

/** The read kind an empty List's file name says was listed: its stem is the plural, alone or joined by "-". */
export function kindOfEmptyListFile(source: string, kinds: readonly string[]): string | undefined {
  const base = source.split("/").pop() ?? source;
  const stem = base.replace(/\.(ya?ml|json)$/i, "").toLowerCase();
  // Every kind read has a regular plural (pods, serviceaccounts, mutatingwebhookconfigurations, ...).
  return kinds.find((kind) => {
    const plural = `${kind.toLowerCase()}s`;
    return stem === plural || stem.startsWith(`${plural}-`) || stem.endsWith(`-${plural}`);
  });
}
