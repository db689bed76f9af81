// The FilterLogEvents loop of get_cloudwatch_logs: pages followed by nextToken until the limit, a page
// cap (CloudWatch may answer empty pages while it searches), each message cut to a bounded size,
// redacted, and read as an audit event when it is one.

import { redactSecrets } from "../../logs/index.js";
import { type AuditSummary, auditSummary } from "./audit.js";
import type { LogsClient } from "./client.js";
import { compareText } from "../../util/compare.js";

const MAX_PAGES = 20;
const MAX_MESSAGE_CHARS = 4000;

export interface LogEventView {
  timestamp: string;
  log_stream: string | null;
  message: string;
  message_truncated: boolean;
  audit: AuditSummary | null;
}

export interface LogQuery {
  logGroupName: string;
  logStreamNamePrefix: string;
  filterPattern: string;
  startTime: number;
  endTime: number;
}

type RawEvent = { timestamp?: number; logStreamName?: string; message?: string };

function view(e: RawEvent): LogEventView {
  const full = e.message ?? "";
  const cut = full.length > MAX_MESSAGE_CHARS;
  const message = redactSecrets(cut ? full.slice(0, MAX_MESSAGE_CHARS) : full);
  return {
    timestamp: new Date(e.timestamp ?? 0).toISOString(),
    log_stream: e.logStreamName ?? null,
    message,
    message_truncated: cut,
    audit: cut ? null : auditSummary(message),
  };
}

/** Up to `limit` events, oldest first; throws what the SDK threw (the caller classifies it). */
export async function searchLogGroup(
  logs: LogsClient,
  query: LogQuery,
  limit: number,
): Promise<{ events: LogEventView[]; truncated: boolean }> {
  const events: LogEventView[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = (await logs.send("FilterLogEvents", {
      logGroupName: query.logGroupName,
      logStreamNamePrefix: query.logStreamNamePrefix || undefined,
      filterPattern: query.filterPattern || undefined,
      startTime: query.startTime,
      endTime: query.endTime,
      limit: limit - events.length,
      nextToken: token,
    })) as { events?: RawEvent[]; nextToken?: string };
    for (const e of answer.events ?? []) events.push(view(e));
    token = answer.nextToken || undefined;
    if (!token || events.length >= limit) break;
  }
  const kept = events
    .slice(0, limit)
    .sort((a, b) => compareText(a.timestamp, b.timestamp) || compareText(a.log_stream ?? "", b.log_stream ?? ""));
  return { events: kept, truncated: token !== undefined || events.length > limit };
}
