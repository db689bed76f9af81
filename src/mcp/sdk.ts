// The only module that imports @modelcontextprotocol/sdk. Everything else talks to a small facade: plain
// handler functions in, an endpoint with connect/close/sendLog out, plus re-exported wire types. Moving to
// SDK v2 (or away from the SDK) means rewriting this file alone.
//
// Importing this module costs ~200 ms (the SDK pulls in zod and ajv), so light modules may only
// `import type` from it; the stdio fast path and the CLI entry never load it at start-up.

import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  JSONRPCMessageSchema,
  LATEST_PROTOCOL_VERSION,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListRootsRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type {
  CallToolResult,
  GetPromptResult,
  Implementation,
  JSONRPCMessage,
  LoggingLevel,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ProtocolError } from "./protocol-error.js";

export type {
  CallToolResult,
  Client,
  GetPromptResult,
  Implementation,
  InMemoryTransport,
  JSONRPCMessage,
  LoggingLevel,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  StdioClientTransport,
  Tool,
  Transport,
};

/** What the server does for each MCP method; plain data in and out, no SDK types needed to write one. */
interface McpHandlers {
  listTools(): Tool[];
  /** `progress` is given only when the client asked for progress (a progressToken in the request's _meta). */
  callTool(
    name: string,
    args: unknown,
    signal: AbortSignal,
    progress?: (done: number, total: number | undefined, message: string) => void,
  ): Promise<CallToolResult>;
  listResources(): Promise<Resource[]>;
  listResourceTemplates(): ResourceTemplate[];
  readResource(uri: string): Promise<ReadResourceResult>;
  listPrompts(): Promise<Prompt[]>;
  getPrompt(name: string, args: Record<string, string>): Promise<GetPromptResult>;
  /** completion/complete: values for a prompt's or a resource template's argument, given what is typed so far. */
  complete(ref: CompletionRef, argument: { name: string; value: string }, context: Record<string, string>): Promise<string[]>;
}

/** What a completion request completes: a prompt's argument or a resource template's variable. */
export type CompletionRef = { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string };

/** The MCP specification caps a completion answer at 100 values. */
const MAX_COMPLETIONS = 100;

export interface McpEndpointOptions {
  info: Implementation;
  capabilities: ServerCapabilities;
  instructions: string;
  handlers: McpHandlers;
}

export interface McpEndpoint {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
  /** Sends notifications/message when connected and the client's level lets it through; otherwise a no-op. */
  sendLog(level: LoggingLevel, data: unknown): Promise<void>;
  /**
   * The client's roots (roots/list) as URIs, or null when the client does not offer roots. Rejects when
   * the client offers them but does not answer within `timeoutMs`.
   */
  clientRoots(timeoutMs: number): Promise<string[] | null>;
  /** Called when the client says its roots changed (notifications/roots/list_changed). */
  onRootsChanged(listener: () => void): void;
}

export const PROTOCOL_VERSIONS = {
  latest: LATEST_PROTOCOL_VERSION,
  supported: [...SUPPORTED_PROTOCOL_VERSIONS],
} as const;

const JSON_RPC_CODES: Record<ProtocolError["kind"], number> = {
  invalid_params: -32602,
  resource_not_found: -32002,
};

export function createMcpEndpoint(options: McpEndpointOptions): McpEndpoint {
  const { handlers } = options;
  // Server is the SDK's low-level class (McpServer would re-derive our schemas on every tools/list and
  // wrap our messages); we want the listing we computed and the error texts we wrote.
  const server = new Server(options.info, { capabilities: options.capabilities, instructions: options.instructions });
  // Every list is answered in one page, so any cursor is one this server never gave: -32602, as the
  // specification asks for an invalid cursor.
  const onePage = (params: { cursor?: unknown } | undefined) => {
    if (params?.cursor !== undefined) {
      throw new ProtocolError(
        "invalid_params",
        `Invalid cursor ${JSON.stringify(params.cursor)}: this server lists everything in one page; call again without a cursor.`,
      );
    }
  };
  const list = <R>(answer: () => R | Promise<R>) =>
    mapErrors(async (request: { params?: { cursor?: unknown } }) => {
      onePage(request.params);
      return answer();
    });
  server.setRequestHandler(
    ListToolsRequestSchema,
    list(() => ({ tools: handlers.listTools() })),
  );
  server.setRequestHandler(
    CompleteRequestSchema,
    mapErrors(async (request) => {
      const values = await handlers.complete(
        request.params.ref as CompletionRef,
        request.params.argument,
        request.params.context?.arguments ?? {},
      );
      return { completion: { values: values.slice(0, MAX_COMPLETIONS), total: values.length, hasMore: values.length > MAX_COMPLETIONS } };
    }),
  );
  server.setRequestHandler(
    CallToolRequestSchema,
    mapErrors(async (request, extra) => {
      const token = request.params._meta?.progressToken;
      const progress =
        token === undefined
          ? undefined
          : (done: number, total: number | undefined, message: string) =>
              void extra
                .sendNotification({
                  method: "notifications/progress",
                  params: { progressToken: token, progress: done, ...(total === undefined ? {} : { total }), message },
                })
                .catch(() => {}); // a client that went away must not fail the tool
      return handlers.callTool(request.params.name, request.params.arguments ?? {}, extra.signal, progress);
    }),
  );
  server.setRequestHandler(
    ListResourcesRequestSchema,
    list(async () => ({ resources: await handlers.listResources() })),
  );
  server.setRequestHandler(
    ListResourceTemplatesRequestSchema,
    list(() => ({ resourceTemplates: handlers.listResourceTemplates() })),
  );
  server.setRequestHandler(
    ReadResourceRequestSchema,
    mapErrors((request) => handlers.readResource(request.params.uri)),
  );
  server.setRequestHandler(
    ListPromptsRequestSchema,
    list(async () => ({ prompts: await handlers.listPrompts() })),
  );
  server.setRequestHandler(
    GetPromptRequestSchema,
    mapErrors((request) => handlers.getPrompt(request.params.name, request.params.arguments ?? {})),
  );
  let connected = false;
  const rootsListeners: (() => void)[] = [];
  server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
    for (const listener of rootsListeners) listener();
  });
  return {
    async connect(transport) {
      await server.connect(transport);
      connected = true;
    },
    async close() {
      connected = false;
      await server.close();
    },
    async sendLog(level, data) {
      if (connected) await server.sendLoggingMessage({ level, logger: "irsa-doctor", data });
    },
    async clientRoots(timeoutMs) {
      if (!connected || !server.getClientCapabilities()?.roots) return null;
      const { roots } = await server.listRoots(undefined, { timeout: timeoutMs });
      return roots.map((root) => root.uri);
    },
    onRootsChanged(listener) {
      rootsListeners.push(listener);
    },
  };
}

/**
 * The SDK answers a thrown error with JSON-RPC code `error.code` and message `error.message` verbatim.
 * McpError would prefix "MCP error -32602:" to our text, so a plain Error carrying the code is thrown instead.
 */
function mapErrors<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw Object.assign(new Error(error.message), { code: JSON_RPC_CODES[error.kind], data: error.data });
      }
      throw error;
    }
  };
}

/** Checks that a parsed line is a JSON-RPC message, as the SDK's own stdio transport does. */
export function parseJsonRpcMessage(value: unknown): JSONRPCMessage {
  return JSONRPCMessageSchema.parse(value);
}

/** The client side, for tests and tools: loaded on demand so the server never pays for it. */
export async function loadClientKit(): Promise<{
  Client: typeof Client;
  InMemoryTransport: typeof InMemoryTransport;
  StdioClientTransport: typeof StdioClientTransport;
  /** For a client that offers roots: client.setRequestHandler(ListRootsRequestSchema, ...). */
  ListRootsRequestSchema: typeof ListRootsRequestSchema;
}> {
  const [client, memory, stdio] = await Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    import("@modelcontextprotocol/sdk/inMemory.js"),
    import("@modelcontextprotocol/sdk/client/stdio.js"),
  ]);
  return {
    Client: client.Client,
    InMemoryTransport: memory.InMemoryTransport,
    StdioClientTransport: stdio.StdioClientTransport,
    ListRootsRequestSchema,
  };
}
