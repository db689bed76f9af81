// The log tools as one list, sorted by name, for the registry (src/mcp/tools/index.ts) to add in one line.

import type { AnyToolDefinition } from "../tool.js";
import { logCollect } from "./log-collect.js";
import { logCorrelate } from "./log-correlate.js";
import { logErrors } from "./log-errors.js";
import { logSearch } from "./log-search.js";
import { logStatus } from "./log-status.js";
import { logSummarize } from "./log-summarize.js";

export const logTools: readonly AnyToolDefinition[] = [logCollect, logCorrelate, logErrors, logSearch, logStatus, logSummarize];
