// The offline loader: a snapshot directory in, a Snapshot out. Reads the raw layer once, selects the
// target's Kubernetes evidence, keys the AWS evidence the diagnosis looks for, scans logs/, and keeps
// every problem met on the way. Throws only SnapshotError (no directory, no usable target.yaml).

import { realpath } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { isInside } from "../../util/safe-read.js";
import { scanLogDir, type LogFileTap } from "../../logs/scan.js";
import { type Evidence, found, unavailable } from "../evidence.js";
import { selectEvidence } from "../select.js";
import { serviceAccountIssuer } from "./issuer.js";
import { referencedSecretKeys } from "./secret-keys.js";
import { bundleConfigMapRead, referencedConfigMaps } from "../configmap-env.js";
import type { LogEvidence, Snapshot, SnapshotProblem } from "../types.js";
import { buildAwsEvidence } from "./aws-evidence.js";
import { readRawSnapshot } from "./raw.js";
import type { RawSnapshot } from "./raw-types.js";
import { withoutOtherPodsLogs } from "./log-attribution.js";
import { LIMITS } from "./limits.js";
import { escapeProblems } from "./escape.js";
import { escapeControls } from "../../util/terminal.js";
import type { K8sPresence } from "../select.js";
import { compareText } from "../../util/compare.js";

export { SnapshotError } from "./errors.js";
export { readRawSnapshot } from "./raw.js";
function underLogs(source: string, logsRoot: string): string {
  if (source === "." || source === logsRoot) return "logs/";
  return isAbsolute(source) ? source : `logs/${source}`;
}

export interface LoadOptions {
  /** Given every file of logs/ as the scan reads it: a second reader (the session's errors pass) shares the read. */
  logTap?: LogFileTap;
}

export async function loadSnapshotDir(dir: string, options: LoadOptions = {}): Promise<Snapshot> {
  const raw = await readRawSnapshot(dir);
  const k8s = selectEvidence(raw.target, raw.k8sObjects, {
    k8s: raw.present.k8s,
    listedKinds: raw.k8sListedKinds,
    listedIn: raw.k8sListedIn,
    filteredSources: raw.k8sFilteredSources,
    failedReads: { ...rejectedAsFailed(raw.k8sRejectedKinds), ...deniedAsFailed(raw.k8sDeniedKinds) },
  });
  const issuer = serviceAccountIssuer(raw.k8sIssuers, raw.k8sObjects);
  if (issuer) k8s.serviceAccountIssuer = issuer;
  const pod = k8s.pod.status === "found" ? k8s.pod.value : undefined;
  // Only when the pod pulls a Secret in with envFrom: otherwise there is nothing to say (and live has no such slot).
  const secretKeys = pod ? referencedSecretKeys(pod, raw.k8sSecretKeys, raw.target.namespace) : null;
  if (secretKeys?.status === "found" && secretKeys.value.length > 0) k8s.secretKeys = secretKeys;
  const bundle = {
    objects: raw.k8sObjects,
    listedKinds: raw.k8sListedKinds,
    listedIn: raw.k8sListedIn,
    denied: raw.k8sDeniedKinds?.["ConfigMap"],
  };
  const configMaps = pod
    ? referencedConfigMaps(pod, (name) => bundleConfigMapRead(bundle, pod.metadata.namespace ?? raw.target.namespace, name))
    : undefined;
  if (configMaps) k8s.configMaps = configMaps;
  const aws = buildAwsEvidence(raw.target, raw.aws, raw.present.aws, k8s);
  const problems: SnapshotProblem[] = [...raw.problems, ...aws.problems];

  let logs: Evidence<LogEvidence> = unavailable("not_collected", "logs were not collected (the snapshot has no logs/ folder)");
  if (raw.logsRoot !== null && (await leavesBundle(raw.logsRoot, dir))) {
    const detail = "logs/ is a symbolic link leading outside the bundle: not followed — copy the logs themselves into the bundle";
    logs = unavailable("error", detail, { source: "logs/" });
    problems.push({ source: "logs/", message: detail });
  } else if (raw.logsRoot !== null) {
    try {
      const scanned = await scanLogDir(raw.logsRoot, { maxFiles: LIMITS.logFiles, ...(options.logTap ? { tap: options.logTap } : {}) });
      let evidence = scanned.evidence;
      if (raw.target.pod && k8s.pod.status !== "found") {
        // The named pod is not in the bundle: another pod's log must not stand in as its evidence.
        const podsOfNamespace = new Set(
          raw.k8sObjects
            .filter((o) => o.value.kind === "Pod" && o.value.metadata.namespace === raw.target.namespace)
            .map((o) => o.value.metadata.name),
        );
        const kept = withoutOtherPodsLogs(evidence, raw.target.pod, raw.target.namespace, podsOfNamespace);
        evidence = kept.logs;
        problems.push(...escapeProblems(kept.problems));
      }
      logs = found(evidence, "logs/");
      // The scanner names files relative to the logs root; the snapshot names them from its own root.
      problems.push(...escapeProblems(scanned.problems.map((p) => ({ ...p, source: underLogs(p.source, raw.logsRoot ?? "") }))));
    } catch (err) {
      const detail = escapeControls(`logs/ could not be scanned: ${err instanceof Error ? err.message : String(err)}`);
      logs = unavailable("error", detail, { source: "logs/" });
      problems.push({ source: "logs/", message: detail });
    }
  }

  return {
    version: 1,
    target: raw.target,
    origin: dir,
    k8s,
    aws: aws.evidence,
    logs,
    problems: problems.sort((a, b) => compareText(a.source, b.source) || compareText(a.message, b.message)),
  };
}

/**
 * A kind with an object left out for its shape cannot be proved absent: the object left out may be the one
 * looked for. Such a kind reads as a failed read (parse_error) wherever the wanted object is not found.
 */
function rejectedAsFailed(rejected: Record<string, string> | undefined): K8sPresence["failedReads"] {
  const out: NonNullable<K8sPresence["failedReads"]> = {};
  for (const [kind, detail] of Object.entries(rejected ?? {})) {
    out[kind as keyof typeof out] = { reason: "parse_error", detail: escapeControls(detail) };
  }
  return out;
}

/** A kind kubectl was refused (k8s/*.error.txt) reads as live's 403 does: could not be checked, for want of permission. */
function deniedAsFailed(denied: RawSnapshot["k8sDeniedKinds"]): K8sPresence["failedReads"] {
  const out: NonNullable<K8sPresence["failedReads"]> = {};
  for (const [kind, d] of Object.entries(denied ?? {})) {
    out[kind as keyof typeof out] = { reason: "permission_denied", detail: d.detail, permission: d.permission };
  }
  return out;
}

async function leavesBundle(folder: string, dir: string): Promise<boolean> {
  try {
    return !isInside(await realpath(folder), await realpath(dir));
  } catch {
    return false; // the scanner says why it cannot be read
  }
}
