// Spawns the built CLI (dist/cli/main.cjs, the package bin) and talks raw newline-delimited JSON-RPC to it, for tests that must
// see the exact bytes on the wire or time/inspect the process.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { BUILT_MAIN, REPO_ROOT } from "./harness.js";

export interface RawReply {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  params?: Record<string, unknown>;
}

export interface RawSession {
  child: ChildProcessWithoutNullStreams;
  /** Sends a request and resolves with the reply carrying its id. */
  request(id: number, method: string, params?: Record<string, unknown>): Promise<RawReply>;
  notify(method: string, params?: Record<string, unknown>): void;
  writeLine(line: string): void;
  /** Every message received so far, notifications included. */
  received: RawReply[];
  stderr(): string;
  close(): Promise<number | null>;
}

export function spawnServer(args: string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): RawSession {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BUILT_MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
  });
  const received: RawReply[] = [];
  const waiting = new Map<number | string, (reply: RawReply) => void>();
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    let newline: number;
    while ((newline = stdout.indexOf("\n")) !== -1) {
      const reply = JSON.parse(stdout.slice(0, newline)) as RawReply;
      stdout = stdout.slice(newline + 1);
      received.push(reply);
      if (reply.id !== undefined && (reply.result || reply.error)) waiting.get(reply.id)?.(reply);
    }
  });
  const writeLine = (line: string) => child.stdin.write(line + "\n");
  return {
    child,
    received,
    writeLine,
    request(id, method, params) {
      const reply = new Promise<RawReply>((resolve, reject) => {
        waiting.set(id, resolve);
        child.once("exit", (code) => reject(new Error(`server exited (${code}) before answering ${method}:\n${stderr}`)));
      });
      writeLine(JSON.stringify({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) }));
      return reply;
    },
    notify(method, params) {
      writeLine(JSON.stringify({ jsonrpc: "2.0", method, ...(params ? { params } : {}) }));
    },
    stderr: () => stderr,
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.stdin.end();
      });
    },
  };
}

export const INITIALIZE_PARAMS = {
  protocolVersion: "2025-06-18",
  capabilities: {},
  clientInfo: { name: "irsa-doctor-tests", version: "0.0.0" },
};
