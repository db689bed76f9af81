// Shared by the live-collector tests: the scenario folders, an emulator per test with the process
// environment pointed at it (as an operator's shell would be), and the comparisons of live and offline
// evidence that ignore only what the emulator itself adds.

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StartedEmulator, startEmulator } from "../../src/emulator/index.js";
import type { EmulatorOptions } from "../../src/emulator/types.js";
import type { LiveTarget } from "../../src/collect/index.js";
import type { Evidence } from "../../src/snapshot/evidence.js";
import type { Target } from "../../src/snapshot/types.js";

export const SCENARIOS = fileURLToPath(new URL("../../fixtures/scenarios", import.meta.url));

/** Every scenario folder (new ones are picked up as they land). */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(SCENARIOS, d.name, "target.yaml")))
    .map((d) => d.name)
    .sort();
}

export const scenarioDir = (name: string) => join(SCENARIOS, name);

const AWS_ENV = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ENDPOINT_URL",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "KUBECONFIG",
];

/**
 * Starts an emulator over `dir` and runs `fn` with the process environment set from the emulator's
 * (KUBECONFIG, AWS_ENDPOINT_URL, AWS_REGION, dummy keys) and nothing else of AWS's, then restores it.
 */
export async function withEmulator<T>(
  dir: string,
  opts: Omit<EmulatorOptions, "snapshotDir">,
  fn: (e: StartedEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ snapshotDir: dir, ...opts });
  const saved = Object.fromEntries(AWS_ENV.map((k) => [k, process.env[k]]));
  for (const k of AWS_ENV) delete process.env[k];
  Object.assign(process.env, emulator.env);
  try {
    return await fn(emulator);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await emulator.close();
  }
}

/** The live target that asks for what an offline target.yaml asks for. */
export function liveTargetOf(t: Target): LiveTarget {
  return { namespace: t.namespace, pod: t.pod, serviceAccount: t.serviceAccount, instanceId: t.instanceId, incidentTime: t.incidentTime };
}

/** The emulator stamps resourceVersion "1" on objects that had none; offline they have none. */
export function withoutServedResourceVersion(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutServedResourceVersion);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (typeof o["metadata"] === "object" && o["metadata"] !== null && typeof o["kind"] === "string") {
    const { resourceVersion: _rv, ...metadata } = o["metadata"] as Record<string, unknown>;
    return { ...o, metadata };
  }
  return o;
}

/** The state of a piece of evidence without where it came from: what the checks compare on. */
export function stateOf(e: Evidence<unknown> | undefined): { status: string; reason?: string; value?: unknown } {
  if (!e) return { status: "missing" };
  if (e.status === "found") return { status: "found", value: withoutServedResourceVersion(e.value) };
  if (e.status === "absent") return { status: "absent" };
  return { status: "unavailable", reason: e.reason };
}
