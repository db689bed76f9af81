// A loopback CloudWatch Logs endpoint for the get_cloudwatch_logs tests, speaking the wire format the
// installed SDK client speaks (awsJson1.1: POST /, X-Amz-Target "Logs_20140328.FilterLogEvents", JSON
// answers, errors as { __type, message }). Also answers EKS DescribeCluster (restJson: GET
// /clusters/<name>) with a chosen logging setup. The emulator's FilterLogEvents always answers empty
// (bundles hold no CloudWatch logs), so events with content need this server.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface LogEventFixture {
  timestamp: number;
  logStreamName: string;
  message: string;
}

export interface LogsServer {
  url: string;
  /** The JSON bodies of the FilterLogEvents requests, in order. */
  filterRequests: Record<string, unknown>[];
  /** Every request as "METHOD path target". */
  requests: string[];
  close(): Promise<void>;
}

export interface LogsServerOptions {
  events: LogEventFixture[];
  /** Largest page answered, whatever limit the client asks for. */
  pageSize: number;
  /** The cluster's enabled control-plane log types. */
  enabledLogTypes: string[];
}

/** A bare term of a CloudWatch filter pattern matches events containing it (case-sensitive). */
const matches = (pattern: unknown, message: string) =>
  typeof pattern !== "string" || pattern === "" || message.includes(pattern.replace(/^"|"$/g, ""));

export async function startLogsServer(opts: LogsServerOptions): Promise<LogsServer> {
  const filterRequests: Record<string, unknown>[] = [];
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      requests.push(`${req.method} ${req.url} ${target}`.trim());
      if (req.method === "GET" && req.url?.startsWith("/clusters/")) {
        const name = decodeURIComponent(req.url.slice("/clusters/".length));
        const all = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
        const logging = {
          clusterLogging: [
            { types: opts.enabledLogTypes, enabled: true },
            { types: all.filter((t) => !opts.enabledLogTypes.includes(t)), enabled: false },
          ],
        };
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ cluster: { name, arn: `arn:aws:eks:eu-west-1:111122223333:cluster/${name}`, status: "ACTIVE", logging } }));
        return;
      }
      if (target !== "Logs_20140328.FilterLogEvents") {
        res
          .writeHead(400, { "content-type": "application/x-amz-json-1.1" })
          .end(JSON.stringify({ __type: "UnknownOperationException", message: `not served: ${target}` }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      filterRequests.push(body);
      const prefix = typeof body["logStreamNamePrefix"] === "string" ? body["logStreamNamePrefix"] : "";
      const start = typeof body["startTime"] === "number" ? body["startTime"] : -Infinity;
      const end = typeof body["endTime"] === "number" ? body["endTime"] : Infinity;
      const matching = opts.events
        .filter(
          (e) =>
            e.logStreamName.startsWith(prefix) && e.timestamp >= start && e.timestamp <= end && matches(body["filterPattern"], e.message),
        )
        .sort((a, b) => a.timestamp - b.timestamp);
      const from = typeof body["nextToken"] === "string" ? Number(body["nextToken"]) : 0;
      const size = Math.min(opts.pageSize, typeof body["limit"] === "number" ? body["limit"] : 10_000);
      const page = matching.slice(from, from + size);
      const next = from + size < matching.length ? String(from + size) : undefined;
      const answer = {
        events: page.map((e, i) => ({ ...e, ingestionTime: e.timestamp + 1000, eventId: `${from + i}` })),
        searchedLogStreams: [],
        ...(next ? { nextToken: next } : {}),
      };
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    filterRequests,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
