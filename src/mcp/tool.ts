// How a tool is written: defineTool({ name, title, description, kind, input, output, run }). The definition is
// plain data plus a function; tool-adapter.ts is the one place that turns it into an MCP listing entry and a
// call handler. A tool module must not import heavy libraries (AWS SDK, Kubernetes client, the runbook engine)
// at top level: load them inside run() with `await import(...)` so the server starts fast.

import type { z } from "zod";
import type { RunbookCatalog } from "../runbook/catalog.js";
import type { Logger } from "../util/log.js";

/** "read": looks, never changes anything. The only kind today; a tool that acts would add its own kind. */
type ToolKind = "read";

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a tool's run() gets besides its arguments. Later tools add their clients here (through ServerDeps). */
export interface ToolContext {
  runbooks: RunbookCatalog;
  /**
   * One object per server, the same for all its tool calls: the key under which tools keep what lasts
   * between calls (log collections, diagnosis sessions), so two servers in one process never share them.
   */
  state: object;
  logger: Logger;
  clock: () => Date;
  /** Aborted when the client cancels the request. */
  signal: AbortSignal;
  /**
   * Reports progress to the client (notifications/progress); present only when the client sent a progress
   * token. `done` must grow with each call; `total` may be omitted when unknown.
   */
  progress?: ProgressReporter;
}

export type ProgressReporter = (done: number, total: number | undefined, message: string) => void;

/** An expected failure: the caller asked for something wrong or missing; the message says what to do instead. */
export class ToolFailure {
  constructor(readonly message: string) {}
}

export function fail(message: string): ToolFailure {
  return new ToolFailure(message);
}

/** A result whose text content is not the JSON mirror of its structured content (e.g. a YAML report). */
export class ToolAnswer<T> {
  constructor(
    readonly structured: T,
    readonly text: string,
  ) {}
}

export function answerWithText<T>(structured: T, text: string): ToolAnswer<T> {
  return new ToolAnswer(structured, text);
}

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape, Output extends z.ZodObject = z.ZodObject> {
  /** snake_case, unique. */
  name: string;
  title: string;
  /** Written for the model: what the tool answers and when to call it. */
  description: string;
  kind: ToolKind;
  /** true when the tool reaches outside this process (AWS, a cluster); false for local data like runbooks. */
  openWorld: boolean;
  /** The arguments, as a zod shape; unknown arguments are rejected. */
  input: Shape;
  /**
   * The arguments that name a local file or folder. tool-adapter.ts admits each one through the server's
   * local-path policy (src/mcp/local-paths.ts) and hands run() the resolved absolute path.
   */
  localPaths?: readonly (keyof Shape & string)[];
  output: Output;
  run(args: z.output<z.ZodObject<Shape>>, ctx: ToolContext): Promise<z.input<Output> | ToolAnswer<z.input<Output>> | ToolFailure>;
}

/** Any tool, whatever its schemas; what registries hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds tools of every schema; unknown would not accept them
export type AnyToolDefinition = ToolDefinition<any, any>;

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** Checks the parts a typo could break, so a bad definition fails when the registry loads, not in a client. */
export function defineTool<Shape extends z.ZodRawShape, Output extends z.ZodObject>(
  definition: ToolDefinition<Shape, Output>,
): ToolDefinition<Shape, Output> {
  if (!SNAKE_CASE.test(definition.name)) {
    throw new Error(`Tool name "${definition.name}" must be snake_case (lower-case words joined by "_").`);
  }
  if (definition.title.trim() === "" || definition.description.trim() === "") {
    throw new Error(`Tool "${definition.name}" needs a title and a description.`);
  }
  return definition;
}

/** MCP annotations follow from the kind, so no tool can claim to be read-only by accident. */
export function annotationsFor(definition: Pick<AnyToolDefinition, "kind" | "openWorld">): ToolAnnotations {
  switch (definition.kind) {
    case "read":
      return { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: definition.openWorld };
  }
}
