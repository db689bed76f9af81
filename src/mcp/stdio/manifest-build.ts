// Builds the startup manifest from the same sources the live server uses (server-info.ts, the tool registry,
// the SDK's protocol versions), so the fast path's answers and the server's cannot disagree after a build.
// It holds every tool; the fast front lists those of the toolsets the server was started with.

import { PROTOCOL_VERSIONS } from "../sdk.js";
import { SERVER_CAPABILITIES, SERVER_INFO, SERVER_INSTRUCTIONS } from "../server-info.js";
import { toolListing } from "../tool-adapter.js";
import { allTools } from "../tools/index.js";
import type { StartupManifest } from "./manifest.js";

export function buildStartupManifest(): StartupManifest {
  return {
    serverInfo: SERVER_INFO,
    capabilities: SERVER_CAPABILITIES,
    instructions: SERVER_INSTRUCTIONS,
    protocolVersions: { latest: PROTOCOL_VERSIONS.latest, supported: [...PROTOCOL_VERSIONS.supported] },
    tools: toolListing(allTools),
  };
}
