// Fleet-audit benchmark: generates clusters of 2,000 and 10,000 service accounts (bench/fleet.mjs: healthy
// and broken bindings of each kind it knows, unbound service accounts, one node without the Pod Identity
// agent), serves each with the emulator in a process of its own at 50 ms a response, and runs a live
// `audit` in a fresh process. Prints wall time (collection and judging), requests, dependent rounds, peak
// memory (max RSS of the auditing process), the auditing process's own CPU time (on a shared machine wall time
// mostly measures the load), the 1-minute load average after each run, and whether the verdicts equal the offline
// audit of the same bundle. That offline audit runs in a fresh process too, its load and judge times and peak
// memory printed below: its service accounts and pods are one indented `kubectl get sa,pods -A -o json` (100 MB at
// 10,000, over the cap on a file read whole, so read item by item). Figures only: the targets (2,000 in 5 s,
// 10,000 in 15 s, < 300 MB) are printed next to them.
//
//   npm run build && node bench/audit.mjs [--sizes 2000,10000] [--latency 50]

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulatorProcess } from "./emulator-process.mjs";
import { generateFleet } from "./fleet.mjs";

const dist = (p) => fileURLToPath(new URL(`../dist/${p}`, import.meta.url));
const TARGET_S = { 2000: 5, 10000: 15 };

const verdictLines = (result) =>
  result.bindings.map((b) => `${b.namespace}/${b.service_account} ${b.mechanism} ${b.cause_id} ${b.confidence}`);

/** Child mode `--offline DIR`: the offline audit of the bundle; prints its figures and verdicts. */
async function offlineChild(dir) {
  const { loadFleetDir } = await import(dist("audit/offline.js"));
  const { runAudit } = await import(dist("audit/run.js"));
  const t0 = performance.now();
  const fleet = await loadFleetDir(dir);
  const t1 = performance.now();
  const result = runAudit(fleet);
  const t2 = performance.now();
  const out = {
    loadMs: t1 - t0,
    judgeMs: t2 - t1,
    problems: fleet.problems.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    verdicts: verdictLines(result),
  };
  process.stdout.write(JSON.stringify(out));
}

/** Child mode: a live audit against the emulator in the environment; prints its figures and verdicts. */
async function child() {
  const t0 = performance.now();
  const { collectFleetLive } = await import(dist("audit/live/index.js"));
  const { runAudit } = await import(dist("audit/run.js"));
  const t1 = performance.now();
  const live = await collectFleetLive({ cluster: "prod-eu" });
  const t2 = performance.now();
  const result = runAudit(live.fleet);
  const t3 = performance.now();
  const cpu = process.cpuUsage();
  const out = {
    importMs: t1 - t0,
    collectMs: t2 - t1,
    judgeMs: t3 - t2,
    cpuS: (cpu.user + cpu.system) / 1e6,
    calls: live.calls.length,
    rounds: live.rounds,
    bindings: result.summary.bindings,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    verdicts: verdictLines(result),
  };
  process.stdout.write(JSON.stringify(out));
}

function runChild(env, args = ["--child"]) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}`))));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "2000,10000" },
      latency: { type: "string", default: "50" },
      child: { type: "boolean" },
      offline: { type: "string" },
    },
  });
  if (values.child) return child();
  if (values.offline) return offlineChild(values.offline);
  for (const f of ["audit/live/index.js", "audit/offline.js", "cli/main.js"]) {
    if (!existsSync(dist(f))) {
      process.stderr.write(`bench/audit: dist/${f} is missing: run \`npm run build\` first\n`);
      process.exit(2);
    }
  }
  const latency = Number(values.latency);
  console.log(`fleet audit, emulator at ${latency} ms a response (its own process), audit in a fresh process`);
  console.log(
    `machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} (wall time grows with the load; the audit's own CPU time does not)`,
  );
  console.log("SAs     bindings  wall s  (import  collect  judge)  cpu s  requests  rounds  peak MB  target  verdicts = offline  load");
  for (const size of values.sizes.split(",").map(Number)) {
    const dir = await mkdtemp(join(tmpdir(), `irsa-doctor-bench-audit-${size}-`));
    try {
      // As a platform team would capture it: one `kubectl get sa,pods -A -o json`, which the loader reads item by item.
      const gen = await generateFleet(dir, size, { oneFile: true });
      const listMb = (await stat(join(dir, "k8s/sa-pods.json"))).size / 2 ** 20;
      const off = await runChild({}, ["--offline", dir]);
      const offline = off.verdicts;
      const emu = await startEmulatorProcess(dir, latency, "inherit");
      let r;
      try {
        r = await runChild({ ...emu.env, AWS_PROFILE: "", AWS_NODEJS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "true" });
        const record = await (await fetch(`${emu.env.AWS_ENDPOINT_URL}/_emulator/requests`)).json();
        r.served = record.length;
        r.writes = record.filter((q) => q.method !== "GET" && !/^(Get|List|Describe)/.test(q.action)).length;
      } finally {
        await emu.close();
      }
      const wall = (r.collectMs + r.judgeMs) / 1000;
      const same = JSON.stringify(r.verdicts) === JSON.stringify(offline);
      console.log(
        `${String(size).padEnd(7)} ${String(r.bindings).padEnd(9)} ${wall.toFixed(2).padEnd(7)} (${(r.importMs / 1000).toFixed(2)}    ${(r.collectMs / 1000).toFixed(2)}     ${(r.judgeMs / 1000).toFixed(2)})  ${r.cpuS.toFixed(2).padEnd(6)} ${String(r.served).padEnd(9)} ${String(r.rounds).padEnd(7)} ${r.maxRssMb.toFixed(0).padEnd(8)} ${TARGET_S[size] ? `<= ${TARGET_S[size]} s` : "-".padEnd(6)}  ${same ? "yes" : "NO"}${r.writes ? `  (${r.writes} non-read requests!)` : ""}  [${gen.associations} associations, ${gen.roles} roles]  ${os.loadavg()[0].toFixed(1)}`,
      );
      console.log(
        `        offline, one kubectl List of ${listMb.toFixed(0)} MB: load ${(off.loadMs / 1000).toFixed(2)} s, judge ${(off.judgeMs / 1000).toFixed(2)} s, peak ${off.maxRssMb.toFixed(0)} MB, ${off.problems} problems`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

await main();
