// Build step (npm run build, after tsc): writes dist/mcp/startup-manifest.json for the stdio fast path.
// Run as a script; prints what it wrote on stderr.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildStartupManifest } from "./manifest-build.js";
import { MANIFEST_URL } from "./manifest.js";

const manifest = buildStartupManifest();
writeFileSync(MANIFEST_URL, JSON.stringify(manifest, null, 2) + "\n");
process.stderr.write(`wrote ${fileURLToPath(MANIFEST_URL)} (${manifest.tools.length} tools)\n`);
