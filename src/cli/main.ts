#!/usr/bin/env node
// The irsa-doctor executable (package bin). Wiring only: real process I/O in, exit code out; everything else
// is in run.ts so tests can run the CLI in-process.

import { processIo } from "./io.js";
import { runCli } from "./run.js";

// The AWS SDK warns on every run under Node 20 that its releases after January 2027 will need Node 22.
// The SDK here is a pinned, bundled version, so that notice is for this project's maintainers, not for
// the operator reading a diagnosis; AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false brings it back.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

const code = await runCli(process.argv.slice(2), processIo());
// serve returns 0 at once and keeps running; a later failure sets exitCode itself, so do not overwrite it.
if (process.exitCode === undefined || code !== 0) process.exitCode = code;
