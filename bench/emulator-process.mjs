// Shared by the benchmarks: `irsa-doctor emulate` in a process of its own (as a real API server is, so its
// work is not timed with the client's); resolves with its `export NAME=value` lines as env.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../dist/cli/main.cjs", import.meta.url));
const NEEDED = ["KUBECONFIG", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

/** `stderr`: "inherit" to see the emulator's messages, "ignore" to keep the bench's output clean. */
export function startEmulatorProcess(dir, latencyMs, stderr = "ignore") {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [MAIN, "emulate", "--snapshot", dir, "--latency", String(latencyMs)], {
      stdio: ["ignore", "pipe", stderr],
    });
    let out = "";
    p.on("error", reject);
    p.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before it printed its settings`)));
    p.stdout.on("data", (d) => {
      out += d;
      const env = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      if (!NEEDED.every((k) => k in env)) return;
      p.removeAllListeners("exit");
      resolve({ env, close: () => new Promise((done) => (p.once("exit", done), p.kill("SIGTERM"))) });
    });
  });
}
