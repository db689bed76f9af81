// Gathering the evidence a session works on, in exactly one of two ways: an offline snapshot folder, or a
// live target (namespace with pod or serviceAccount) read from the cluster and the AWS account through the
// live collectors. An error message the user pasted joins either as one more log source, or is the whole
// evidence when nothing else is given. Arguments are checked first, with messages that say what to pass
// instead. The live collectors (Kubernetes client, AWS SDK) are loaded only when a live target is asked for.

import { resolve } from "node:path";
import { loadSnapshotDir, SnapshotError } from "../snapshot/load/index.js";
import { MAX_PASTED_BYTES, messageOnlySnapshot, withPastedMessage } from "../snapshot/load/pasted.js";
import type { Snapshot } from "../snapshot/types.js";
import type { LogFileTap } from "../logs/scan.js";
import { ExecutorError } from "./errors.js";

export interface EvidenceRequest {
  /** A snapshot folder (absolute, or relative to cwd). */
  snapshot?: string | undefined;
  namespace?: string | undefined;
  pod?: string | undefined;
  serviceAccount?: string | undefined;
  cluster?: string | undefined;
  region?: string | undefined;
  context?: string | undefined;
  profile?: string | undefined;
  instanceId?: string | undefined;
  incidentTime?: string | undefined;
  /** An error message as the user pasted it: alone, or with a snapshot or a live target. */
  errorText?: string | undefined;
}

export interface GatherOptions {
  cwd: string;
  clock?: () => Date;
  /** Told each step of a live collection, for progress lines. */
  onProgress?(message: string): void;
  /** Offline: given the logs/ files as the loader reads them (see loadSnapshotDir). */
  logTap?: LogFileTap;
}

/** Where the evidence comes from; `message` is a pasted error text that joins it (or is all of it). */
export type EvidencePlan =
  | { kind: "snapshot"; dir: string; message?: string }
  | { kind: "live"; request: EvidenceRequest; message?: string }
  | { kind: "message"; message: string };

const LIVE_KEYS = ["namespace", "pod", "serviceAccount", "cluster", "region", "context", "profile", "instanceId", "incidentTime"] as const;

const HOW_TO_TARGET =
  "pass snapshot (the path of a snapshot folder, see fixtures/scenarios/README.md), or namespace with pod or serviceAccount " +
  "to read the cluster and AWS account live (optionally cluster, region, context, profile, instanceId, incidentTime), " +
  "or errorText (the error message as the pod printed it) alone or with either";

/** Checks that the request names its evidence in exactly one way; throws ExecutorError saying what to pass. */
export function planEvidence(request: EvidenceRequest, cwd: string): EvidencePlan {
  const plan = planCollection(request, cwd);
  const text = request.errorText;
  if (text === undefined || text.trim() === "") {
    if (plan) return plan;
    throw new ExecutorError(`Say what to diagnose: ${HOW_TO_TARGET}.`);
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_PASTED_BYTES) {
    throw new ExecutorError(
      `errorText is ${bytes} bytes, more than the ${MAX_PASTED_BYTES} an error message needs: pass the error lines themselves, ` +
        "or put whole log files in a snapshot folder's logs/ and pass snapshot.",
    );
  }
  return plan ? { ...plan, message: text } : { kind: "message", message: text };
}

/** The snapshot or live target the request names, or null when it names neither. */
function planCollection(request: EvidenceRequest, cwd: string): EvidencePlan | null {
  const given = (v: string | undefined) => v !== undefined && v.trim() !== "";
  const live = LIVE_KEYS.filter((k) => given(request[k]));
  if (given(request.snapshot)) {
    if (live.length > 0) {
      throw new ExecutorError(
        `Pass either snapshot or a live target, not both: got snapshot and ${live.join(", ")}. With snapshot, the target comes from its target.yaml; drop ${live.join(", ")} or drop snapshot.`,
      );
    }
    return { kind: "snapshot", dir: resolve(cwd, request.snapshot!) };
  }
  if (live.length === 0) return null;
  if (!given(request.namespace))
    throw new ExecutorError(`A live target needs namespace (with pod or serviceAccount); got only ${live.join(", ")}.`);
  if (!given(request.pod) && !given(request.serviceAccount)) {
    throw new ExecutorError(`Name the workload in namespace ${request.namespace}: pass pod or serviceAccount (or pass snapshot instead).`);
  }
  return { kind: "live", request };
}

export async function gatherEvidence(plan: EvidencePlan, options: GatherOptions): Promise<Snapshot> {
  if (plan.kind === "message") return messageOnlySnapshot(plan.message);
  const snapshot = await collect(plan, options);
  return plan.message === undefined ? snapshot : withPastedMessage(snapshot, plan.message);
}

async function collect(plan: Exclude<EvidencePlan, { kind: "message" }>, options: GatherOptions): Promise<Snapshot> {
  if (plan.kind === "snapshot") {
    try {
      return await loadSnapshotDir(plan.dir, options.logTap ? { logTap: options.logTap } : {});
    } catch (error) {
      if (error instanceof SnapshotError) throw new ExecutorError(`snapshot: ${error.message}`);
      throw error;
    }
  }
  const r = plan.request;
  const collector = await import("../collect/index.js");
  try {
    return await collector.collectLiveSnapshot(
      {
        namespace: r.namespace!,
        pod: r.pod ?? null,
        serviceAccount: r.serviceAccount ?? null,
        instanceId: r.instanceId ?? null,
        incidentTime: r.incidentTime ?? null,
      },
      {
        ...(r.context ? { context: r.context } : {}),
        ...(r.profile ? { profile: r.profile } : {}),
        ...(r.region ? { region: r.region } : {}),
        ...(r.cluster ? { cluster: r.cluster } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
    );
  } catch (error) {
    if (error instanceof collector.CollectError) throw new ExecutorError(`live collection: ${error.message}`);
    throw error;
  }
}
