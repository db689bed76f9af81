// The emulator's HTTP server: one loopback port for the Kubernetes API and every AWS service. Each
// request is told apart by service, recorded (before anything can refuse it, so writes show in the
// record), then answered by its route, an injected fault, or not at all (timeout), after the latency.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { routeAws } from "./aws/dispatch.js";
import { detectService } from "./aws/detect-service.js";
import { renderAwsError, type AwsService } from "./aws/errors.js";
import { faultReply, findFault, k8sReplyToHttp } from "./faults.js";
import { jsonReply, textReply, type HttpReply } from "./http-reply.js";
import { routeK8s } from "./k8s/routes.js";
import { internalError } from "./k8s/status.js";
import type { EmulatorState } from "./state.js";
import type { Fault, RecordedRequest } from "./types.js";

/** Larger bodies are refused: the read operations the emulator serves all send small ones. */
const MAX_BODY_BYTES = 1024 * 1024;

const REQUESTS_PATH = "/_emulator/requests";

export interface ServerOptions {
  latencyMs?: number;
  faults?: readonly Fault[];
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(res: ServerResponse, reply: HttpReply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

export function createEmulatorServer(state: EmulatorState, opts: ServerOptions = {}): { server: Server; records: RecordedRequest[] } {
  const records: RecordedRequest[] = [];
  const faults = opts.faults ?? [];
  let counter = 0;
  const used = new Map<Fault, number>();
  const nextRequestId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    if (path === REQUESTS_PATH && method === "GET") {
      send(res, jsonReply(200, records));
      return;
    }
    const body = await readBody(req);
    const service = detectService(path, req.headers, body);
    const requestId = nextRequestId();
    let route: { action: string; reply: () => Promise<HttpReply> };
    if (service === "k8s") {
      const k8s = routeK8s(method, path, url.searchParams);
      const serverAddress = req.headers.host ?? "127.0.0.1";
      route = { action: k8s.action, reply: async () => k8sReplyToHttp(await k8s.answer({ ...state.k8s, serverAddress })) };
    } else if (service === "unknown") {
      route = {
        action: "unknown",
        reply: async () => textReply(404, "404 page not found: the irsa-doctor emulator does not know which service this request is for\n"),
      };
    } else {
      const aws = routeAws(service, { method, path, query: url.searchParams, headers: req.headers, body });
      route = { action: aws.action, reply: async () => aws.answer(state.aws, requestId) };
    }
    const record: RecordedRequest = { method, path, query: url.search.replace(/^\?/, ""), service, action: route.action, status: null };
    records.push(record);

    const fault = findFault(faults, { service, action: route.action, path }, (f) => f.times !== undefined && (used.get(f) ?? 0) >= f.times);
    if (fault !== undefined) used.set(fault, (used.get(fault) ?? 0) + 1);
    if (fault?.kind === "timeout") return; // never answered; close() drops the connection
    let reply: HttpReply;
    try {
      reply =
        fault !== undefined
          ? faultReply(fault.kind, { service, action: route.action, path }, state.aws.account, requestId)
          : await route.reply();
    } catch (err) {
      process.stderr.write(
        `irsa-doctor emulator: ${method} ${path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      const message = "the emulator failed to answer this request (see its stderr)";
      reply =
        service === "k8s" || service === "unknown"
          ? k8sReplyToHttp(internalError(message))
          : renderAwsError(service as AwsService, { code: "InternalFailure", status: 500, message }, requestId);
    }
    if (opts.latencyMs !== undefined && opts.latencyMs > 0) await sleep(opts.latencyMs);
    record.status = reply.status;
    send(res, reply);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => {
      const status = err instanceof BodyTooLarge ? 413 : 500;
      if (!res.headersSent) send(res, textReply(status, status === 413 ? "request body too large\n" : "emulator error\n"));
    });
  });
  return { server, records };
}
