// Module hooks for record-imports.mjs (they run on the loader thread): append each loaded URL to the file,
// and after a bundled file (the built CLI is esbuild chunks) the modules it holds, from its source map, each
// on a line of its own indented by two spaces (a loaded file's line is not indented).
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

let file;

export function initialize(data) {
  file = data.file;
}

function bundled(url) {
  if (!url.startsWith("file:")) return [];
  const map = `${fileURLToPath(url)}.map`;
  if (!existsSync(map)) return [];
  return (JSON.parse(readFileSync(map, "utf8")).sources ?? []).map((source) => new URL(source, url).href);
}

export async function load(url, context, nextLoad) {
  if (file) appendFileSync(file, [url, ...bundled(url).map((u) => `  ${u}`)].map((u) => u + "\n").join(""));
  return nextLoad(url, context);
}
