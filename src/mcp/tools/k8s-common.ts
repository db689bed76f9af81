// What the cluster tools share: the arguments that choose where to read (cluster name, kubeconfig context,
// offline snapshot), the safety rating every answer carries, and the step that turns an engine answer
// into a tool result. zod and types only: the engine itself is imported inside each tool's run().

import { z } from "zod";
import { fail, type ToolContext, type ToolFailure } from "../tool.js";
import { type ToolSafetyRating, safetyRatingFor } from "../../runbook/safety-ratings.js";

export const clusterNameArg = z
  .string()
  .min(1)
  .max(100)
  .describe("EKS cluster name; picks the kubeconfig context that points at it when the current one points elsewhere");
export const contextArg = z.string().min(1).max(253).optional().describe("kubeconfig context to read (default: the current context)");
export const snapshotArg = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .describe("Offline snapshot folder (the one holding target.yaml): answer from the bundle instead of a live cluster");
export const namespaceArg = z.string().min(1).max(63);
export const limitArg = (max: number, dflt: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(max)
    .optional()
    .describe(`At most this many items (default ${dflt}, max ${max}); truncated says when more matched`);

export interface SourceArgs {
  clusterName?: string | undefined;
  context?: string | undefined;
  snapshot?: string | undefined;
}

/** Only the source arguments that were given, so the engine sees no explicit undefined. */
export function sourceOptions(args: SourceArgs): { clusterName?: string; context?: string; snapshot?: string } {
  return {
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.context ? { context: args.context } : {}),
    ...(args.snapshot ? { snapshot: args.snapshot } : {}),
  };
}

type EngineRead<T> = { ok: true; value: T } | { ok: false; failure: { message: string } };

/** The engine's answer with the tool's safety rating added, or its failure as an isError result. */
export async function answer<T extends object>(
  read: EngineRead<T>,
  tool: string,
  ctx: ToolContext,
): Promise<(T & { safety_rating: ToolSafetyRating | null }) | ToolFailure> {
  if (!read.ok) return fail(read.failure.message);
  return { ...read.value, safety_rating: safetyRatingFor((await ctx.runbooks.load()).runbooks, tool) };
}
