// Answers the first requests of a stdio session from the startup manifest while the SDK is still unloaded:
// initialize (with the SDK's own version negotiation), notifications/initialized, tools/list (first page) and
// ping. Everything else is queued for the real server. initialize and initialized are replayed to the server
// afterwards so it knows the client; its answer is compared with ours (line-transport.ts).

import type { FrontDecision } from "./line-transport.js";
import type { StartupManifest } from "./manifest.js";

type Message = Record<string, unknown>;

export function createFastFront(manifest: StartupManifest): (message: Message) => FrontDecision {
  return (message) => {
    const id = message["id"];
    const params = (message["params"] ?? {}) as Record<string, unknown>;
    const hasId = typeof id === "string" || typeof id === "number";
    switch (message["method"]) {
      case "initialize": {
        const requested = params["protocolVersion"];
        if (!hasId || typeof requested !== "string") return { kind: "queue" };
        const { supported, latest } = manifest.protocolVersions;
        const result = {
          protocolVersion: supported.includes(requested) ? requested : latest,
          capabilities: manifest.capabilities,
          serverInfo: manifest.serverInfo,
          instructions: manifest.instructions,
        };
        return { kind: "answered-replay", response: { jsonrpc: "2.0", id, result } };
      }
      case "notifications/initialized":
        return hasId ? { kind: "queue" } : { kind: "answered-replay", response: null };
      case "tools/list":
        // A cursor means a later page; the SDK answers that (with an error, as there is only one page).
        if (!hasId || params["cursor"] !== undefined) return { kind: "queue" };
        return { kind: "answered", response: { jsonrpc: "2.0", id, result: { tools: manifest.tools } } };
      case "ping":
        return hasId ? { kind: "answered", response: { jsonrpc: "2.0", id, result: {} } } : { kind: "queue" };
      default:
        return { kind: "queue" };
    }
  };
}
