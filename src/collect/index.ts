// Live evidence collectors: the Snapshot of a running cluster and AWS account, read-only, and the
// capture that saves it as an offline snapshot folder. Heavy (client-node, the AWS SDK, loaded when a
// collection starts): import this module dynamically, never from a module the MCP server loads at start.

export { collectLive, collectLiveSnapshot } from "./live.js";
export { captureLiveSnapshot } from "../snapshot/write/index.js";
export { CollectError, type LiveTarget } from "./types.js";
