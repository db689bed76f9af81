// The one place where tool definitions become MCP: the tools/list entries (JSON schemas derived from the zod
// schemas, annotations derived from the kind) and the tools/call handler (argument validation, expected
// failures as isError results, local paths admitted by the server's policy, exceptions caught and logged as
// bugs, structuredContent checked against the output schema, and a compact text mirror of it for clients
// that only read text). Arguments may also be given under the awslabs EKS MCP server's snake_case names.

import { z } from "zod";
import type { CallToolResult, Tool } from "./sdk.js";
import { annotationsFor, ToolAnswer, ToolFailure, type AnyToolDefinition, type ProgressReporter, type ToolContext } from "./tool.js";
import type { LocalPathPolicy } from "./local-paths.js";
import { withArgumentAliases } from "./argument-aliases.js";
import { ProtocolError } from "./protocol-error.js";
import { trimSchema } from "./schema-trim.js";
import type { Logger } from "../util/log.js";
import { countRedactions, redactDeep, redactionNote, redactText } from "../redact/index.js";

type JsonSchema = Record<string, unknown>;

/**
 * The most one answer may carry, in characters of its JSON. Past this it would fill a model's context (a
 * million characters is a quarter of a million tokens) and take seconds to send; the caller is told to narrow
 * the call instead. Tools that list things also cap their own lists, with a count of what was left out.
 */
export const ANSWER_CAP = 512 * 1024;

/** draft-07 like the SDK's own McpServer, so SDK clients (ajv, draft-07 by default) can compile the schemas. */
function toolInputSchema(tool: AnyToolDefinition): JsonSchema {
  return trimSchema(z.toJSONSchema(z.strictObject(tool.input), { target: "draft-7", io: "input" }), "input") as JsonSchema;
}

function toolOutputSchema(tool: AnyToolDefinition): JsonSchema {
  return trimSchema(z.toJSONSchema(tool.output, { target: "draft-7", io: "output" }), "output") as JsonSchema;
}

/** The tools/list entries, in registry order. */
export function toolListing(tools: readonly AnyToolDefinition[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toolInputSchema(tool) as Tool["inputSchema"],
    outputSchema: toolOutputSchema(tool) as Tool["outputSchema"],
    annotations: annotationsFor(tool), // the title is the tool's own, not repeated here
  }));
}

export interface ToolCallerOptions {
  tools: readonly AnyToolDefinition[];
  context: (signal: AbortSignal) => ToolContext;
  logger: Logger;
  /** Check structuredContent against the output schema before answering (development and tests). */
  validateOutput: boolean;
  localPaths: LocalPathPolicy;
}

export type ToolCaller = (name: string, args: unknown, signal: AbortSignal, progress?: ProgressReporter) => Promise<CallToolResult>;

export function createToolCaller(options: ToolCallerOptions): ToolCaller {
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  const inputSchemas = new Map<string, z.ZodObject>();
  return async (name, args, signal, progress) => {
    const tool = byName.get(name);
    if (!tool) {
      // A protocol error (-32602), as the MCP specification asks for an unknown tool.
      const known = [...byName.keys()].sort().join(", ");
      throw new ProtocolError("invalid_params", `Unknown tool "${name}". This server has: ${known}. Call tools/list for their arguments.`);
    }
    let input = inputSchemas.get(name);
    if (!input) inputSchemas.set(name, (input = z.strictObject(tool.input)));
    const parsed = input.safeParse(withArgumentAliases(tool.input, args));
    if (!parsed.success) return errorResult(describeBadArguments(tool, parsed.error));
    const logger = options.logger.child({ tool: name });
    try {
      const args = { ...(parsed.data as Record<string, unknown>) };
      for (const key of tool.localPaths ?? []) {
        const given = args[key];
        if (typeof given !== "string") continue;
        const admitted = await options.localPaths.admit(given, key);
        if ("refused" in admitted) return errorResult(admitted.refused);
        args[key] = admitted.path;
      }
      const context = options.context(signal);
      const ran: unknown = await tool.run(args, progress ? { ...context, progress } : context);
      if (ran instanceof ToolFailure) return errorResult(ran.message);
      const outcome: unknown = ran instanceof ToolAnswer ? ran.structured : ran;
      const text = ran instanceof ToolAnswer ? ran.text : JSON.stringify(outcome);
      if (options.validateOutput) {
        const checked = tool.output.safeParse(outcome);
        if (!checked.success) {
          logger.error("tool output does not match its output schema (a bug in irsa-doctor)", {
            issues: checked.error.issues,
          });
          return bugResult(name, "its answer did not match its declared output schema");
        }
      }
      const size = Math.max(text.length, JSON.stringify(outcome)?.length ?? 0);
      if (size > ANSWER_CAP) return errorResult(tooLarge(tool, size));
      return redactedResult(text, outcome as Record<string, unknown>);
    } catch (error) {
      logger.error("tool threw (a bug in irsa-doctor); the server keeps serving", { error });
      return bugResult(name, error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * The MCP side of the redaction choke point: every tool answer leaves through here or errorResult. The
 * count goes in _meta and in a last line of the text, so a model knows something was withheld.
 */
function redactedResult(text: string, structured: Record<string, unknown>): CallToolResult {
  const safeText = redactText(text);
  const safeStructured = redactDeep(structured);
  const count = Math.max(countRedactions(safeText), countRedactions(JSON.stringify(safeStructured)));
  if (count === 0) return { content: [{ type: "text", text: safeText }], structuredContent: safeStructured };
  return {
    content: [{ type: "text", text: `${safeText}\n(${redactionNote(count)})` }],
    structuredContent: safeStructured,
    _meta: { "irsa-doctor/redacted": count },
  };
}

function tooLarge(tool: AnyToolDefinition, size: number): string {
  const narrowing = Object.keys(tool.input).filter((k) => tool.input[k]?.isOptional());
  const how = narrowing.length > 0 ? `pass ${narrowing.join(", ")} to narrow it` : "ask for a smaller part of it";
  return `The answer of ${tool.name} is ${Math.round(size / 1024)} KiB, over the ${ANSWER_CAP / 1024} KiB one answer may carry: ${how}.`;
}

function errorResult(message: string): CallToolResult {
  return { content: [{ type: "text", text: redactText(message) }], isError: true };
}

function bugResult(tool: string, detail: string): CallToolResult {
  return errorResult(
    `Internal error in ${tool}: ${detail}. This is a bug in irsa-doctor, not in your request; details are in the ` +
      `server's stderr log. Other tools keep working.`,
  );
}

/** One line per problem, then the arguments the tool takes, so the caller can fix the call in one go. */
function describeBadArguments(tool: AnyToolDefinition, error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") return `unknown argument(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    const where = issue.path.length > 0 ? `"${issue.path.join(".")}"` : "arguments";
    return `${where}: ${issue.message}`;
  });
  return `Invalid arguments for ${tool.name}: ${problems.join("; ")}. ${describeExpectedArguments(tool)}`;
}

function describeExpectedArguments(tool: AnyToolDefinition): string {
  const entries = Object.entries(tool.input);
  if (entries.length === 0) return `${tool.name} takes no arguments; call it with {}.`;
  const parts = entries.map(([key, schema]) => {
    const optional = (schema as z.ZodType).safeParse(undefined).success;
    const description = (schema as z.ZodType).description;
    return `${key} (${optional ? "optional" : "required"}${description ? `: ${description}` : ""})`;
  });
  return `Expected arguments: ${parts.join("; ")}.`;
}
