// Turns an AWS request into its operation name and answer, in the wire protocol the installed SDK v3
// clients speak: awsQuery for IAM and STS (form body, XML answer), restJson1 for EKS, awsJson1.1 for
// CloudTrail and Logs. Writes are named, then refused as AccessDenied: the emulator is read-only.

import type { HttpReply } from "../http-reply.js";
import type { AwsContext } from "./context.js";
import { answerEks, isKnownEksAction, routeEks } from "./eks.js";
import { AwsFailure, MUTATING_ACTION, QUERY_NAMESPACES, readOnly, renderAwsError, unknownOperation, type AwsService } from "./errors.js";
import { answerIam } from "./iam.js";
import { answerJsonRpc, operationOfTarget } from "./json-rpc.js";
import { answerSts } from "./sts.js";
import { queryResponse } from "./xml.js";

export interface AwsRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface AwsRoute {
  action: string;
  answer(ctx: AwsContext, requestId: string): HttpReply;
}

function header(req: AwsRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Query-protocol parameters: the form body, or the URL's query for GET requests. */
function queryParams(req: AwsRequest): URLSearchParams {
  return req.method === "GET" ? req.query : new URLSearchParams(req.body);
}

function actionOf(service: AwsService, req: AwsRequest): { action: string; eks?: ReturnType<typeof routeEks> } {
  if (service === "iam" || service === "sts") return { action: queryParams(req).get("Action") ?? "Unknown" };
  if (service === "eks") {
    const eks = routeEks(req.method, req.path);
    return { action: eks.action, eks };
  }
  return { action: operationOfTarget(header(req, "x-amz-target")) ?? "Unknown" };
}

function success(service: AwsService, action: string, result: unknown, requestId: string): HttpReply {
  const headers = { "x-amzn-requestid": requestId };
  if (service === "iam" || service === "sts") {
    return {
      status: 200,
      headers: { ...headers, "content-type": "text/xml" },
      body: queryResponse(action, QUERY_NAMESPACES[service], result as Record<string, unknown>, requestId),
    };
  }
  const contentType = service === "eks" ? "application/json" : "application/x-amz-json-1.1";
  return { status: 200, headers: { ...headers, "content-type": contentType }, body: JSON.stringify(result) };
}

function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsFailure({ code: "SerializationException", status: 400, message: "The request body is not valid JSON." });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new AwsFailure({ code: "SerializationException", status: 400, message: "The request body must be a JSON object." });
  }
  return parsed as Record<string, unknown>;
}

export function routeAws(service: AwsService, req: AwsRequest): AwsRoute {
  const { action, eks } = actionOf(service, req);
  const answer = (ctx: AwsContext, requestId: string): HttpReply => {
    try {
      const mutating = MUTATING_ACTION.test(action) || (service === "eks" && req.method !== "GET" && isKnownEksAction(action));
      if (mutating) throw new AwsFailure(readOnly(service, action, ctx.account));
      let result: unknown;
      if (service === "iam") result = answerIam(action, queryParams(req), ctx);
      else if (service === "sts") result = answerSts(action, queryParams(req), ctx);
      else if (service === "eks") {
        if (eks === undefined || !isKnownEksAction(action)) throw new AwsFailure(unknownOperation("eks", `${req.method} ${req.path}`));
        result = answerEks(eks, req.query, ctx);
      } else result = answerJsonRpc(service, action, parseJsonBody(req.body), ctx);
      return success(service, action, result, requestId);
    } catch (err) {
      if (err instanceof AwsFailure) return renderAwsError(service, err.error, requestId);
      throw err;
    }
  };
  return { action, answer };
}
