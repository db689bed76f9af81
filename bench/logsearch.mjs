// Log search benchmark: the built errors and search tools (dist/, after `npm run build`) over a 1 GB log
// bundle shaped like the EKS log collector's (kubelet journal, syslog, ipamd, containerd, pod logs with a
// sprinkling of IRSA errors), and in the same run `grep -E` over the same files with the same patterns.
// Prints each one's throughput (MB/s), the ratio, and the tool's peak memory (the measuring child's
// maxRSS). The bundle is generated once under .bench/ (git-ignored) and reused.
//
//   node bench/logsearch.mjs [--size-mb 1024] [--check]
// --check exits 1 when a tool runs below half of grep's throughput or peaks above 200 MB.

import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(REPO, "dist");
const QUERIES = [
  "AccessDenied.*AssumeRoleWithWebIdentity|ExpiredTokenException|InvalidIdentityToken|No OpenIDConnect provider",
  "eks.amazonaws.com/role-arn|AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE",
  "169.254.170.23|eks-pod-identity-agent|Read timeout",
];
const TARGET_RATIO = 0.5;
/** Each measurement is taken this many times (tool and grep alike); the median is reported. */
const RUNS = 3;

const median = (runs) => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
const TARGET_RSS_MB = 200;
const GENERATOR_VERSION = 2;

const { values } = parseArgs({
  options: { "size-mb": { type: "string", default: "1024" }, check: { type: "boolean" }, measure: { type: "string" } },
});

function fail(message) {
  process.stderr.write(`bench/logsearch: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- the bundle

function rng(seed) {
  let s = seed | 0;
  return (n) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const NODE = "ip-10-0-7-12.eu-west-1.compute.internal";
const PODS = [
  "shop_orders-api-7d9f8c6b5-x2k4q",
  "shop_cart-5b7c8d9e6-k3j8h",
  "shop_payments-6c8d9f7b4-p9m2z",
  "shop_inventory-8f9a0b1c2-w7q5r",
  "kube-system_coredns-5d78c9869d-2xk4p",
  "kube-system_aws-node-8hx2q",
  "kube-system_kube-proxy-7tq9d",
  "monitoring_prometheus-0",
  "kube-system_eks-pod-identity-agent-7xk2p",
  "default_batch-28391022-kq2mw",
];
const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ERRORS = [
  () =>
    "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity",
  () =>
    '{"level":"error","msg":"list carts","error":"WebIdentityErr: failed to retrieve credentials\\ncaused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9"}',
  () =>
    "Caused by: software.amazon.awssdk.services.sts.model.ExpiredTokenException: Token expired: current date/time 1732787880 must be before the expiration date/time 1732787000 (Service: Sts, Status Code: 400)",
  () => 'botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint URL: "http://169.254.170.23/v1/credentials"',
];

const journal = (t, r) => {
  const d = new Date(t);
  const hms = d.toISOString().slice(11, 19);
  const us = d.toISOString().slice(11, 23) + String(r(1000)).padStart(3, "0");
  // The agent's pod is left out here: a query for eks-pod-identity-agent should find its rare errors, not
  // every kubelet line (which would stop the search at maxResults and time nothing).
  const pod = PODS.filter((p) => !p.includes("identity"))[r(PODS.length - 1)].split("_");
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${hms} ${NODE} kubelet[2231]: I${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")} ${us}    2231 kubelet.go:${2000 + r(600)}] "SyncLoop (PLEG): event for pod" pod="${pod[0]}/${pod[1]}" event={"ID":"${r(1e9).toString(16)}","Type":"ContainerStarted"}`;
};
const FILES = [
  { name: "kubelet/kubelet.log", share: 0.15, line: journal },
  {
    name: "var_log/messages",
    share: 0.1,
    line: (t, r) =>
      `${journal(t, r).slice(0, 15)} ${NODE} containerd[1840]: time="${new Date(t).toISOString()}" level=info msg="ImageCreate event name:\\"sha256:${r(1e12).toString(16)}\\""`,
  },
  {
    name: "var_log/aws-routed-eni/ipamd.log",
    share: 0.1,
    line: (t, r) =>
      `{"level":"debug","ts":"${new Date(t).toISOString()}","caller":"ipamd/ipamd.go:${r(1500)}","msg":"IP pool stats: Total IPs/Prefixes = 87/0, AssignedIPs/CidrIPs = ${r(29)}/0, c.maxIPsPerENI = 29"}`,
  },
  {
    name: "var_log/aws-routed-eni/plugin.log",
    share: 0.05,
    line: (t, r) =>
      `{"level":"info","ts":"${new Date(t).toISOString()}","caller":"routed-eni-cni-plugin/cni.go:${r(400)}","msg":"Received CNI add request: ContainerID(${r(1e12).toString(16)}) Netns(/var/run/netns/cni-${r(1e6)}) IfName(eth0)"}`,
  },
  {
    name: "containerd/containerd-log.txt",
    share: 0.1,
    line: (t, r) =>
      `time="${new Date(t).toISOString()}" level=info msg="StartContainer for \\"${r(1e12).toString(16)}\\" returns successfully"`,
  },
  ...PODS.map((pod, i) => ({
    name: `var_log/pods/${pod}_${(0x1000 + i).toString(16)}-1111-4a5b-8c9d-0e1f2a3b4c5d/${pod.split("_")[1].replace(/-[a-z0-9]+-[a-z0-9]+$/, "")}/0.log`,
    share: 0.05,
    line: (t, r) => {
      const stamp = new Date(t).toISOString().replace("Z", "123456Z");
      if (r(20_000) === 0) return `${stamp} stderr F ${ERRORS[i % ERRORS.length]()}`;
      return r(2) === 0
        ? `${stamp} stdout F {"level":"info","ts":"${new Date(t).toISOString()}","msg":"request completed","method":"GET","path":"/api/v1/orders/${r(1e6)}","status":200,"duration_ms":${r(300)}}`
        : `${stamp} stdout F ${new Date(t).toISOString().replace("T", " ").slice(0, 23)} INFO [http-nio-8080-exec-${r(20)}] c.e.shop.Service - processed order ${r(1e7)} for customer ${r(1e5)} in ${r(90)}ms`;
    },
  })),
];

async function ensureBundle(sizeMb) {
  const dir = join(REPO, ".bench", `logsearch-bundle-v${GENERATOR_VERSION}-${sizeMb}mb`);
  const manifest = `${dir}.json`; // beside the bundle, not in it: the tool and grep read the same files
  if (existsSync(manifest)) return { dir, files: JSON.parse(readFileSync(manifest, "utf8")).files };
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`generating a ${sizeMb} MB bundle in ${dir} (once) ...\n`);
  const files = [];
  for (const [index, spec] of FILES.entries()) {
    const path = join(dir, spec.name);
    mkdirSync(dirname(path), { recursive: true });
    const out = createWriteStream(path);
    const r = rng(index + 1);
    const target = Math.round(spec.share * sizeMb * 1024 * 1024);
    let bytes = 0;
    let t = Date.UTC(2024, 10, 28, 0, 0, 0);
    while (bytes < target) {
      let chunk = "";
      for (let i = 0; i < 4000; i++) chunk += `${spec.line((t += 7), r)}\n`;
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    files.push({ name: spec.name, bytes });
  }
  writeFileSync(manifest, JSON.stringify({ generator: GENERATOR_VERSION, files }, null, 2));
  return { dir, files };
}

// ---------------------------------------------------------------- the tools (in a child, for its maxRSS)

async function measure(dir) {
  const { CollectionStore, startCollect, findErrors, searchCollection } = await import(join(DIST, "logtools/index.js"));
  const { loadRunbooks, bundledRunbooksDir } = await import(join(DIST, "runbook/index.js"));
  const runbooks = await loadRunbooks([bundledRunbooksDir()]);
  const store = new CollectionStore();
  const execution = await startCollect(store, { path: dir }, { now: () => new Date() });
  while (store.execution(execution.id).status === "running") await new Promise((r) => setTimeout(r, 5));
  const collection = store.collection(execution.key);
  const timed = async (work) => {
    const started = process.hrtime.bigint();
    const result = await work();
    return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  // errors caches its answer per collection: each run gets a fresh collection of the same bundle.
  const errorRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const s = new CollectionStore();
    const e = await startCollect(s, { path: dir }, { now: () => new Date() });
    while (s.execution(e.id).status === "running") await new Promise((r) => setTimeout(r, 5));
    const c = s.collection(e.key);
    errorRuns.push(await timed(() => findErrors(c, runbooks)));
  }
  const errors = median(errorRuns);
  const searches = [];
  for (const query of QUERIES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await timed(() => searchCollection(collection, { query, maxResults: 1000 })));
    const s = median(runs);
    searches.push({
      query,
      seconds: s.seconds,
      first: runs[0].seconds,
      bytes: s.result.scanned.bytes,
      results: s.result.results.length,
      truncated: s.result.truncated,
    });
  }
  const report = {
    errors: {
      seconds: errors.seconds,
      first: errorRuns[0].seconds,
      bytes: errors.result.scanned.bytes,
      findings: errors.result.findings.length,
      lines: errors.result.findings.reduce((n, f) => n + f.count, 0),
    },
    searches,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    eres: ereFiles(runbooks.runbooks, (await import(join(DIST, "logs/index.js"))).LOG_PATTERNS),
  };
  process.stdout.write(JSON.stringify(report));
}

/** The errors tool's patterns as POSIX EREs for grep (RE2-only syntax rewritten), case-sensitive and not. */
function ereFiles(runbooks, patterns) {
  // RE2's shorthand classes, inside a bracket expression and outside one.
  const CLASSES = { d: ["0-9", "[0-9]"], w: ["[:alnum:]_", "[[:alnum:]_]"], s: ["[:space:]", "[[:space:]]"] };
  const toEre = (re) => {
    let out = "";
    let inClass = false;
    let classBody = "";
    let classRead = 0; // characters of the class read, newlines included (a "]" first in a class is literal)
    for (let i = 0; i < re.length; i++) {
      const c = re[i];
      const next = re[i + 1];
      if (!inClass && c === "[") {
        inClass = true;
        classBody = "";
        classRead = 0;
        continue;
      }
      if (inClass && c === "]" && classRead > (classBody.startsWith("^") ? 1 : 0)) {
        // grep reads one line at a time, so a newline excluded from a class excludes nothing: a class that
        // excluded only newlines is any character.
        out += classBody === "^" ? "." : `[${classBody}]`;
        inClass = false;
        continue;
      }
      if (inClass) classRead++;
      if (c === "\n" || (c === "\\" && next === "n")) {
        if (c === "\\") i++;
        if (!inClass) out += "\\n";
        continue;
      }
      if (c === "\\" && next !== undefined && next in CLASSES) {
        const [inside, outside] = CLASSES[next];
        if (inClass) classBody += inside;
        else out += outside;
        i++;
        continue;
      }
      if (c === "\\" && next !== undefined) {
        // An escaped character stays escaped outside a class; inside one, ERE takes it literally.
        if (inClass) classBody += next === "\\" ? "\\" : next;
        else out += c + next;
        i++;
        continue;
      }
      if (inClass) classBody += c;
      else out += c;
    }
    return out
      .replace(/\(\?P<\w+>/g, "(")
      .replace(/\(\?:/g, "(")
      .replace(/([*}])\?|(?<!\\)\+\?/g, (m, q) => q ?? "+");
  };
  const exact = [...patterns.filter((p) => !p.ignoreCase).map((p) => toEre(p.regex)), ...runbooks.flatMap((r) => r.triggers)];
  const caseless = patterns.filter((p) => p.ignoreCase).map((p) => toEre(p.regex));
  return { exact, caseless };
}

// ---------------------------------------------------------------- grep, and the report

function timeGrep(args, files) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync("grep", [...args, "--", ...files], { maxBuffer: 512 * 1024 * 1024, encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0 && run.status !== 1) fail(`grep ${args.join(" ")} failed: ${run.stderr}`);
    runs.push({ seconds, lines: run.stdout.split("\n").filter((l) => l !== "").length });
  }
  return median(runs);
}

async function main() {
  if (!existsSync(join(DIST, "logtools/index.js"))) fail("dist/logtools/index.js is missing: run `npm run build` first.");
  const sizeMb = Number(values["size-mb"]);
  if (!Number.isFinite(sizeMb) || sizeMb <= 0) fail("--size-mb takes a number of megabytes, e.g. --size-mb 1024");
  const bundle = await ensureBundle(sizeMb);
  const paths = bundle.files.map((f) => join(bundle.dir, f.name));
  const total = bundle.files.reduce((n, f) => n + f.bytes, 0);
  const MB = 1024 * 1024;

  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--measure", bundle.dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  const [code] = await once(child, "exit");
  if (code !== 0) fail(`the measuring child exited with ${code}`);
  const tool = JSON.parse(out);

  const eres = join(REPO, ".bench", "logsearch-patterns");
  mkdirSync(eres, { recursive: true });
  writeFileSync(join(eres, "exact.ere"), `${tool.eres.exact.join("\n")}\n`);
  writeFileSync(join(eres, "caseless.ere"), `${tool.eres.caseless.join("\n")}\n`);
  const grepErrors = [
    timeGrep(["-E", "-n", "-f", join(eres, "exact.ere")], paths),
    timeGrep(["-E", "-i", "-n", "-f", join(eres, "caseless.ere")], paths),
  ];
  const grepErrorSeconds = grepErrors[0].seconds + grepErrors[1].seconds;

  const rows = [];
  const rate = (seconds) => total / MB / seconds;
  rows.push({
    what: "errors (all patterns + triggers)",
    tool: rate(tool.errors.seconds),
    first: rate(tool.errors.first),
    grep: rate(grepErrorSeconds),
    note: `${tool.errors.findings} findings over ${tool.errors.lines} lines; grep -E -f (exact) + grep -Ei -f (caseless): ${grepErrors[0].lines + grepErrors[1].lines} lines`,
  });
  for (const s of tool.searches) {
    const g = timeGrep(["-E", "-n", "-e", s.query], paths);
    rows.push({
      what: `search ${s.query}`,
      tool: rate(s.seconds),
      first: rate(s.first),
      grep: rate(g.seconds),
      note: `${s.results} results${s.truncated ? " (truncated: scan stopped early)" : ""}; grep: ${g.lines} lines`,
    });
  }

  const print = (line) => process.stdout.write(`${line}\n`);
  print(`bundle: ${bundle.files.length} files, ${(total / MB).toFixed(0)} MB (${bundle.dir})`);
  print(`node ${process.version}, grep locale LC_ALL=${process.env.LC_ALL ?? ""} LANG=${process.env.LANG ?? ""}`);
  print("");
  print(`median of ${RUNS} runs each; "1st" is the tool's first (cold) run`);
  print(`${"".padEnd(44)} ${"tool MB/s".padStart(10)} ${"1st".padStart(6)} ${"grep MB/s".padStart(10)} ${"ratio".padStart(7)}`);
  let ok = true;
  for (const r of rows) {
    const ratio = r.tool / r.grep;
    if (ratio < TARGET_RATIO) ok = false;
    print(
      `${r.what.slice(0, 44).padEnd(44)} ${r.tool.toFixed(0).padStart(10)} ${r.first.toFixed(0).padStart(6)} ${r.grep.toFixed(0).padStart(10)} ${ratio.toFixed(2).padStart(7)}   ${r.note}`,
    );
  }
  print("");
  print(`tool peak memory (maxRSS of the measuring process): ${tool.maxRssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB)`);
  if (tool.maxRssMb >= TARGET_RSS_MB) ok = false;
  print(ok ? `target met: every ratio >= ${TARGET_RATIO} and peak < ${TARGET_RSS_MB} MB` : "target NOT met");
  if (values.check && !ok) process.exit(1);
}

if (values.measure) await measure(values.measure);
else await main();
