// A List kubectl printed does not say how it was asked for: `kubectl get pods -n kube-system -l app=x -o yaml` and
// `kubectl get pods -n kube-system -o yaml` both print `kind: List` with their items. Saved as the namespace's pod
// list, the first reads as "every pod of kube-system", and what it left out (the Pod Identity agent's pods) as proven
// absent. Two records say it was filtered: the file's name spells a selector (`pods-kube-system-l-app=x.yaml`,
// `...-selector-...`), or names what every item shares, beyond the kind and namespace
// (`kube-system-pods-pod-identity-webhook.yaml` holding only pods labelled app=pod-identity-webhook). Then the
// items it holds are evidence, and what it does not hold is not collected.

/** Labels every pod of a workload carries whatever it is: they say nothing about how the list was asked for. */
const HASH_LABELS = new Set([
  "pod-template-hash",
  "controller-revision-hash",
  "pod-template-generation",
  "statefulset.kubernetes.io/pod-name",
]);

interface ListedItem {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: unknown };
}

const SELECTOR_IN_NAME = /(?:^|-)(?:l|selector|selected|label|labels|filtered)(?:-|$)/;

/**
 * What the file's name says beyond the plural, as it may be read: whole ("payments-api"), and without a namespace of
 * its items at either end ("api"). None when it says nothing more, or only the namespace.
 */
function qualifiersOf(stem: string, plural: string, namespaces: readonly string[]): string[] {
  const words = stem.split(/[-_.]+/).filter((w) => w.length > 0);
  const at = words.indexOf(plural);
  if (at < 0) return [];
  const whole = [...words.slice(0, at), ...words.slice(at + 1)].join("-");
  if (whole === "" || namespaces.includes(whole)) return [];
  const out = new Set([whole]);
  for (const ns of namespaces) {
    if (whole.startsWith(`${ns}-`)) out.add(whole.slice(ns.length + 1));
    if (whole.endsWith(`-${ns}`)) out.add(whole.slice(0, -ns.length - 1));
  }
  return [...out];
}

/**
 * Whether a List of `kind` in the file `source` records a filtered read: a selector in its name, or a name that
 * names a label value or name prefix all its items share. Single objects and empty lists are not judged here.
 */
export function isFilteredList(source: string, kind: string, items: readonly unknown[]): boolean {
  if (items.length === 0) return false;
  const base = (source.split("/").pop() ?? source).replace(/\.(ya?ml|json)$/i, "").toLowerCase();
  const plural = `${kind.toLowerCase()}s`;
  const listed = items.filter((i): i is ListedItem => typeof i === "object" && i !== null);
  const namespaces = [...new Set(listed.map((i) => i.metadata?.namespace).filter((n): n is string => typeof n === "string"))].map((n) =>
    n.toLowerCase(),
  );
  const qualifiers = qualifiersOf(base, plural, namespaces);
  if (qualifiers.length === 0) return false;
  // kubectl's own spelling of a selector (-l app=x, --selector) kept in the name.
  if (/=/.test(base) || qualifiers.some((q) => SELECTOR_IN_NAME.test(q))) return true;
  // Named after what every item shares: a label value (app=<qualifier>) or a name prefix (<qualifier>-<hash>-<id>).
  const shared = (i: ListedItem, qualifier: string): boolean => {
    const labels =
      typeof i.metadata?.labels === "object" && i.metadata.labels !== null ? (i.metadata.labels as Record<string, unknown>) : {};
    const values = Object.entries(labels)
      .filter(([k, v]) => !HASH_LABELS.has(k) && typeof v === "string")
      .map(([, v]) => (v as string).toLowerCase());
    const name = typeof i.metadata?.name === "string" ? i.metadata.name.toLowerCase() : "";
    return values.includes(qualifier) || name.startsWith(`${qualifier}-`);
  };
  return listed.length === items.length && qualifiers.some((q) => listed.every((i) => shared(i, q)));
}
