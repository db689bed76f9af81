#!/usr/bin/env node
// The irsa-doctor executable (package bin). Wiring only: real process I/O in, exit code out; everything else
// is in run.ts so tests can run the CLI in-process. The compile cache is switched on before anything else
// loads (hence the dynamic imports below): it only covers modules compiled after it.

import { enableCompileCache } from "./compile-cache.js";

enableCompileCache(process.env);
const [{ processIo }, { tellAboutNodeLine }, { runCli }] = await Promise.all([import("./io.js"), import("./node-line.js"), import("./run.js")]);
const argv = process.argv.slice(2);
tellAboutNodeLine(process.versions.node, argv, process.env, (line) => void process.stderr.write(`${line}\n`));
const code = await runCli(argv, processIo());
// serve returns 0 at once and keeps running; a later failure sets exitCode itself, so do not overwrite it.
if (process.exitCode === undefined || code !== 0) process.exitCode = code;
