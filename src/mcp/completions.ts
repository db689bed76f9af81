// completion/complete: values for the prompts' arguments and the resource templates' variables, filtered by
// what has been typed. Namespaces, pods and service accounts come from the cluster (the context argument's,
// or the current one) or, when the prompt's snapshot argument names a bundle, from the bundle; contexts and
// clusters from the kubeconfig; runbook ids from the catalog. A source that cannot be read gives no values:
// completion is a convenience, its failures are not the caller's problem.

import type { LocalPathPolicy } from "./local-paths.js";
import type { RunbookCatalog } from "../runbook/catalog.js";
import type { CompletionRef } from "./sdk.js";

export interface CompletionDeps {
  runbooks: RunbookCatalog;
  localPaths: LocalPathPolicy;
  clock: () => Date;
}

export async function complete(
  deps: CompletionDeps,
  ref: CompletionRef,
  argument: { name: string; value: string },
  context: Record<string, string>,
): Promise<string[]> {
  const values = await candidates(deps, ref, argument.name, context);
  return filterTyped([...new Set(values)].sort(), argument.value);
}

/** Names that begin with what was typed first, then names that contain it (case-insensitive). */
function filterTyped(values: string[], typed: string): string[] {
  const t = typed.toLowerCase();
  const starts = values.filter((v) => v.toLowerCase().startsWith(t));
  const contains = values.filter((v) => !v.toLowerCase().startsWith(t) && v.toLowerCase().includes(t));
  return [...starts, ...contains];
}

async function candidates(deps: CompletionDeps, ref: CompletionRef, name: string, context: Record<string, string>): Promise<string[]> {
  if (ref.type === "ref/resource") {
    if (!ref.uri.startsWith("runbook://") || name !== "id") return [];
    return (await deps.runbooks.load()).runbooks.map((r) => r.id);
  }
  const { readKubeContexts } = await import("./access-list.js");
  switch (name) {
    case "context":
      return readKubeContexts().contexts.map((c) => c.name);
    case "cluster": {
      const contexts = readKubeContexts().contexts;
      const chosen = context["context"] ? contexts.filter((c) => c.name === context["context"]) : contexts;
      return chosen.map((c) => c.eksCluster ?? c.cluster).filter((c): c is string => c !== null);
    }
    case "namespace":
    case "pod":
    case "serviceAccount": {
      const source = await nameSource(deps, context);
      if (source === null) return [];
      const { listNames } = await import("./cluster-names.js");
      const kind = name === "namespace" ? "Namespace" : name === "pod" ? "Pod" : "ServiceAccount";
      const listed = await listNames(kind, kind === "Namespace" ? null : context["namespace"] || null, source, deps.clock());
      return listed.ok ? listed.items.map((i) => i.name) : [];
    }
    default:
      return [];
  }
}

/** The bundle named by the snapshot argument (admitted as a tool's path is), else the context's cluster. */
async function nameSource(deps: CompletionDeps, context: Record<string, string>): Promise<{ snapshot?: string; context?: string } | null> {
  const snapshot = context["snapshot"]?.trim();
  if (snapshot) {
    const admitted = await deps.localPaths.admit(snapshot, "snapshot");
    return "path" in admitted ? { snapshot: admitted.path } : null;
  }
  return context["context"] ? { context: context["context"] } : {};
}
