// The log tools' engine: collect a node's, a pod's or a bundle's logs into an index, then errors, search,
// correlate and summarize over it, streaming the sources again each time. The MCP tool definitions
// (src/mcp/tools/collect.ts, errors.ts, search.ts, ...) load this module inside run().

export { startCollect, type CollectDeps, type CollectRequest } from "./collect.js";
export {
  correlateCollection,
  DEFAULT_MAX_EVENTS,
  DEFAULT_WINDOW_SECONDS,
  MAX_EVENTS,
  type CorrelateRequest,
  type CorrelateResult,
} from "./correlate.js";
export { atLeast } from "../logs/index.js";
export { findErrors, type ErrorsResult, type Finding } from "./errors.js";
export { DEFAULT_MAX_RESULTS, MAX_RESULTS, searchCollection, type SearchRequest, type SearchResult } from "./search.js";
export { CollectionStore, storeFor } from "./store.js";
export { summarizeFindings, type SummaryResult } from "./summarize.js";
export { LogToolError, type Collection, type Execution, type LogProblem, type SourceEntry } from "./types.js";
export { directoryReader, indexDirectory, type IndexProgress } from "./sources/directory.js";
export { compileQuery, type CompiledQuery } from "./scan/regex.js";
