// Reads the kubeconfig just far enough to know which cluster the current context points at (its name,
// server, exec arguments), without client-node: that library takes long to load, and the AWS side can
// start reading as soon as it knows the EKS cluster. Also where a wrong --kubeconfig or --context is
// refused with a message naming what exists. Credentials in the file are not read here.

import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";

/** A kubeconfig, or a context in it, that cannot be used: the message names it and what to pass instead. */
export class KubeconfigError extends Error {
  override readonly name = "KubeconfigError";
}

const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface KubeconfigSummary {
  /** The files read (in KUBECONFIG order), or "in-cluster service account". */
  origin: string;
  /** What client-node is to load: files, or the pod's own service account. */
  source: { files: string[] } | { inCluster: true };
  contextName: string | null;
  /** Every context the kubeconfig names, sorted: where another cluster's context is looked for. */
  contexts: string[];
  clusterName: string | null;
  server: string | null;
  execArgs: string[];
}

export interface EksHint {
  cluster: string | null;
  region: string | null;
  account: string | null;
  /** Where the hint came from, for the report. */
  from: string | null;
}

type Named<T> = { name?: unknown } & T;
interface ConfigFile {
  "current-context"?: unknown;
  contexts?: Named<{ context?: { cluster?: unknown; user?: unknown } }>[];
  clusters?: Named<{ cluster?: { server?: unknown } }>[];
  users?: Named<{ user?: { exec?: { args?: unknown } } }>[];
}

/** Far above a real kubeconfig (a hundred clusters with embedded certificates is about half a megabyte). */
const KUBECONFIG_MAX_BYTES = 4 * 1024 * 1024;

function readConfig(file: string): ConfigFile {
  let text: string;
  try {
    // KUBECONFIG=/dev/zero or a FIFO would be read without end: only a regular file of a sane size is read.
    const stat = statSync(file);
    if (!stat.isFile())
      throw new KubeconfigError(
        `kubeconfig ${file} is not a regular file (a device, a FIFO or a folder) — point KUBECONFIG or --kubeconfig at a kubeconfig file`,
      );
    if (stat.size > KUBECONFIG_MAX_BYTES)
      throw new KubeconfigError(
        `kubeconfig ${file} is ${Math.round(stat.size / 1048576)} MB, over the ${KUBECONFIG_MAX_BYTES / 1048576} MB a kubeconfig may be — is it the right file?`,
      );
    text = readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof KubeconfigError) throw err;
    throw new KubeconfigError(`kubeconfig ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const doc: unknown = parse(text);
    return doc !== null && typeof doc === "object" ? (doc as ConfigFile) : {};
  } catch (err) {
    throw new KubeconfigError(`kubeconfig ${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
}

/**
 * Which kubeconfig is used and what its (or the asked) context points at. Throws KubeconfigError for a file or
 * context that does not exist; returns { ok: false } when nothing is configured at all.
 */
export function readKubeconfigSummary(
  opts: { kubeconfigPath?: string; context?: string },
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; summary: KubeconfigSummary } | { ok: false; why: string } {
  let files: string[];
  if (opts.kubeconfigPath) {
    if (!existsSync(opts.kubeconfigPath))
      throw new KubeconfigError(`kubeconfig ${opts.kubeconfigPath} does not exist — pass the path of a kubeconfig file`);
    files = [opts.kubeconfigPath];
  } else if ((env["KUBECONFIG"] ?? "") !== "") {
    files = (env["KUBECONFIG"] ?? "").split(delimiter).filter((f) => f !== "");
    const missing = files.find((f) => !existsSync(f));
    if (missing) throw new KubeconfigError(`KUBECONFIG names ${missing}, which does not exist — fix KUBECONFIG or pass --kubeconfig`);
  } else if (existsSync(join(homedir(), ".kube", "config"))) {
    files = [join(homedir(), ".kube", "config")];
  } else if (existsSync(IN_CLUSTER_TOKEN)) {
    const host = env["KUBERNETES_SERVICE_HOST"];
    const server = host ? `https://${host.includes(":") ? `[${host}]` : host}:${env["KUBERNETES_SERVICE_PORT"] ?? "443"}` : null;
    return {
      ok: true,
      summary: {
        origin: "in-cluster service account",
        source: { inCluster: true },
        contextName: null,
        contexts: [],
        clusterName: null,
        server,
        execArgs: [],
      },
    };
  } else {
    return {
      ok: false,
      why: "no kubeconfig: KUBECONFIG is not set, ~/.kube/config does not exist and this is not running in a pod — pass --kubeconfig or set KUBECONFIG",
    };
  }

  // Merged as client-node merges KUBECONFIG: a later file's current-context wins, names are looked up in order.
  const configs = files.map(readConfig);
  let current: string | null = null;
  for (const c of configs) if (typeof c["current-context"] === "string" && c["current-context"] !== "") current = c["current-context"];
  const list = <T>(pick: (c: ConfigFile) => T[] | undefined): T[] =>
    configs.flatMap((c) => (Array.isArray(pick(c)) ? (pick(c) as T[]) : []));
  const contexts = list((c) => c.contexts);
  const origin = files.join(delimiter);
  const known = [...new Set(contexts.map((c) => String(c.name)))].sort();
  if (opts.context) {
    if (!contexts.some((c) => c.name === opts.context)) {
      throw new KubeconfigError(
        `context "${opts.context}" is not in the kubeconfig (${origin}); its contexts are: ${known.join(", ") || "(none)"}`,
      );
    }
    current = opts.context;
  }
  const context = contexts.find((c) => c.name === current)?.context;
  if (!context || typeof context.cluster !== "string") {
    throw new KubeconfigError(`the kubeconfig (${origin}) has no current context naming a cluster — pass --context <name>`);
  }
  const cluster = list((c) => c.clusters).find((c) => c.name === context.cluster)?.cluster;
  const args = list((c) => c.users).find((u) => u.name === context.user)?.user?.exec?.args;
  return {
    ok: true,
    summary: {
      origin,
      source: { files },
      contextName: current,
      contexts: known,
      clusterName: context.cluster,
      server: typeof cluster?.server === "string" ? cluster.server.replace(/\/+$/, "") : null,
      execArgs: Array.isArray(args) ? args.map(String) : [],
    },
  };
}

const EKS_ARN = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9][A-Za-z0-9_-]*)$/;
const EKS_HOST_REGION = /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.eks\.amazonaws\.com(?:\.cn)?$/;

/** Which EKS cluster the context points at: the ARN `aws eks update-kubeconfig` writes, or the exec plugin's --cluster-name. */
export function eksHint(s: Pick<KubeconfigSummary, "contextName" | "clusterName" | "server" | "execArgs">): EksHint {
  for (const candidate of [s.clusterName, s.contextName]) {
    const m = candidate ? EKS_ARN.exec(candidate) : null;
    if (m) return { cluster: m[3] ?? null, region: m[1] ?? null, account: m[2] ?? null, from: `kubeconfig cluster ${candidate}` };
  }
  const argAfter = (...flags: string[]): string | null => {
    for (const [i, a] of s.execArgs.entries()) {
      for (const flag of flags) {
        if (a === flag) return s.execArgs[i + 1] ?? null;
        if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
      }
    }
    return null;
  };
  let host: string;
  try {
    host = s.server ? new URL(s.server).hostname : "";
  } catch {
    host = "";
  }
  const name = argAfter("--cluster-name", "--cluster-id", "-i");
  const region = argAfter("--region") ?? EKS_HOST_REGION.exec(host)?.[1] ?? null;
  if (name) return { cluster: name, region, account: null, from: `the kubeconfig user's exec arguments (--cluster-name ${name})` };
  return { cluster: null, region, account: null, from: region ? `the API server address ${host}` : null };
}
