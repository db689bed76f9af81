// Build step after tsc: parses the shipped runbooks (runbooks/*.md) once, with the same parser a start
// would use, into dist/runbook/preparsed.json. The loader (src/runbook/load.ts) takes a runbook from there
// when a file's text is exactly the text parsed here, and parses anything else itself; a runbook that does
// not parse fails the build here rather than at a user's first start.

import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseRunbook } from "../dist/runbook/parse.js";
import { PREPARSED_RUNBOOKS_URL } from "../dist/runbook/load.js";

const dir = fileURLToPath(new URL("../runbooks/", import.meta.url));
const runbooks = [];
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith(".md"))
  .sort()) {
  const result = parseRunbook(readFileSync(dir + name, "utf8"), `runbooks/${name}`);
  if ("errors" in result) {
    process.stderr.write(result.errors.map((e) => `runbooks/${name}:${e.line ?? ""}: ${e.message}\n`).join(""));
    process.exit(1);
  }
  runbooks.push(result.runbook);
}
writeFileSync(PREPARSED_RUNBOOKS_URL, `${JSON.stringify({ runbooks })}\n`);
