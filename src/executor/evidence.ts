// Gathering the evidence a session works on, in exactly one of two ways: an offline snapshot folder, or a
// live target (namespace with pod or serviceAccount) read from the cluster and the AWS account through the
// live collectors. Arguments are checked first, with messages that say what to pass instead. The live
// collectors (Kubernetes client, AWS SDK) are loaded only when a live target is asked for.

import { resolve } from "node:path";
import { loadSnapshotDir, SnapshotError } from "../snapshot/load/index.js";
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
}

export interface GatherOptions {
  cwd: string;
  clock?: () => Date;
  /** Told each step of a live collection, for progress lines. */
  onProgress?(message: string): void;
  /** Offline: given the logs/ files as the loader reads them (see loadSnapshotDir). */
  logTap?: LogFileTap;
}

export type EvidencePlan = { kind: "snapshot"; dir: string } | { kind: "live"; request: EvidenceRequest };

const LIVE_KEYS = ["namespace", "pod", "serviceAccount", "cluster", "region", "context", "profile", "instanceId", "incidentTime"] as const;

const HOW_TO_TARGET =
  "pass snapshot (the path of a snapshot folder, see fixtures/scenarios/README.md), or namespace with pod or serviceAccount " +
  "to read the cluster and AWS account live (optionally cluster, region, context, profile, instanceId, incidentTime)";

/** Checks that the request names its evidence in exactly one way; throws ExecutorError saying what to pass. */
export function planEvidence(request: EvidenceRequest, cwd: string): EvidencePlan {
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
  if (live.length === 0) throw new ExecutorError(`Say what to diagnose: ${HOW_TO_TARGET}.`);
  if (!given(request.namespace))
    throw new ExecutorError(`A live target needs namespace (with pod or serviceAccount); got only ${live.join(", ")}.`);
  if (!given(request.pod) && !given(request.serviceAccount)) {
    throw new ExecutorError(`Name the workload in namespace ${request.namespace}: pass pod or serviceAccount (or pass snapshot instead).`);
  }
  return { kind: "live", request };
}

export async function gatherEvidence(plan: EvidencePlan, options: GatherOptions): Promise<Snapshot> {
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
