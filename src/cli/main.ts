#!/usr/bin/env node
// The irsa-doctor executable (package bin). Wiring only: real process I/O in, exit code out; everything else
// is in run.ts so tests can run the CLI in-process.

import { processIo } from "./io.js";
import { runCli } from "./run.js";

const code = await runCli(process.argv.slice(2), processIo());
// serve returns 0 at once and keeps running; a later failure sets exitCode itself, so do not overwrite it.
if (process.exitCode === undefined || code !== 0) process.exitCode = code;
