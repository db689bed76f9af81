// Runs the real third-party clients (kubectl, the AWS CLI) against an emulator, with an environment that
// holds nothing of the operator's: a private HOME (no ~/.kube, no ~/.aws), the emulator's kubeconfig and
// dummy keys. A client that is not installed fails the test with the command to install it: nothing is
// skipped silently (.ci/run installs both).

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StartedEmulator } from "../../src/emulator/index.js";

/** Each client run is a process start (the AWS CLI takes a second or two): a test runs several, on 2 busy cores. */
export const CLIENT_TIMEOUT_MS = 120_000;

export interface ClientRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Debian package of each client. */
const PACKAGES: Record<string, string> = { kubectl: "kubernetes-client", aws: "awscli" };

/** Resolves with the client's path; rejects with how to install it. */
export function requireClient(name: "kubectl" | "aws", path = process.env["PATH"] ?? ""): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("/bin/sh", ["-c", `command -v ${name}`], { env: { PATH: path } }, (err, stdout) => {
      if (err || stdout.trim() === "") {
        reject(
          new Error(
            `${name} is not installed: this test runs the real client against the emulator — install it with \`apt-get install -y ${PACKAGES[name]}\` (.ci/run does)`,
          ),
        );
      } else resolve(stdout.trim());
    });
  });
}

const home = mkdtempSync(join(tmpdir(), "irsa-doctor-real-clients-home-"));
process.on("exit", () => rmSync(home, { recursive: true, force: true }));

/** The environment a client gets: PATH, a private HOME, the emulator's variables and `extra`. */
export function clientEnv(e: StartedEmulator, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    ...e.env,
    ...extra,
  };
}

/** Runs `cmd args` to its end (60 s at most) and gives its exit code and output. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<ClientRun> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
