// The log tools' door to the Kubernetes API: the kubeconfig and context are found and loaded by the
// collectors' functions (src/collect/kubernetes), then paths are fetched with GET and the kubeconfig's
// credentials and TLS settings (applied by client-node for every request, so refreshed exec tokens are
// used). Unlike the collectors' getter, which buffers whole answers, this one streams them: container logs
// are read through, never held. GET is the only verb: nothing is ever changed.

import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "../../vendor/kubernetes.js";
import { loadKubeAccess as loadCollectorAccess } from "../../collect/kubernetes/config.js";
import { readKubeconfigSummary, type KubeconfigSummary } from "../../collect/kubernetes/kubeconfig-file.js";
import { CollectError } from "../../collect/types.js";
import { LogToolError } from "../types.js";
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

/**
 * Loads the kubeconfig with the collectors' functions (src/collect/kubernetes): KUBECONFIG, ~/.kube/config
 * or the pod's service account, and the context asked for. Throws LogToolError saying what to fix.
 */
export function loadKubeAccess(options: KubeOptions = {}): KubeAccess {
  let summary: KubeconfigSummary;
  let kc: KubeConfig;
  let server: string;
  try {
    const found = readKubeconfigSummary(
      { ...(options.kubeconfigPath ? { kubeconfigPath: options.kubeconfigPath } : {}), ...(options.context ? { context: options.context } : {}) },
      options.env ?? process.env,
    );
    if (!found.ok) throw new LogToolError(`No Kubernetes access is configured (${found.why}); or collect a log bundle with path= instead.`);
    summary = found.summary;
    ({ config: kc, server } = loadCollectorAccess(summary));
  } catch (error) {
    if (error instanceof CollectError) throw new LogToolError(`${sentence(error.message)}.`);
    throw error;
  }
  const origin = summary.origin;
  const access: KubeAccess = {
    server,
    origin,
    context: summary.contextName ?? (kc.getCurrentContext() || null),
    async stream(path, query = {}, signal) {
      const url = new URL(`${server}${path}`);
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
      const request: https.RequestOptions = { method: "GET", headers: { accept: "application/json, */*" } };
      await kc.applyToHTTPSOptions(request);
      const timeout = AbortSignal.timeout(TIMEOUT_MS);
      request.signal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const send = url.protocol === "https:" ? https.request : http.request;
      return new Promise((resolve, reject) => {
        const req = send(url, request, (res) => {
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

/** A CollectError's message (written for the CLI) as a sentence for a tool caller. */
function sentence(message: string): string {
  const text = message.replace(/--context <name>/g, "context=<name>").replace(/ or pass --kubeconfig/g, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
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
