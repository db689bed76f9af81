// Loaded with `node --import` by the stdio tests: records the URL of every module the process loads into the
// file named by RECORD_IMPORTS_FILE, so a test can see what the server had loaded when it answered.
import { register } from "node:module";

register("./record-imports-hooks.mjs", import.meta.url, { data: { file: process.env.RECORD_IMPORTS_FILE } });
