// The owners of the few pods whose AWS_ROLE_ARN differs from their service account's annotation
// (ownersNeeded: only the pod template tells who wrote the variable). Read while the lists still run: each
// page of pods is checked as it arrives, once the service accounts are in, so these GETs overlap the rest of
// the read instead of adding rounds after it. One GET per Deployment (named by the pod's pod-template-hash,
// as the selection finds it); a ReplicaSet only when no Deployment can be named that way, then the Deployment
// it names. Each object is asked for once. Not found or refused leaves the owners unknown, as the offline
// audit of a bundle without them.

import type { KubeClient } from "../../kube/client.js";
import { apiPath } from "../../kube/paths.js";
import { RESOURCE_READS } from "../../kube/reads.js";
import { parseK8sFile } from "../../snapshot/load/k8s-files.js";
import type { Sourced } from "../../snapshot/load/raw-types.js";
import { serviceAccountOf } from "../../snapshot/select.js";
import type { K8sObject, Pod, SnapshotProblem } from "../../snapshot/types.js";
import { ownerKeys, ownersNeeded } from "../fleet-index.js";
import type { Pacer } from "./pace.js";
import type { CallLog } from "./rounds.js";

export interface OwnerReader {
  /** One service-account list has been read completely (or failed: `objects` empty). */
  serviceAccountsRead(objects: readonly Sourced<K8sObject>[], round: number): void;
  /** A page of pods, read in `round`. */
  podsRead(objects: readonly Sourced<K8sObject>[], round: number): void;
  /** Every owner read asked for has answered. */
  done(): Promise<void>;
}

export function createOwnerReader(
  get: KubeClient,
  pace: Pacer,
  log: CallLog,
  serviceAccountLists: number,
  out: { objects: Sourced<K8sObject>[]; problems: SnapshotProblem[] },
): OwnerReader {
  const sas = new Map<string, K8sObject>();
  let pendingLists = serviceAccountLists;
  let saRound = 0;
  const waiting: { pods: readonly Sourced<K8sObject>[]; round: number }[] = [];
  const requested = new Set<string>();
  const work: Promise<unknown>[] = [];

  const fetchOne = async (kind: "ReplicaSet" | "Deployment", nsName: string, round: number): Promise<K8sObject | undefined> => {
    const resource = kind === "ReplicaSet" ? "replicasets" : "deployments";
    const [ns = "", name = ""] = nsName.split("/");
    try {
      const body = await pace.run(() => get.get(apiPath(RESOURCE_READS[kind], ns, name)));
      log.add({ service: "k8s", action: `get ${resource}`, round, ok: true });
      const parsed = parseK8sFile(body.replace(/^\s*\{/, `{"kind":"${kind}",`), `live: get ${resource}.json`);
      out.problems.push(...parsed.problems);
      const o = parsed.objects[0];
      if (o) out.objects.push({ value: { ...o.value, kind }, source: "live" });
      return o?.value;
    } catch {
      log.add({ service: "k8s", action: `get ${resource}`, round, ok: false });
      return undefined;
    }
  };
  const once = (kind: "ReplicaSet" | "Deployment", nsName: string, round: number): Promise<K8sObject | undefined> | undefined => {
    const key = `${kind}/${nsName}`;
    if (requested.has(key)) return undefined;
    requested.add(key);
    const p = fetchOne(kind, nsName, round);
    work.push(p);
    return p;
  };

  function check(pods: readonly Sourced<K8sObject>[], pageRound: number): void {
    const round = Math.max(pageRound, saRound) + 1;
    for (const { value } of pods) {
      const pod = value as Pod;
      if (!ownersNeeded(pod, sas.get(`${pod.metadata.namespace ?? ""}/${serviceAccountOf(pod)}`))) continue;
      const { replicaSet, deployment } = ownerKeys(pod);
      if (deployment) {
        once("Deployment", deployment, round);
        continue;
      }
      if (!replicaSet) continue;
      const rs = once("ReplicaSet", replicaSet, round);
      work.push(
        rs?.then((o) => {
          const dep = (o?.metadata.ownerReferences ?? []).find((r) => r.kind === "Deployment")?.name;
          if (dep) once("Deployment", `${replicaSet.split("/")[0]}/${dep}`, round + 1);
        }) ?? Promise.resolve(),
      );
    }
  }

  return {
    serviceAccountsRead(objects, round) {
      for (const { value } of objects) sas.set(`${value.metadata.namespace ?? ""}/${value.metadata.name}`, value);
      saRound = Math.max(saRound, round);
      if (--pendingLists > 0) return;
      for (const w of waiting.splice(0)) check(w.pods, w.round);
    },
    podsRead(objects, round) {
      if (pendingLists > 0) waiting.push({ pods: objects, round });
      else check(objects, round);
    },
    async done() {
      // Promises are added while earlier ones settle (a ReplicaSet, then its Deployment).
      let seen = 0;
      while (seen < work.length) {
        const batch = work.slice(seen);
        seen += batch.length;
        await Promise.all(batch);
      }
    },
  };
}
