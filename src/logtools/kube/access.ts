// The log tools' own small door to the Kubernetes API: find the kubeconfig (KUBECONFIG, ~/.kube/config,
// or the pod's service account in a cluster), pick the context, and GET paths with its credentials and
// TLS settings (applied by client-node for every request, so refreshed exec tokens are used). Answers are
// streamed, never buffered whole, except small JSON bodies. GET is the only verb: nothing is ever changed.
// (src/collect/kubernetes has a fuller reader; it was not committed when this was written.)

import { existsSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { LogToolError } from "../types.js";

const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const TIMEOUT_MS = 30_000;
const MAX_JSON_BYTES = 64 * 1024 * 1024;

export class KubeHttpError extends Error {
  override readonly name = "KubeHttpError";
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${status}${detail ? `: ${detail}` : ""}`);
  }
}

export interface KubeAccess {
  server: string;
  /** Where the configuration came from, for messages ("KUBECONFIG=/path", "~/.kube/config", "in-cluster"). */
  origin: string;
  context: string | null;
  /** GET `path`; resolves with the response once its status is 2xx, rejects with KubeHttpError otherwise. */
  stream(path: string, query?: Record<string, string | undefined>, signal?: AbortSignal): Promise<http.IncomingMessage>;
  json<T>(path: string, query?: Record<string, string | undefined>, signal?: AbortSignal): Promise<T>;
}

export interface KubeOptions {
  kubeconfigPath?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

/** Loads the kubeconfig; throws LogToolError saying what to fix when there is none or the context is unknown. */
export function loadKubeAccess(options: KubeOptions = {}): KubeAccess {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  const envFiles = (env["KUBECONFIG"] ?? "").split(delimiter).filter((f) => f !== "");
  let origin: string;
  try {
    if (options.kubeconfigPath) {
      if (!existsSync(options.kubeconfigPath)) throw new LogToolError(`kubeconfig ${options.kubeconfigPath} does not exist.`);
      kc.loadFromFile(options.kubeconfigPath);
      origin = options.kubeconfigPath;
    } else if (envFiles.length > 0) {
      const missing = envFiles.filter((f) => !existsSync(f));
      if (missing.length === envFiles.length) throw new LogToolError(`KUBECONFIG names ${envFiles.join(delimiter)}, which does not exist: fix KUBECONFIG.`);
      kc.loadFromFile(envFiles.find((f) => existsSync(f))!);
      origin = `KUBECONFIG=${envFiles.join(delimiter)}`;
    } else if (existsSync(join(homedir(), ".kube", "config"))) {
      kc.loadFromFile(join(homedir(), ".kube", "config"));
      origin = "~/.kube/config";
    } else if (existsSync(IN_CLUSTER_TOKEN)) {
      kc.loadFromCluster();
      origin = "the pod's service account (in-cluster)";
    } else {
      throw new LogToolError(
        "No Kubernetes access is configured (KUBECONFIG is unset, ~/.kube/config does not exist, not running in a pod): set KUBECONFIG, or collect a log bundle with path= instead.",
      );
    }
  } catch (error) {
    if (error instanceof LogToolError) throw error;
    throw new LogToolError(`The kubeconfig could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name).sort();
      throw new LogToolError(`Context "${options.context}" is not in the kubeconfig (${origin}); its contexts are: ${known.join(", ") || "(none)"}.`);
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new LogToolError(`The kubeconfig (${origin}) has no current context naming a cluster: pass context=<name>.`);
  const server = cluster.server.replace(/\/+$/, "");
  const access: KubeAccess = {
    server,
    origin,
    context: kc.getCurrentContext() || null,
    async stream(path, query = {}, signal) {
      const url = new URL(`${server}${path}`);
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
      const options: https.RequestOptions = { method: "GET", headers: { accept: "application/json, */*" } };
      await kc.applyToHTTPSOptions(options);
      const timeout = AbortSignal.timeout(TIMEOUT_MS);
      options.signal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const send = url.protocol === "https:" ? https.request : http.request;
      return new Promise((resolve, reject) => {
        const req = send(url, options, (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(res);
          readSome(res, 64 * 1024).then((body) => reject(new KubeHttpError(status, statusMessage(body))), reject);
        });
        req.on("error", reject);
        req.end();
      });
    },
    async json(path, query, signal) {
      const res = await access.stream(path, query, signal);
      const body = await readSome(res, MAX_JSON_BYTES);
      if (body.length >= MAX_JSON_BYTES) throw new Error(`the answer to GET ${path} is larger than ${MAX_JSON_BYTES} bytes`);
      return JSON.parse(body) as never;
    },
  };
  return access;
}

function readSome(res: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      if (size >= max) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= max) res.destroy();
    });
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}

/** The apiserver's Status message when the body is one, else the body's start. */
function statusMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // not a Status object
  }
  return body.trim().slice(0, 300);
}
