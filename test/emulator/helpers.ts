// Shared by the emulator tests: the fixture snapshots and AWS SDK client settings that point the real
// clients at a running emulator with its dummy credentials.

import { fileURLToPath } from "node:url";
import type { StartedEmulator } from "../../src/emulator/index.js";

export const SHOP_SNAPSHOT = fileURLToPath(new URL("./fixtures/shop-snapshot", import.meta.url));
export const NO_K8S_SNAPSHOT = fileURLToPath(new URL("./fixtures/no-k8s-snapshot", import.meta.url));

/** Config for any AWS SDK v3 client: the emulator's endpoint and env, one attempt so errors surface at once. */
export function awsClientConfig(emulator: StartedEmulator, extra: Record<string, unknown> = {}) {
  return {
    endpoint: emulator.url,
    region: emulator.env["AWS_REGION"] ?? "us-east-1",
    credentials: {
      accessKeyId: emulator.env["AWS_ACCESS_KEY_ID"] ?? "",
      secretAccessKey: emulator.env["AWS_SECRET_ACCESS_KEY"] ?? "",
    },
    maxAttempts: 1,
    ...extra,
  };
}

/** Runs `fn`, expecting it to reject; returns the error so the test can inspect its type and fields. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await fn();
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** The JSON body of a client-node ApiException (a string or an already parsed object). */
export function apiBody(err: Record<string, unknown>): Record<string, unknown> {
  const body = err["body"];
  return typeof body === "string" ? (JSON.parse(body) as Record<string, unknown>) : (body as Record<string, unknown>);
}
