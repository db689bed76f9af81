// Toolsets: which groups of tools a server lists (serve --toolsets, IRSA_DOCTOR_TOOLSETS). Every tool's schema
// is sent to the model on every turn, so the default set holds only what an agent needs first: the diagnosis
// (diagnose_irsa, irsa_phase, list_access) and the runbooks. The granular tools the runbook's steps name are
// one flag away: the phase tools already run them and quote what they found.

export const TOOLSETS = {
  diagnose: ["diagnose_irsa", "irsa_phase", "list_access"],
  runbook: ["get_runbook", "list_runbooks", "match_runbook"],
  cluster: ["cluster_health", "get_cloudwatch_logs", "get_k8s_events", "list_k8s_resources", "read_k8s_resource"],
  logs: ["collect", "correlate", "errors", "search", "status", "summarize"],
  audit: ["audit_irsa"],
} as const satisfies Record<string, readonly string[]>;

export type ToolsetName = keyof typeof TOOLSETS;

export const TOOLSET_NAMES = Object.keys(TOOLSETS) as ToolsetName[];

export const DEFAULT_TOOLSETS: readonly ToolsetName[] = ["diagnose", "runbook"];

/**
 * Reads "diagnose,runbook" or "all" (commas or spaces, any case). Returns the toolsets, or a message naming the
 * unknown ones and the known ones. Empty text means the default.
 */
export function parseToolsets(text: string | undefined): { toolsets: ToolsetName[] } | { error: string } {
  const words = (text ?? "")
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) return { toolsets: [...DEFAULT_TOOLSETS] };
  if (words.includes("all")) return { toolsets: [...TOOLSET_NAMES] };
  const unknown = words.filter((w) => !(w in TOOLSETS));
  if (unknown.length > 0) {
    return {
      error: `unknown toolset(s) ${unknown.join(", ")}: choose among ${TOOLSET_NAMES.join(", ")}, or all (default ${DEFAULT_TOOLSETS.join(",")})`,
    };
  }
  return { toolsets: TOOLSET_NAMES.filter((name) => words.includes(name)) };
}

/** The tools (definitions or tools/list entries) of the given toolsets, in registry order. A tool no toolset names is served only with every toolset. */
export function toolsIn<T extends { name: string }>(tools: readonly T[], toolsets: readonly ToolsetName[]): T[] {
  const names = new Set<string>(toolsets.flatMap((set) => TOOLSETS[set]));
  const every = toolsets.length === TOOLSET_NAMES.length;
  const named = new Set<string>(Object.values(TOOLSETS).flat());
  return tools.filter((tool) => names.has(tool.name) || (every && !named.has(tool.name)));
}
