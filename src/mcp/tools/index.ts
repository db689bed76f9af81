// The registry: every MCP tool, in one explicit list sorted by name. A tool is added here and nowhere else;
// tool-adapter.ts turns the list into tools/list and tools/call, and the golden tests pin each schema.
// Keep tool modules light at top level (zod and types only): heavy clients are imported inside run().

import type { AnyToolDefinition } from "../tool.js";
import { getRunbook } from "./get-runbook.js";
import { listRunbooks } from "./list-runbooks.js";
import { matchRunbook } from "./match-runbook.js";

export const allTools: readonly AnyToolDefinition[] = [getRunbook, listRunbooks, matchRunbook];
