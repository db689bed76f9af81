// CloudTrail and CloudWatch Logs (awsJson1.1: POST /, X-Amz-Target "<ServiceTarget>.<Operation>").
// LookupEvents is served from the snapshot's lookup-events outputs, newest first as CloudTrail answers.
// FilterLogEvents answers an empty result: the snapshot format has no CloudWatch Logs folder yet, so
// there is nothing to serve (when one exists, read it here).

import type { CloudTrailEvent } from "../../snapshot/types.js";
import { PageTokenError, pageOf } from "../paging.js";
import type { AwsContext } from "./context.js";
import { AwsFailure, notCollected, unknownOperation } from "./errors.js";
import { epochSeconds } from "./timestamps.js";

/** X-Amz-Target prefixes of the two services, as the installed clients send them. */
export const JSON_TARGET_PREFIX = { cloudtrail: "CloudTrail_20131101.", logs: "Logs_20140328." } as const;

/** The operation named by an X-Amz-Target header ("CloudTrail_20131101.LookupEvents" -> "LookupEvents"). */
export function operationOfTarget(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  const dot = target.lastIndexOf(".");
  return dot === -1 ? undefined : target.slice(dot + 1);
}

type Json = Record<string, unknown>;

function invalid(code: string, message: string): AwsFailure {
  return new AwsFailure({ code, status: 400, message });
}

function attributeValues(e: CloudTrailEvent, key: string): string[] {
  const raw = e as unknown as Json;
  const resources = Array.isArray(raw["Resources"]) ? (raw["Resources"] as Json[]) : [];
  switch (key) {
    case "ResourceType":
    case "ResourceName":
      return resources.map((r) => String(r[key] ?? ""));
    case "ReadOnly":
      return [String(raw["ReadOnly"] ?? "")];
    default:
      return [String(raw[key] ?? "")];
  }
}

const LOOKUP_KEYS = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

function lookupEvents(body: Json, ctx: AwsContext): Json {
  const captured = ctx.docs.cloudTrailEvents;
  if (captured === undefined) throw new AwsFailure(notCollected("cloudtrail", "LookupEvents", "*", ctx.account));
  const attrs = Array.isArray(body["LookupAttributes"]) ? (body["LookupAttributes"] as Json[]) : [];
  if (attrs.length > 1) throw invalid("InvalidLookupAttributesException", "LookupAttributes accepts one attribute only.");
  const attr = attrs[0];
  if (attr !== undefined && !LOOKUP_KEYS.includes(String(attr["AttributeKey"]))) {
    throw invalid("InvalidLookupAttributesException", `Unknown AttributeKey ${String(attr["AttributeKey"])}.`);
  }
  const max = body["MaxResults"] === undefined ? 50 : Number(body["MaxResults"]);
  if (!Number.isInteger(max) || max < 1 || max > 50) throw invalid("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
  const start = typeof body["StartTime"] === "number" ? body["StartTime"] : -Infinity;
  const end = typeof body["EndTime"] === "number" ? body["EndTime"] : Infinity;
  if (start > end) throw invalid("InvalidTimeRangeException", "StartTime is after EndTime.");
  const matching = [...captured.value].reverse().filter((e) => {
    const t = epochSeconds(e.EventTime);
    if (typeof t !== "number" || t < start || t > end) return false;
    return attr === undefined || attributeValues(e, String(attr["AttributeKey"])).includes(String(attr["AttributeValue"] ?? ""));
  });
  const scope = `ct|${JSON.stringify(attr ?? null)}|${start}|${end}`;
  let page;
  try {
    page = pageOf(matching, {
      limit: max,
      forcedPageSize: ctx.pageSize,
      token: typeof body["NextToken"] === "string" ? body["NextToken"] : undefined,
      scope,
    });
  } catch (err) {
    if (err instanceof PageTokenError) throw invalid("InvalidNextTokenException", `Invalid NextToken: ${err.message}`);
    throw err;
  }
  const Events = page.items.map((e) => ({
    ...e,
    EventTime: epochSeconds(e.EventTime),
    CloudTrailEvent: typeof e.CloudTrailEvent === "string" ? e.CloudTrailEvent : JSON.stringify(e.CloudTrailEvent),
  }));
  return page.next === undefined ? { Events } : { Events, NextToken: page.next };
}

export function answerJsonRpc(service: "cloudtrail" | "logs", action: string, body: Json, ctx: AwsContext): Json {
  if (service === "cloudtrail" && action === "LookupEvents") return lookupEvents(body, ctx);
  // Nothing to search: see the header comment.
  if (service === "logs" && action === "FilterLogEvents") return { events: [], searchedLogStreams: [] };
  throw new AwsFailure(unknownOperation(service, action));
}
