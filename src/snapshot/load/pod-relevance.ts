// Ranks a service account's pods by how much they tell about a credential failure: a crash-looping
// pod first, then one that is not Running and Ready, then a healthy one; newest first within a rank.

import type { Pod } from "../types.js";
import { compareText } from "../../util/compare.js";

export type PodCondition = "crash-looping" | "not ready" | "running and ready";

export function podCondition(pod: Pod): PodCondition {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const crashLooping = statuses.some(
    (s) => s.state?.waiting?.reason === "CrashLoopBackOff" || ((s.restartCount ?? 0) > 0 && s.ready === false),
  );
  if (crashLooping) return "crash-looping";
  const containers = pod.status?.containerStatuses ?? [];
  const ready = pod.status?.phase === "Running" && containers.length > 0 && containers.every((s) => s.ready === true);
  return ready ? "running and ready" : "not ready";
}

const RANK: Record<PodCondition, number> = { "crash-looping": 0, "not ready": 1, "running and ready": 2 };

/** Most relevant first; ties broken by newest creationTimestamp, then name, so the choice is stable. */
export function byRelevance(a: Pod, b: Pod): number {
  return (
    RANK[podCondition(a)] - RANK[podCondition(b)] ||
    compareText(b.metadata.creationTimestamp ?? "", a.metadata.creationTimestamp ?? "") ||
    compareText(a.metadata.name, b.metadata.name)
  );
}
