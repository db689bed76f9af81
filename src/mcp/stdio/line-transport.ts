// The MCP stdio transport: newline-delimited JSON-RPC on stdin/stdout. Unlike the SDK's, it starts reading
// before the SDK is loaded: until start() is called, each message goes to a "front" that may answer it from
// the startup manifest (see fast-front.ts) or queue it; start() replays the queue to the server. Only type
// imports from sdk.ts, so loading this module does not load the SDK.

import { isDeepStrictEqual } from "node:util";
import type { StdioEnds } from "./ends.js";
import type { JSONRPCMessage, Transport } from "../sdk.js";
import type { Logger } from "../../util/log.js";

type Message = Record<string, unknown>;
type Id = string | number;

/** What the front did with a message that arrived before the server was ready. */
export type FrontDecision =
  /** Answered with `response`; the server never sees the message (tools/list, ping). */
  | { kind: "answered"; response: Message }
  /** Answered with `response` (or nothing, for a notification) and replayed to the server later, whose own
   *  answer to it is checked against ours and dropped (initialize, notifications/initialized). */
  | { kind: "answered-replay"; response: Message | null }
  /** Not answerable early: queue for the server and ask for it now. */
  | { kind: "queue" };

export interface LineTransportOptions {
  ends: StdioEnds;
  logger: Logger;
  /** Decides about messages that arrive before start(); without it every message is queued. */
  front?: (message: Message) => FrontDecision;
  /** Called after the front answered a message. */
  onFrontAnswer?: () => void;
  /** Called when a message was queued for the server. */
  onQueued?: () => void;
}

const MAX_LINE_CHARS = 10 * 1024 * 1024;

export class StdioLineTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  /** Set before start() by the server side; checks each message's shape as the SDK's stdio transport does. */
  validate: (value: unknown) => JSONRPCMessage = (value) => value as JSONRPCMessage;

  private buffered = "";
  private readonly queue: unknown[] = [];
  private readonly expectedAnswers = new Map<Id, unknown>();
  private started = false;
  private closed = false;

  constructor(private readonly options: LineTransportOptions) {
    options.ends.read((chunk) => this.receive(chunk));
  }

  async start(): Promise<void> {
    this.started = true;
    for (const message of this.queue.splice(0)) this.deliver(message);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const reply = message as Message;
    const id = reply["id"] as Id | undefined;
    if (id !== undefined && this.expectedAnswers.has(id) && ("result" in reply || "error" in reply)) {
      // The client already has the front's answer to this replayed request; a difference means a stale manifest.
      const expected = this.expectedAnswers.get(id);
      this.expectedAnswers.delete(id);
      if (!isDeepStrictEqual(reply["result"], expected)) {
        this.options.logger.warn("the fast-start answer differed from the server's; the startup manifest is stale: run npm run build", {
          id,
        });
      }
      return;
    }
    await this.write(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.ends.ignoreInput();
    this.onclose?.();
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    if (this.buffered.length > MAX_LINE_CHARS && !this.buffered.includes("\n")) {
      this.options.logger.error(`dropped an input line longer than ${MAX_LINE_CHARS} characters`);
      this.buffered = "";
      return;
    }
    let newline: number;
    while ((newline = this.buffered.indexOf("\n")) !== -1) {
      const line = this.buffered.slice(0, newline).replace(/\r$/, "");
      this.buffered = this.buffered.slice(newline + 1);
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        this.report(new Error(`ignored a line that is not JSON: ${(error as Error).message}`));
        continue;
      }
      this.route(value);
    }
  }

  private route(value: unknown): void {
    if (this.started) return this.deliver(value);
    const front = this.options.front;
    const decision: FrontDecision = front && isMessage(value) ? front(value) : { kind: "queue" };
    if (decision.kind === "queue") {
      this.queue.push(value);
      this.options.onQueued?.();
      return;
    }
    if (decision.kind === "answered-replay") {
      this.queue.push(value);
      const id = (value as Message)["id"] as Id | undefined;
      if (decision.response && id !== undefined) this.expectedAnswers.set(id, decision.response["result"]);
    }
    if (decision.response) void this.write(decision.response);
    this.options.onFrontAnswer?.();
  }

  private deliver(value: unknown): void {
    let message: JSONRPCMessage;
    try {
      message = this.validate(value);
    } catch (error) {
      this.report(new Error(`ignored a message that is not JSON-RPC: ${(error as Error).message}`));
      return;
    }
    this.onmessage?.(message);
  }

  // Logged rather than passed to onerror: the SDK's Protocol forwards onerror to a handler nobody sets.
  private report(error: Error): void {
    this.options.logger.warn(error.message);
  }

  private write(message: unknown): Promise<void> {
    return this.options.ends.write(JSON.stringify(message) + "\n");
  }
}

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
