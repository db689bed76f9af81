// The log tools' engine: collect a node's, a pod's or a bundle's logs into an index, then errors, search,
// correlate and summarize over it, streaming the sources again each time. The MCP tool definitions
// (src/mcp/tools/collect.ts, errors.ts, search.ts, ...) load this module inside run().

export { startCollect, type CollectRequest } from "./collect.js";
export { correlateCollection } from "./correlate.js";
/** @public The correlate tool reads it through this module's namespace (withLogTools), which knip cannot follow. */
export { DEFAULT_WINDOW_SECONDS } from "./correlate.js";
export { atLeast } from "../logs/index.js";
export { findErrors } from "./errors.js";
export { searchCollection } from "./search.js";
export { CollectionStore, storeFor } from "./store.js";
export { summarizeFindings } from "./summarize.js";
export { LogToolError, type Collection, type Execution, type LogProblem } from "./types.js";
