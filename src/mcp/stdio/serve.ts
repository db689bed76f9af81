// A stdio MCP session. Reads stdin at once; with a startup manifest the fast front answers initialize
// and tools/list immediately, and the real server (SDK, zod, runbook engine) is loaded when the client goes
// quiet or asks for anything else. Without a manifest (running from src/) or with fastStart off, the real
// server is loaded straight away.

import type { Readable, Writable } from "node:stream";
import { isDeepStrictEqual } from "node:util";
import { descriptorEnds, streamEnds } from "./ends.js";
import { createFastFront } from "./fast-front.js";
import { StdioLineTransport } from "./line-transport.js";
import { readStartupManifest, type StartupManifest } from "./manifest.js";
import type { Logger } from "../../util/log.js";
import { DEFAULT_TOOLSETS, toolsIn, type ToolsetName } from "../toolsets.js";

export interface ServeStdioOptions {
  runbookDirs: readonly string[];
  /** Folders the tools may read besides the client's roots (--allow-path, IRSA_DOCTOR_ALLOW_PATHS). */
  allowedPaths?: readonly string[];
  logger: Logger;
  /** Answer initialize/tools/list from the startup manifest before loading the SDK; default true. */
  fastStart?: boolean;
  input?: Readable;
  output?: Writable;
  /** Quiet time after the last early answer before the real server is loaded. */
  idleMs?: number;
  /** The manifest to answer from; default the built one (dist/mcp/startup-manifest.json). Tests pass their own. */
  manifest?: StartupManifest | null;
  /** The toolsets to serve (serve --toolsets); default diagnose and runbook. */
  toolsets?: readonly ToolsetName[];
  /** Passed through to createServer (tests use a folder of their own runbooks). */
  includeBundledRunbooks?: boolean;
}

export interface StdioSession {
  /** Resolves when the real server is connected (after a handover, or at once without the fast path). */
  ready: Promise<void>;
}

const DEFAULT_IDLE_MS = 30;

export function serveStdio(options: ServeStdioOptions): StdioSession {
  const logger = options.logger;
  const toolsets = options.toolsets ?? DEFAULT_TOOLSETS;
  const full = options.fastStart === false ? null : options.manifest === undefined ? readStartupManifest() : options.manifest;
  const manifest = full ? { ...full, tools: toolsIn(full.tools, toolsets) } : null;
  let idleTimer: NodeJS.Timeout | undefined;
  let handover: Promise<void> | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  // The process's own stdin and stdout by descriptor until the server takes over (ends.ts); on Windows,
  // where that is not tested, the streams from the start.
  const ends =
    options.input || options.output || process.platform === "win32"
      ? streamEnds(options.input ?? process.stdin, options.output ?? process.stdout)
      : descriptorEnds();
  const transport = new StdioLineTransport({
    ends,
    logger,
    ...(manifest ? { front: createFastFront(manifest) } : {}),
    onFrontAnswer: () => {
      clearTimeout(idleTimer);
      // unref: a client that hangs up after tools/list should not keep us alive to load a server it won't use.
      idleTimer = setTimeout(() => void startServer(), options.idleMs ?? DEFAULT_IDLE_MS).unref();
    },
    onQueued: () => void startServer(),
    // The transport is not closed on end of input, like the SDK's: closing would abort requests still being
    // answered. The process ends by itself once they are done.
  });

  const startServer = (): Promise<void> =>
    (handover ??= (async () => {
      clearTimeout(idleTimer);
      const [{ createServer }, { parseJsonRpcMessage }] = await Promise.all([import("../server.js"), import("../sdk.js")]);
      transport.validate = parseJsonRpcMessage;
      const server = createServer({
        runbookDirs: options.runbookDirs,
        ...(options.allowedPaths ? { allowedPaths: options.allowedPaths } : {}),
        logger,
        toolsets,
        ...(options.includeBundledRunbooks === undefined ? {} : { includeBundledRunbooks: options.includeBundledRunbooks }),
      });
      if (manifest) warnIfStale(manifest, server.listTools(), logger);
      ends.handOver?.();
      await server.connect(transport);
      markReady();
    })().catch((error: unknown) => {
      logger.error("could not start the MCP server (broken install?); exiting", { error });
      process.exitCode = 1;
      ends.close();
    }));

  if (manifest) logger.debug("fast start: answering initialize and tools/list from the startup manifest");
  else void startServer();
  return { ready };
}

/** The manifest is written by the build; if the code changed since, say so instead of serving stale tools. */
function warnIfStale(manifest: StartupManifest, live: unknown, logger: Logger): void {
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(live)), manifest.tools)) {
    logger.warn("the startup manifest's tools differ from the server's; run npm run build to refresh it");
  }
}
