// The startup manifest: the server's initialize answer parts and its tools/list answer, written as JSON at
// build time (write-manifest.ts) so the stdio server can answer the first requests before loading the SDK and
// zod (~200 ms). Reading it costs one small file read; a missing or unreadable manifest just turns the fast
// path off.

import { readFileSync } from "node:fs";
import type { Implementation, ServerCapabilities, Tool } from "../sdk.js";

export interface StartupManifest {
  serverInfo: Implementation;
  capabilities: ServerCapabilities;
  instructions: string;
  protocolVersions: { latest: string; supported: string[] };
  tools: Tool[];
}

/** Next to the built mcp/ folder: dist/mcp/startup-manifest.json. */
export const MANIFEST_URL = new URL("../startup-manifest.json", import.meta.url);

export function readStartupManifest(url: URL = MANIFEST_URL): StartupManifest | null {
  try {
    const manifest = JSON.parse(readFileSync(url, "utf8")) as StartupManifest;
    return Array.isArray(manifest.tools) && typeof manifest.protocolVersions?.latest === "string" ? manifest : null;
  } catch {
    return null;
  }
}
