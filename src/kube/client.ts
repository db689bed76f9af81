// The one way irsa-doctor talks to a Kubernetes API server: GET on a path built by paths.ts, with the
// chosen context's credentials and TLS settings (applied by client-node), either buffered (`get`, capped) or
// streamed (`stream`, for container logs, read through and never held). There is no other verb, so no
// reader can change anything in a cluster.
//
// The loaded kubeconfig is kept for the session, per kubeconfig version and context: client-node caches an
// exec plugin's token (aws eks get-token) in it until the token expires, so a collection, the cluster tools
// and the log tools together run the plugin once, not once per call. An edited kubeconfig file (new
// mtime) is loaded afresh.

import { statSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { HttpMethod, KubeConfig, RequestContext } from "../vendor/kubernetes.js";
import { BodyTooLargeError, K8sHttpError } from "./errors.js";
import { type KubeconfigSummary, KubeconfigError } from "./kubeconfig.js";

const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Of a refused answer, this much is read to word the error. */
const ERROR_BODY_BYTES = 64 * 1024;

export interface KubeClient {
  /** The API server's URL, without a trailing slash. */
  server: string;
  /** The chosen context: where it came from, its name, its cluster. */
  summary: KubeconfigSummary;
  /** GETs `path` with `query`; resolves with the body of a 2xx answer, rejects with K8sHttpError, BodyTooLargeError or a network error. */
  get(path: string, query?: Record<string, string | undefined>, signal?: AbortSignal): Promise<string>;
  /** GETs `path`; resolves with the answer, to be read through, once its status is 2xx; rejects as get does. */
  stream(path: string, query?: Record<string, string | undefined>, signal?: AbortSignal): Promise<http.IncomingMessage>;
  /** Resolves once every request sent so far has been written to its connection, or has failed. */
  written(): Promise<void>;
  /** Drops this client's idle connections; the loaded kubeconfig (and its token) stays for the next client. */
  close(): void;
}

export interface KubeClientOptions {
  /** Per request, the answer's body included. */
  timeoutMs: number;
  maxBodyBytes?: number;
}

interface Loaded {
  config: KubeConfig;
  server: string;
  /** The last credential application: the next waits for it (see authenticate). */
  applying: Promise<unknown>;
}

const loaded = new Map<string, Loaded>();
const MAX_LOADED = 8;

function loadKey(summary: KubeconfigSummary): string {
  const files = "inCluster" in summary.source ? [] : summary.source.files;
  const mtimes = files.map((f) => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return -1;
    }
  });
  return JSON.stringify([summary.origin, files, mtimes, summary.contextName]);
}

/** Loads the chosen context into client-node, which owns the credentials: tokens, certificates, exec plugins, in-cluster service accounts. */
function load(summary: KubeconfigSummary): Loaded {
  const kc = new KubeConfig();
  try {
    if ("inCluster" in summary.source) kc.loadFromCluster();
    else {
      const [first, ...rest] = summary.source.files;
      if (first) kc.loadFromFile(first);
      for (const file of rest) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more);
      }
    }
    if (summary.contextName) kc.setCurrentContext(summary.contextName);
  } catch (err) {
    throw new KubeconfigError(
      `the kubeconfig (${summary.origin}) could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new KubeconfigError(`the kubeconfig (${summary.origin}) has no current context naming a cluster — pass --context <name>`);
  return { config: kc, server: cluster.server.replace(/\/+$/, ""), applying: Promise.resolve() };
}

function loadCached(summary: KubeconfigSummary): Loaded {
  const key = loadKey(summary);
  const hit = loaded.get(key);
  if (hit) return hit;
  const fresh = load(summary);
  if (loaded.size >= MAX_LOADED) loaded.delete(loaded.keys().next().value as string);
  loaded.set(key, fresh);
  return fresh;
}

/** A keep-alive copy of client-node's agent when it is a plain one (proxy agents are used as they are). */
function keepAlive(agent: http.Agent | https.Agent | undefined, server: string): http.Agent {
  const options = (agent as { options?: Record<string, unknown> } | undefined)?.options ?? {};
  const plain = agent === undefined || agent.constructor === http.Agent || agent.constructor === https.Agent;
  if (!plain) return agent as http.Agent;
  const shared = { ...options, keepAlive: true, maxSockets: 16 };
  return server.startsWith("https:") ? new https.Agent(shared) : new http.Agent(shared);
}

function readUpTo(res: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString("utf8"));
    res.on("data", (chunk: Buffer) => {
      if (size >= max) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= max) res.destroy();
    });
    res.on("end", done);
    res.on("close", done);
    res.on("error", reject);
  });
}

/** A client of the chosen context. Throws KubeconfigError when client-node cannot load it. */
export function openKubeClient(summary: KubeconfigSummary, options: KubeClientOptions): KubeClient {
  const shared = loadCached(summary);
  const { config, server } = shared;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let agent: http.Agent | undefined;
  const unwritten = new Set<Promise<void>>();

  // Credentials are applied to every request (client-node hands back its cached token until it expires);
  // the connection settings once, so requests share keep-alive connections.
  // Applications are queued per loaded kubeconfig: a collection's first reads start together, and each would
  // run the exec plugin before the first token is cached.
  function authenticate(): Promise<{ headers: Record<string, string>; agent: http.Agent }> {
    const apply = async () => {
      const ctx = new RequestContext(`${server}/`, HttpMethod.GET);
      await config.applySecurityAuthentication(ctx);
      agent ??= keepAlive(ctx.getAgent(), server);
      return { headers: { ...ctx.getHeaders() }, agent };
    };
    const next = shared.applying.then(apply, apply);
    shared.applying = next.catch(() => undefined);
    return next;
  }

  async function stream(path: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const auth = await authenticate();
    const url = new URL(`${server}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const send = url.protocol === "https:" ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: "GET",
          agent: auth.agent,
          headers: { ...auth.headers, accept: "application/json, */*" },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(res);
          const retryAfter = Number(res.headers["retry-after"]);
          readUpTo(res, ERROR_BODY_BYTES).then(
            (body) => reject(new K8sHttpError(status, body, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined)),
            reject,
          );
        },
      );
      req.on("error", reject);
      const write = new Promise<void>((done) => (req.once("finish", done), req.once("close", done)));
      unwritten.add(write);
      void write.then(() => unwritten.delete(write));
      req.end();
    });
  }

  return {
    server,
    summary,
    stream,
    async get(path, query, signal) {
      const res = await stream(path, query, signal);
      return new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            res.destroy(new BodyTooLargeError(`the answer to GET ${path} is larger than ${maxBodyBytes} bytes; not read`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        res.on("error", reject);
      });
    },
    async written() {
      await Promise.all([...unwritten]);
    },
    close() {
      agent?.destroy();
    },
  };
}
