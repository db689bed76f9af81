// The only way the collectors talk to the Kubernetes API: HTTP GET on a path, with the kubeconfig's
// credentials and TLS settings (applied once per run by client-node, then reused on one keep-alive
// agent), a per-request timeout and a cap on the body. There is no other verb, so the reader cannot
// change anything in a cluster.

import http from "node:http";
import https from "node:https";
import { HttpMethod, RequestContext } from "../../vendor/kubernetes.js";
import type { KubeAccess } from "./config.js";

/** A non-2xx answer; `body` is the apiserver's Status (JSON) or text. */
export class K8sHttpError extends Error {
  override readonly name = "K8sHttpError";
  constructor(
    readonly status: number,
    readonly body: string,
    /** The Retry-After header's seconds, on a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(statusMessage(status, body));
  }
}

/** The apiserver's 429 (priority and fairness): retried after the wait it names, within retryThrottled's bounds. */
export function k8sThrottled(err: unknown): { retryAfterMs?: number } | undefined {
  if (!(err instanceof K8sHttpError) || err.status !== 429) return undefined;
  return err.retryAfterSeconds === undefined ? {} : { retryAfterMs: err.retryAfterSeconds * 1000 };
}

function statusMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; reason?: unknown };
    if (typeof parsed.message === "string") return `${status} ${typeof parsed.reason === "string" ? parsed.reason : ""}: ${parsed.message}`.replace(" :", ":");
  } catch {
    // not a Status
  }
  return `${status}: ${body.slice(0, 300).trim()}`;
}

export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

export interface K8sGetter {
  /** GETs `path` with `query`; resolves with the body of a 2xx answer, rejects with K8sHttpError or a network error. */
  get(path: string, query?: Record<string, string | undefined>): Promise<string>;
  close(): void;
}

interface Auth {
  headers: Record<string, string>;
  agent: http.Agent;
}

/** A keep-alive copy of client-node's agent when it is a plain one (proxy agents are used as they are). */
function keepAlive(agent: http.Agent | https.Agent | undefined, server: string): http.Agent {
  const options = (agent as { options?: Record<string, unknown> } | undefined)?.options ?? {};
  const plain = agent === undefined || agent.constructor === http.Agent || agent.constructor === https.Agent;
  if (!plain) return agent as http.Agent;
  const shared = { ...options, keepAlive: true, maxSockets: 16 };
  return server.startsWith("https:") ? new https.Agent(shared) : new http.Agent(shared);
}

export function createK8sGetter(access: KubeAccess, timeoutMs: number, maxBodyBytes = 64 * 1024 * 1024): K8sGetter {
  let auth: Promise<Auth> | undefined;
  const authenticate = () =>
    (auth ??= (async () => {
      const ctx = new RequestContext(`${access.server}/`, HttpMethod.GET);
      await access.config.applySecurityAuthentication(ctx);
      return { headers: { ...ctx.getHeaders() }, agent: keepAlive(ctx.getAgent(), access.server) };
    })());

  return {
    get: getOnce,
    close() {
      void auth?.then((a) => a.agent.destroy(), () => undefined);
    },
  };

  async function getOnce(path: string, query: Record<string, string | undefined> = {}): Promise<string> {
    const { headers, agent } = await authenticate();
    const url = new URL(`${access.server}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const send = url.protocol === "https:" ? https.request : http.request;
    return new Promise<string>((resolve, reject) => {
      const req = send(url, { method: "GET", agent, headers: { ...headers, accept: "application/json, */*" }, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            req.destroy(new BodyTooLargeError(`the answer to GET ${path} is larger than ${maxBodyBytes} bytes; not read`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          const retryAfter = Number(res.headers["retry-after"]);
          if (status >= 200 && status < 300) resolve(body);
          else reject(new K8sHttpError(status, body, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined));
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  }
}
