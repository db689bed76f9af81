// Argument names are camelCase across every tool. A model that learned the awslabs EKS MCP server's
// snake_case names (cluster_name, resource_type, start_time, ...) or copied a runbook step's spelling
// (finding_ids) is not refused: an argument the tool does not know is renamed to the one it spells the same
// way without case and underscores, and cluster / clusterName stand for each other (the diagnosis tools say
// cluster, the Kubernetes tools clusterName as awslabs does). A name given both ways is left for the strict
// parse to report.

const fold = (name: string): string => name.toLowerCase().replace(/_/g, "");

/** Names that mean the same argument though they are not spelled alike (folded). */
const SYNONYMS: Record<string, string> = { clustername: "cluster", cluster: "clustername" };

export function withArgumentAliases(shape: Record<string, unknown>, args: unknown): unknown {
  if (args === null || typeof args !== "object" || Array.isArray(args)) return args;
  const known = Object.keys(shape);
  const byFold = new Map(known.map((key) => [fold(key), key]));
  const out: Record<string, unknown> = {};
  const given = args as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (known.includes(key)) {
      out[key] = value;
      continue;
    }
    const folded = fold(key);
    const target = byFold.get(folded) ?? (SYNONYMS[folded] ? byFold.get(SYNONYMS[folded]) : undefined);
    if (target === undefined || target in given || target in out) out[key] = value;
    else out[target] = value;
  }
  return out;
}
