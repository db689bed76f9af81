// createServer(deps): the irsa-doctor MCP server, transport-agnostic. Everything it needs comes in through deps
// (runbook folders, logger, clock), so tests drive the real server over the SDK's in-memory transport and the
// stdio entry only wires stdin/stdout to it.

import { createMcpEndpoint, type Transport, type Tool, type LoggingLevel } from "./sdk.js";
import { createLocalPathPolicy } from "./local-paths.js";
import { createToolCaller, toolListing } from "./tool-adapter.js";
import { allTools } from "./tools/index.js";
import { createRunbookCatalog, type RunbookCatalog } from "../runbook/catalog.js";
import { listRunbookResources, readRunbookResource, runbookResourceTemplates } from "./resources.js";
import { getRunbookPrompt, listRunbookPrompts } from "./prompts.js";
import { ProtocolError } from "./protocol-error.js";
import { SERVER_CAPABILITIES, SERVER_INFO, SERVER_INSTRUCTIONS } from "./server-info.js";
import { complete } from "./completions.js";
import { DEFAULT_TOOLSETS, toolsIn, type ToolsetName } from "./toolsets.js";
import type { AnyToolDefinition } from "./tool.js";
import { toPlainData, type Logger, type LogLevel } from "../util/log.js";
import { redactText } from "../redact/index.js";

export interface ServerDeps {
  /** Runbook folders added to the bundled runbooks/ (from --runbooks and IRSA_DOCTOR_RUNBOOKS). */
  runbookDirs: readonly string[];
  logger: Logger;
  clock?: () => Date;
  /** false serves only runbookDirs (tests of broken runbooks); default true. */
  includeBundledRunbooks?: boolean;
  /** Check each tool's structuredContent against its output schema; default on unless NODE_ENV=production. */
  validateOutput?: boolean;
  /** The tools to serve; default the registry (tests pass extra tools, e.g. one that throws). */
  tools?: readonly AnyToolDefinition[];
  /** Which toolsets of `tools` to list and serve (serve --toolsets); default diagnose and runbook. */
  toolsets?: readonly ToolsetName[];
  /** Folders the tools may read besides the client's roots (--allow-path, IRSA_DOCTOR_ALLOW_PATHS). */
  allowedPaths?: readonly string[];
  /** Where relative paths start, and the stand-in root for clients without roots; default process.cwd(). */
  cwd?: string;
}

/** How long a client has to answer roots/list before tools fall back to the allowed folders alone. */
const ROOTS_TIMEOUT_MS = 5_000;

export interface IrsaDoctorServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
  runbooks: RunbookCatalog;
  /** The tools/list entries, computed once; the startup manifest and the golden tests read them too. */
  listTools(): Tool[];
}

const MCP_LEVELS: Record<LogLevel, LoggingLevel> = { debug: "debug", info: "info", warn: "warning", error: "error" };

export function createServer(deps: ServerDeps): IrsaDoctorServer {
  const logger = deps.logger;
  // From here on the log may carry evidence (paths, API errors, exec-plugin stderr): it passes redaction too.
  logger.redactWith(redactText);
  const clock = deps.clock ?? (() => new Date());
  // Tests that pass their own tools get them all; the registry is cut to the toolsets asked for.
  const tools = deps.tools ?? toolsIn(allTools, deps.toolsets ?? DEFAULT_TOOLSETS);
  const runbooks = createRunbookCatalog({
    extraDirs: deps.runbookDirs,
    includeBundled: deps.includeBundledRunbooks ?? true,
    logger,
  });
  const state = {};
  let listing: Tool[] | undefined;
  const listTools = () => (listing ??= toolListing(tools));
  // The client's roots are asked once and again only after it says they changed.
  let roots: Promise<string[] | null> | undefined;
  const localPaths = createLocalPathPolicy({
    allowed: deps.allowedPaths ?? [],
    cwd: deps.cwd ?? process.cwd(),
    clientRoots: () =>
      (roots ??= endpoint.clientRoots(ROOTS_TIMEOUT_MS).catch((error: unknown) => {
        roots = undefined; // a client that did not answer is asked again next time
        throw error;
      })),
  });
  const callTool = createToolCaller({
    tools,
    logger,
    validateOutput: deps.validateOutput ?? process.env["NODE_ENV"] !== "production",
    localPaths,
    context: (signal) => ({ runbooks, state, logger, clock, signal }),
  });
  // Handlers other than tools/call answer a thrown bug with a JSON-RPC internal error; log it first.
  const guard =
    <A extends unknown[], R>(method: string, handler: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof ProtocolError) throw error;
        logger.error(`${method} failed (a bug in irsa-doctor); the server keeps serving`, { error });
        // The client gets no details of a bug (they may hold anything); the log above has them.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(`Internal error in ${method}; details are in the server's stderr log.`);
      }
    };
  const endpoint = createMcpEndpoint({
    info: SERVER_INFO,
    capabilities: SERVER_CAPABILITIES,
    instructions: SERVER_INSTRUCTIONS,
    handlers: {
      listTools,
      callTool,
      listResources: guard("resources/list", () => listRunbookResources(runbooks)),
      listResourceTemplates: () => runbookResourceTemplates,
      readResource: guard("resources/read", (uri: string) => readRunbookResource(runbooks, uri)),
      listPrompts: guard("prompts/list", () => listRunbookPrompts(runbooks)),
      getPrompt: guard("prompts/get", (name: string, args: Record<string, string>) => getRunbookPrompt(runbooks, name, args)),
      complete: guard("completion/complete", (ref, argument, context) => complete({ runbooks, localPaths, clock }, ref, argument, context)),
    },
  });
  endpoint.onRootsChanged(() => (roots = undefined));
  let detachLogSink: (() => void) | undefined;
  return {
    runbooks,
    listTools,
    async connect(transport) {
      await endpoint.connect(transport);
      // Mirror warnings and errors (runbook problems, bugs) to the client as MCP logging notifications;
      // stderr keeps getting every line. Info lines would only be noise in a client's log pane.
      detachLogSink = logger.addSink((record) => {
        if (record.level !== "warn" && record.level !== "error") return;
        endpoint.sendLog(MCP_LEVELS[record.level], { message: record.message, ...toPlainData(record.fields) }).catch(() => {});
      });
      // Load runbooks once the first messages are being served, so their problems are logged at start.
      setImmediate(() => void runbooks.load());
    },
    async close() {
      detachLogSink?.();
      await endpoint.close();
    },
  };
}
