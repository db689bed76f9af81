// Which kubeconfig context is read, chosen the same way by every reader (a live collection, the cluster
// tools, the log tools): the one asked for, else the current one, else (when only clusterName is given and
// the current context points at another EKS cluster) the one context that points at clusterName. A context
// that names a different cluster than clusterName is refused, so nothing reads one cluster while reporting
// on another. Cheap: the kubeconfig is read as YAML here, client-node is loaded only by client.ts.

import { type KubeconfigSummary, KubeconfigError, eksHint, readKubeconfigSummary } from "./kubeconfig.js";

/** Who reads the message: a CLI user passes --context, a tool caller context=. */
export type Audience = "cli" | "tool";

export interface ContextOptions {
  context?: string;
  clusterName?: string;
  kubeconfigPath?: string;
  env?: NodeJS.ProcessEnv;
  audience: Audience;
}

/** not_configured: there is no kubeconfig at all (why says where it looked); invalid: one is there but cannot be used. */
export type ContextChoice = { ok: true; summary: KubeconfigSummary } | { ok: false; reason: "not_configured" | "invalid"; message: string };

const contextFlag = (audience: Audience, what: string): string => (audience === "cli" ? `--context ${what}` : `context=${what}`);

/** A KubeconfigError's message (written with the CLI's flags) as a sentence for `audience`. */
export function kubeconfigSentence(message: string, audience: Audience): string {
  if (audience === "cli") return message;
  // A tool caller cannot pass --kubeconfig: the server's environment (KUBECONFIG) is what it reads.
  const text = message.replace(/--context <name>/g, "context=<name>").replace(/ or pass --kubeconfig/g, "");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function summaryOf(opts: ContextOptions, context: string | undefined): ContextChoice {
  try {
    const result = readKubeconfigSummary(
      { ...(opts.kubeconfigPath ? { kubeconfigPath: opts.kubeconfigPath } : {}), ...(context ? { context } : {}) },
      opts.env ?? process.env,
    );
    return result.ok ? { ok: true, summary: result.summary } : { ok: false, reason: "not_configured", message: result.why };
  } catch (err) {
    if (err instanceof KubeconfigError) return { ok: false, reason: "invalid", message: kubeconfigSentence(err.message, opts.audience) };
    throw err;
  }
}

const invalid = (message: string): ContextChoice => ({ ok: false, reason: "invalid", message });

/** The kubeconfig's context for `clusterName` when the current one points elsewhere. */
function contextFor(opts: ContextOptions, current: KubeconfigSummary, clusterName: string, pointsAt: string): ContextChoice {
  const flag = (what: string) => contextFlag(opts.audience, what);
  if (opts.context) {
    return invalid(
      `Context "${opts.context}" points at EKS cluster ${pointsAt}, not ${clusterName}: pass the context of ${clusterName}, or leave ${opts.audience === "cli" ? "--cluster" : "clusterName"} out to read ${pointsAt}.`,
    );
  }
  const matching: KubeconfigSummary[] = [];
  for (const name of current.contexts) {
    const other = summaryOf(opts, name);
    if (other.ok && eksHint(other.summary).cluster === clusterName) matching.push(other.summary);
  }
  const [only] = matching;
  if (only && matching.length === 1) return { ok: true, summary: only };
  if (matching.length === 0) {
    return invalid(
      `The current context "${current.contextName ?? "(none)"}" points at EKS cluster ${pointsAt}, not ${clusterName}, and no context of the kubeconfig (${current.origin}) points at ${clusterName}. Contexts: ${current.contexts.join(", ")}. Run aws eks update-kubeconfig --name ${clusterName}, or pass ${flag("<name>")}.`,
    );
  }
  return invalid(
    `Several contexts point at EKS cluster ${clusterName} (${matching.map((m) => m.contextName).join(", ")}): pass ${flag("<one of them>")}.`,
  );
}

/** The context to read, checked against clusterName. */
export function chooseContext(opts: ContextOptions): ContextChoice {
  const first = summaryOf(opts, opts.context);
  if (!first.ok || !opts.clusterName) return first;
  const pointsAt = eksHint(first.summary).cluster;
  // A context the kubeconfig does not tie to an EKS cluster name (a plain server URL) is taken as it is.
  if (pointsAt === null || pointsAt === opts.clusterName) return first;
  return contextFor(opts, first.summary, opts.clusterName, pointsAt);
}

/** The region the chosen context implies for clusterName (its EKS ARN or API server host), if any. */
export function kubeRegionHint(summary: KubeconfigSummary | null, clusterName: string | null): { region: string; from: string } | null {
  if (summary === null) return null;
  const hint = eksHint(summary);
  if (!hint.region || (clusterName !== null && hint.cluster !== null && hint.cluster !== clusterName)) return null;
  return { region: hint.region, from: hint.from ?? "the kubeconfig" };
}
