#!/usr/bin/env node
// The irsa-doctor executable (package bin). Wiring only: real process I/O in, exit code out; everything else
// is in run.ts so tests can run the CLI in-process. The compile cache is switched on before anything else
// loads (hence the dynamic imports below): it only covers modules compiled after it. Built, this is an esbuild
// bundle in CommonJS (scripts/bundle-cli.mjs: no top-level await here); with IRSA_DOCTOR_DEBUG=1 the stack of
// a bug is printed, so its source maps are read too (only then: reading them costs start time), and the stack
// names the sources' files and lines.

import { enableCompileCache } from "./compile-cache.js";

if (process.env["IRSA_DOCTOR_DEBUG"] === "1") process.setSourceMapsEnabled(true);
enableCompileCache(process.env);
void main();

async function main(): Promise<void> {
  const [{ processIo }, { tellAboutNodeLine }, { runCli }] = await Promise.all([
    import("./io.js"),
    import("./node-line.js"),
    import("./run.js"),
  ]);
  const argv = process.argv.slice(2);
  tellAboutNodeLine(process.versions.node, argv, process.env, (line) => void process.stderr.write(`${line}\n`));
  const code = await runCli(argv, processIo());
  // serve returns 0 at once and keeps running; a later failure sets exitCode itself, so do not overwrite it.
  if (process.exitCode === undefined || code !== 0) process.exitCode = code;
}
