// Start-up benchmark: time from spawning the built server to its tools/list answer (initialize, initialized,
// tools/list over stdio), next to a bare `node -e ''` in the same run, median of N runs each, interleaved so
// machine noise hits both alike. Also times the server with the fast path off (IRSA_DOCTOR_FAST_START=0),
// to show what the startup manifest saves, and with the compile cache off (IRSA_DOCTOR_COMPILE_CACHE=0), to
// show what the cache saves on Node 22+ (the cached runs use a cache folder of their own, warmed first).
// The load average is printed with the figures: on a shared machine compare ratios taken at like load.
//
//   node bench/startup.mjs [--runs N] [--check] [--before PATH]     (npm run bench:startup builds first)
// --before PATH adds another build's dist/cli/main.js (e.g. main's, built into a scratch folder) to the runs,
// interleaved, so a change is judged by two ratios taken at the same load.
// --check exits 1 when the fast server takes more than 1.3x the bare start (issue 15's target, on Node 22).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const TARGET_RATIO = 1.3;
// The package bin (dist/cli/main.js runs the same front through a one-line ESM module).
const main = fileURLToPath(new URL("../dist/cli/main.cjs", import.meta.url));
const { values } = parseArgs({
  options: { runs: { type: "string", default: "15" }, check: { type: "boolean" }, before: { type: "string" } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) fail("--runs takes a whole number of runs, e.g. --runs 15");
if (!existsSync(main)) fail(`${main} is missing: run \`npm run build\` first (or \`npm run bench:startup\`).`);
if (values.before !== undefined && !existsSync(values.before))
  fail(`--before ${values.before}: no such file (give another build's dist/cli/main.js)`);

function fail(message) {
  process.stderr.write(`bench/startup: ${message}\n`);
  process.exit(2);
}

function timeBare() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
  });
}

function timeServer(env, entry = main) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [entry, "serve"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stderr = "";
    let buffered = "";
    const send = (message) => child.stdin.write(JSON.stringify(message) + "\n");
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before answering tools/list:\n${stderr}`)));
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf("\n")) !== -1) {
        const message = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (message.id === 1) {
          send({ jsonrpc: "2.0", method: "notifications/initialized" });
          send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
        } else if (message.id === 2) {
          const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
          if (!Array.isArray(message.result?.tools)) return reject(new Error(`bad tools/list answer: ${JSON.stringify(message)}`));
          child.removeAllListeners("exit");
          child.on("exit", () => resolve(elapsed));
          child.kill();
        }
      }
    });
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
    });
  });
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const loadBefore = load();
const cache = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "irsa-doctor-bench-cache-")) };
const samples = { bare: [], fast: [], full: [], uncached: [], before: [] };
await timeBare(); // warm the file cache so the first sample is not an outlier
await timeServer(cache);
if (values.before) await timeServer(cache, values.before);
await timeServer({ ...cache, IRSA_DOCTOR_FAST_START: "0" });
for (let i = 0; i < runs; i++) {
  samples.bare.push(await timeBare());
  samples.fast.push(await timeServer(cache));
  samples.full.push(await timeServer({ ...cache, IRSA_DOCTOR_FAST_START: "0" }));
  samples.uncached.push(await timeServer({ IRSA_DOCTOR_COMPILE_CACHE: "0" }));
  if (values.before) samples.before.push(await timeServer(cache, values.before));
}
rmSync(cache.XDG_CACHE_HOME, { recursive: true, force: true });
const bare = median(samples.bare);
const fast = median(samples.fast);
const full = median(samples.full);
const uncached = median(samples.uncached);
const ratio = fast / bare;
const line = (label, ms) => `${label.padEnd(44)}${ms.toFixed(1).padStart(8)} ms  ${(ms / bare).toFixed(2)}x`;
process.stdout.write(
  [
    `startup, median of ${runs} runs (node ${process.version}, ${process.platform}/${process.arch})`,
    line("bare `node -e ''`", bare),
    line("irsa-doctor serve -> tools/list answer", fast),
    line("  same, fast path off (full SDK start)", full),
    line("  fast path, compile cache off", uncached),
    ...(values.before ? [line(`  --before ${values.before}`, median(samples.before))] : []),
    `target: <= ${TARGET_RATIO}x bare -> ${ratio <= TARGET_RATIO ? "met" : "NOT met"} (${ratio.toFixed(2)}x)`,
    `load average ${loadBefore} before, ${load()} after`,
    "",
  ].join("\n"),
);
if (values.check && ratio > TARGET_RATIO) process.exitCode = 1;
