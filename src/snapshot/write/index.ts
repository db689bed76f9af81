// Capture: writes a Snapshot's raw outputs as an offline snapshot folder, the format the loader and the
// emulator read (fixtures/scenarios/README.md): target.yaml, k8s/<resources>.yaml, aws/<service>-<command>
// [-<subject>].json and <command>-<subject>.error.txt, logs/pods/<ns>/<pod>/<container>.log. Secrets never
// reach the disk: no Secret objects, credential-looking values masked, log lines redacted.

import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { stringify } from "yaml";
import type { K8sObject, Snapshot } from "../types.js";
import { countRedactions, redactText } from "../../redact/index.js";
import { scrubLogText, scrubObject } from "./redact.js";
import type { CapturedOutputs } from "./types.js";
import type { CollectOptions, LiveTarget } from "../../collect/types.js";
import { compareText } from "../../util/compare.js";

export type { CapturedOutputs } from "./types.js";

/** The folder cannot be written as asked (exists and is not empty, no cluster or region to record). */
export class CaptureError extends Error {
  override readonly name = "CaptureError";
}

const LISTS: Record<string, { plural: string; apiVersion: string }> = {
  Pod: { plural: "pods", apiVersion: "v1" },
  ServiceAccount: { plural: "serviceaccounts", apiVersion: "v1" },
  Event: { plural: "events", apiVersion: "v1" },
  Node: { plural: "nodes", apiVersion: "v1" },
  Namespace: { plural: "namespaces", apiVersion: "v1" },
  DaemonSet: { plural: "daemonsets", apiVersion: "apps/v1" },
  Deployment: { plural: "deployments", apiVersion: "apps/v1" },
  ReplicaSet: { plural: "replicasets", apiVersion: "apps/v1" },
  Service: { plural: "services", apiVersion: "v1" },
  // Only the ConfigMaps the pod takes AWS_* variables from, reduced to those keys (src/snapshot/configmap-env.ts).
  ConfigMap: { plural: "configmaps", apiVersion: "v1" },
  MutatingWebhookConfiguration: { plural: "mutatingwebhookconfigurations", apiVersion: "admissionregistration.k8s.io/v1" },
};

async function assertEmpty(dir: string): Promise<void> {
  try {
    const entries = await readdir(dir);
    if (entries.length > 0) throw new CaptureError(`${dir} exists and is not empty — pass a new folder for the snapshot`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    if (err instanceof CaptureError) throw err;
    throw new CaptureError(`${dir} cannot be used for the snapshot: ${(err as Error).message}`);
  }
}

/** Writes one file of the bundle; every byte passes the redaction choke point. Returns the secrets it withholds. */
async function put(dir: string, rel: string, text: string): Promise<number> {
  const path = resolve(dir, ...rel.split("/"));
  const inside = relative(resolve(dir), path);
  if (inside.startsWith("..") || isAbsolute(inside)) throw new CaptureError(`refusing to write outside the snapshot folder: ${rel}`);
  await mkdir(dirname(path), { recursive: true });
  const safe = redactText(text);
  await writeFile(path, safe, { mode: 0o600 });
  return countRedactions(safe);
}

/** target.yaml as the loader reads it; only the keys that have a value. */
function targetYaml(s: Snapshot): string {
  const t = s.target;
  if (!t.cluster || !t.region) {
    throw new CaptureError(
      `the snapshot needs ${!t.cluster ? "the EKS cluster name (pass --cluster)" : "the AWS region (pass --region)"}: target.yaml cannot be written without it`,
    );
  }
  const keys = ["cluster", "region", "account", "namespace", "pod", "serviceAccount", "instanceId", "incidentTime", "capturedAt"] as const;
  const data = Object.fromEntries(keys.flatMap((k) => (t[k] === null || t[k] === undefined ? [] : [[k, t[k]]])));
  return `# Captured live by irsa-doctor (read-only). See fixtures/scenarios/README.md for the format.\n${stringify(data)}`;
}

/** One file per kind: a typed list when every read of the kind answered, so "looked for, none" survives. */
function k8sFiles(captured: CapturedOutputs): { rel: string; text: string }[] {
  const byKind = new Map<string, K8sObject[]>();
  for (const o of captured.k8sObjects) {
    if (o.kind === "Secret" || !LISTS[o.kind]) continue;
    byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), scrubObject(o)]);
  }
  for (const kind of captured.k8sCompleteKinds) if (LISTS[kind] && !byKind.has(kind)) byKind.set(kind, []);
  const typed = (kind: string) => captured.k8sCompleteKinds.includes(kind);
  const write = (rel: string, doc: unknown) => ({
    rel,
    // Every string double-quoted: the redaction pass over the written text turns a secret into [REDACTED], and
    // as a plain scalar (`value: [REDACTED]`) YAML would read it back as a list, which the loader refuses.
    text: stringify(doc, { lineWidth: 0, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" }),
  });
  // A kind with a refused read is a plain List, which proves nothing when empty: the namespaces its lists did
  // answer in, and found nothing, are kept as kubectl would print them (list-file-kind.ts reads the name).
  const emptyThere = (captured.k8sListedIn ?? []).filter(
    ({ kind, namespace }) => LISTS[kind] && !typed(kind) && !(byKind.get(kind) ?? []).some((o) => o.metadata.namespace === namespace),
  );
  const proofs = emptyThere.map(({ kind, namespace }) =>
    write(`k8s/${(LISTS[kind] as { plural: string }).plural}-${namespace}.yaml`, { apiVersion: "v1", kind: "List", items: [] }),
  );
  const lists = [...byKind.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([kind, items]) => {
      const list = LISTS[kind] as { plural: string; apiVersion: string };
      const doc = typed(kind) ? { apiVersion: list.apiVersion, kind: `${kind}List`, items } : { apiVersion: "v1", kind: "List", items };
      return write(`k8s/${list.plural}.yaml`, doc);
    });
  return [...lists, ...proofs];
}

/** Writes `captured` (with `snapshot`'s target) as a snapshot folder `dir`, which must be new or empty. */
export async function writeSnapshotDir(snapshot: Snapshot, captured: CapturedOutputs, dir: string): Promise<string[]> {
  return (await writeSnapshotFiles(snapshot, captured, dir)).files;
}

interface WrittenSnapshot {
  /** The files written, relative to the folder, sorted. */
  files: string[];
  /** Secrets the written files withhold, whichever pass removed them. */
  redacted: number;
}

async function writeSnapshotFiles(snapshot: Snapshot, captured: CapturedOutputs, dir: string): Promise<WrittenSnapshot> {
  await assertEmpty(dir);
  const files: { rel: string; text: string }[] = [{ rel: "target.yaml", text: targetYaml(snapshot) }, ...k8sFiles(captured)];
  // `kubectl get --raw /.well-known/openid-configuration` as the loader reads it (k8s-files.ts).
  if (captured.k8sIssuerDiscovery)
    files.push({ rel: "k8s/openid-configuration.json", text: `${JSON.stringify(captured.k8sIssuerDiscovery, null, 2)}\n` });
  for (const a of captured.aws) files.push({ rel: `aws/${a.file}`, text: `${JSON.stringify(a.output, null, 4)}\n` });
  for (const e of captured.awsErrors) {
    files.push({ rel: `aws/${e.file}`, text: `\nAn error occurred (${e.code}) when calling the ${e.operation} operation: ${e.message}\n` });
  }
  for (const l of captured.logs) files.push({ rel: `logs/${l.file}`, text: scrubLogText(l.text) });
  await mkdir(dir, { recursive: true });
  let redacted = 0;
  for (const f of files) redacted += await put(dir, f.rel, f.text);
  return { files: files.map((f) => f.rel).sort(), redacted };
}

/** Collects live (read-only) and writes the result as a snapshot folder; returns the Snapshot and the secrets withheld. */
export async function captureLiveSnapshot(
  target: LiveTarget,
  options: CollectOptions,
  outDir: string,
): Promise<{ snapshot: Snapshot; redacted: number }> {
  await assertEmpty(outDir);
  // Loaded here, not at the top: writing a folder must not pull in the AWS SDK and client-node.
  const { collectLive } = await import("../../collect/live.js");
  const { snapshot, captured } = await collectLive(target, options);
  const written = await writeSnapshotFiles(snapshot, captured, outDir);
  return { snapshot, redacted: written.redacted };
}
