// startEmulator: loads a snapshot, serves it on 127.0.0.1, writes a kubeconfig for it, and hands back
// what a client needs (URL, kubeconfig, environment) plus the request record and close().

import type { AddressInfo } from "node:net";
import { writeKubeconfig } from "./kubeconfig.js";
import { createEmulatorServer } from "./server.js";
import { loadEmulatorState } from "./state.js";
import type { EmulatorHandle, EmulatorOptions } from "./types.js";
import type { SnapshotProblem } from "../snapshot/types.js";

/** Dummy AWS credentials: the emulator does not check signatures, and these must never pass for real ones. */
export const FAKE_ACCESS_KEY_ID = "IRSADOCTOREMULATORFAKEKEY";
export const FAKE_SECRET_ACCESS_KEY = "irsa-doctor-emulator-fake-secret-not-a-credential";

export interface StartedEmulator extends EmulatorHandle {
  /** What the snapshot layer could not use (files it skipped), for the operator to see. */
  problems: SnapshotProblem[];
}

function checkOptions(opts: EmulatorOptions): void {
  const intIn = (v: number | undefined, min: number, max: number) => v === undefined || (Number.isInteger(v) && v >= min && v <= max);
  if (!intIn(opts.port, 0, 65535))
    throw new Error(`port must be an integer from 0 to 65535 (0 picks a free one), got ${String(opts.port)}`);
  if (!intIn(opts.pageSize, 1, 1_000_000)) throw new Error(`pageSize must be a positive integer, got ${String(opts.pageSize)}`);
  if (!intIn(opts.latencyMs, 0, 600_000))
    throw new Error(`latencyMs must be an integer number of milliseconds from 0 to 600000, got ${String(opts.latencyMs)}`);
}

export async function startEmulator(opts: EmulatorOptions): Promise<StartedEmulator> {
  checkOptions(opts);
  const state = await loadEmulatorState(opts.snapshotDir, opts.pageSize);
  const serverOpts: Parameters<typeof createEmulatorServer>[1] = { faults: opts.faults ?? [] };
  if (opts.latencyMs !== undefined) serverOpts.latencyMs = opts.latencyMs;
  const { server, records } = createEmulatorServer(state, serverOpts);
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === "EADDRINUSE"
            ? `port ${opts.port} on 127.0.0.1 is already in use — pick another with --port, or 0 for a free one`
            : `cannot listen on 127.0.0.1: ${err.message}`,
        ),
      );
    };
    server.once("error", onError);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let kubeconfig;
  try {
    kubeconfig = await writeKubeconfig(url, state.target.namespace || "default");
  } catch (err) {
    server.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // hanging (timeout-fault) and keep-alive connections too
      await closed;
      await kubeconfig.remove();
    })();
    return closing;
  };
  return {
    url,
    kubeconfigPath: kubeconfig.path,
    env: {
      KUBECONFIG: kubeconfig.path,
      AWS_ENDPOINT_URL: url,
      AWS_REGION: state.region,
      // AWS CLI v1 (and boto3) read only this one.
      AWS_DEFAULT_REGION: state.region,
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
    },
    requests: () => records.map((r) => ({ ...r })),
    close,
    problems: state.problems,
  };
}
