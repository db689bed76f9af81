// collect: checks the request, registers an execution and gathers the index of log sources in the
// background — a local bundle (directory, .tar.gz/.tgz/.tar, or one log file) read in place, or a node's
// or pod's logs through the Kubernetes API. Nothing is written anywhere; only the index is kept. When it
// is done the collection is registered under its key for errors, search, correlate and summarize.

import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { archiveReader, indexArchive } from "./sources/archive.js";
import { describe, directoryReader, indexDirectory, indexSingleFile, type IndexProgress } from "./sources/directory.js";
import { compareText } from "../util/compare.js";
import { isTarBundleName } from "../logs/file-kind.js";
import type { KubeClient } from "../kube/client.js";
import { chooseContext, kubeconfigSentence } from "../kube/context.js";
import { KubeconfigError } from "../kube/kubeconfig.js";
import type { CollectionStore } from "./store.js";
import {
  KUBE_TIMEOUT_MS,
  LogToolError,
  type Collection,
  type CollectionKind,
  type Execution,
  type IndexedSource,
  type SourceReader,
} from "./types.js";

export interface CollectRequest {
  instanceId?: string;
  /** "<namespace>/<name>". */
  pod?: string;
  path?: string;
  /** Kubernetes context (default: the kubeconfig's current one). */
  context?: string;
}

export interface CollectDeps {
  now: () => Date;
  /** Kubernetes access settings; default KUBECONFIG / ~/.kube/config / in-cluster. */
  kube?: { kubeconfigPath?: string; env?: NodeJS.ProcessEnv };
  /** Told about failures that are bugs (the execution says "failed" either way). */
  onUnexpected?: (error: unknown) => void;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const POD = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/;

type KubeTarget = { kind: "instance"; instanceId: string } | { kind: "pod"; namespace: string; name: string };

type Plan =
  | { kind: "local"; key: string; path: string; real: string; collectionKind: CollectionKind; isFile: boolean }
  | { kind: "kubernetes"; key: string; target: KubeTarget; access: KubeClient };

/** Validates the request (throws LogToolError saying what to fix) and starts collecting in the background. */
export async function startCollect(store: CollectionStore, request: CollectRequest, deps: CollectDeps): Promise<Execution> {
  const plan = await planFor(request, deps);
  const execution = store.newExecution(plan.key, deps.now());
  const progress: IndexProgress = {
    found: (total) => void (execution.sourcesTotal = Math.max(execution.sourcesTotal, total)),
    indexed: (source, bytes) => {
      execution.sourcesDone += 1;
      execution.bytes += bytes;
      execution.sources.push(source.entry);
    },
    problem: (problem) => void execution.problems.push(problem),
  };
  void run(plan, progress, deps).then(
    (gathered) => {
      const sources = gathered.sources.sort((a, b) => compareText(a.entry.name, b.entry.name));
      execution.sources = sources.map((s) => s.entry);
      execution.sourcesTotal = Math.max(execution.sourcesTotal, execution.sourcesDone);
      execution.problems.sort((a, b) => compareText(a.source, b.source) || compareText(a.message, b.message));
      const collection: Collection = {
        key: plan.key,
        kind: gathered.kind,
        location: gathered.location,
        sources,
        problems: execution.problems,
        collectedAt: deps.now().toISOString(),
        reader: gathered.reader,
      };
      store.finish(execution, collection, deps.now());
    },
    (error: unknown) => {
      if (!(error instanceof LogToolError)) deps.onUnexpected?.(error);
      store.finish(execution, null, deps.now(), error instanceof Error ? error.message : String(error));
    },
  );
  return execution;
}

async function planFor(request: CollectRequest, deps: CollectDeps): Promise<Plan> {
  const given = (["instanceId", "pod", "path"] as const).filter((k) => request[k] !== undefined);
  if (given.length !== 1) {
    throw new LogToolError(
      given.length === 0
        ? "Say what to collect: instanceId (an EC2 instance id of a node, e.g. i-0abc123def456), pod (<namespace>/<name>) or path (a log bundle directory or .tar.gz)."
        : `Pass only one of instanceId, pod and path (got ${given.join(" and ")}).`,
    );
  }
  if (request.instanceId !== undefined) {
    if (!INSTANCE_ID.test(request.instanceId))
      throw new LogToolError(
        `instanceId "${request.instanceId}" is not an EC2 instance id (i- followed by 8 or 17 hex digits, e.g. i-0abc123def456).`,
      );
    return {
      kind: "kubernetes",
      key: request.instanceId,
      target: { kind: "instance", instanceId: request.instanceId },
      access: await kubeAccess(request, deps),
    };
  }
  if (request.pod !== undefined) {
    const m = POD.exec(request.pod);
    if (!m) throw new LogToolError(`pod "${request.pod}" must be <namespace>/<name>, e.g. shop/orders-api-7d9f8c6b5-x2k4q.`);
    return {
      kind: "kubernetes",
      key: `pod/${request.pod}`,
      target: { kind: "pod", namespace: m[1]!, name: m[3]! },
      access: await kubeAccess(request, deps),
    };
  }
  const path = resolve(request.path!);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LogToolError(
      code === "ENOENT"
        ? `path ${request.path} does not exist (looked for ${path}): pass the log bundle's directory or its .tar.gz file.`
        : `path ${request.path} cannot be read (${describe(error)}): check its permissions.`,
    );
  }
  // Pinned: every later read (errors, search...) goes through this real path and re-checks that each file
  // resolves inside it, so replacing the folder by a link to another one after collect reads nothing new.
  const real = await realpath(path);
  if (info.isDirectory()) return { kind: "local", key: path, path, real, collectionKind: "directory", isFile: false };
  if (!info.isFile())
    throw new LogToolError(`path ${request.path} is neither a directory nor a file: pass the log bundle's directory or its .tar.gz file.`);
  return { kind: "local", key: path, path, real, collectionKind: isTarBundleName(path) ? "archive" : "directory", isFile: true };
}

interface Gathered {
  kind: CollectionKind;
  location: string;
  sources: IndexedSource[];
  reader: SourceReader;
}

async function run(plan: Plan, progress: IndexProgress, deps: CollectDeps): Promise<Gathered> {
  if (plan.kind === "local") {
    if (plan.collectionKind === "archive")
      return { kind: "archive", location: plan.path, sources: await indexArchive(plan.real, progress), reader: archiveReader };
    const sources = plan.isFile ? await indexSingleFile(plan.real, progress) : await indexDirectory(plan.real, progress);
    return { kind: "directory", location: plan.path, sources, reader: directoryReader };
  }
  const [{ indexKubernetes }, { kubeReader }] = await Promise.all([import("./kube/collect.js"), import("./kube/reader.js")]);
  const sources = await indexKubernetes(plan.access, plan.target, progress, deps.now());
  return { kind: "kubernetes", location: plan.access.server, sources, reader: kubeReader(plan.access) };
}

/**
 * The context, chosen as every reader chooses it, checked before anything starts (throws LogToolError saying
 * what to fix); the Kubernetes client (client-node) is loaded only here.
 */
async function kubeAccess(request: CollectRequest, deps: CollectDeps): Promise<KubeClient> {
  const choice = chooseContext({ ...deps.kube, ...(request.context ? { context: request.context } : {}), audience: "tool" });
  if (!choice.ok) {
    throw new LogToolError(
      choice.reason === "invalid"
        ? choice.message
        : `No Kubernetes access is configured (${choice.message}); or collect a log bundle with path= instead.`,
    );
  }
  const { openKubeClient } = await import("../kube/client.js");
  try {
    return openKubeClient(choice.summary, { timeoutMs: KUBE_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof KubeconfigError) throw new LogToolError(kubeconfigSentence(error.message, "tool"));
    throw error;
  }
}
