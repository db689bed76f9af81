// The cluster side of a live audit, in pages: service accounts and pods cluster-wide (or per namespace
// asked), namespaces, nodes, mutating webhooks, and the Pod Identity agent's DaemonSet and pods. Each list
// is read GET-only through the collectors' Kubernetes client, then parsed by the bundle loader's own
// reader (parseK8sFile), which masks credentials in pod env exactly as it does for a bundle.

import type { KubeClient } from "../../kube/client.js";
import { K8sHttpError } from "../../kube/errors.js";
import { messageOf } from "../../util/errors.js";
import type { ReadKind } from "../../kube/reads.js";
import { parseK8sFile } from "../../snapshot/load/k8s-files.js";
import type { Sourced } from "../../snapshot/load/raw-types.js";
import type { K8sPresence } from "../../snapshot/select.js";
import type { K8sObject, SnapshotProblem } from "../../snapshot/types.js";
import type { Pacer } from "./pace.js";
import type { CallLog } from "./rounds.js";

const PAGE = 500;
const AGENT = "eks-pod-identity-agent";

export interface K8sFleet {
  objects: Sourced<K8sObject>[];
  listedKinds: string[];
  failedReads: NonNullable<K8sPresence["failedReads"]>;
  problems: SnapshotProblem[];
}

interface ListSpec {
  kind: ReadKind;
  path: string;
  resource: string;
  query?: Record<string, string>;
}

function failure(err: unknown, verb: string, resource: string): { reason: "permission_denied" | "unreachable" | "error"; detail: string; permission?: string } {
  if (err instanceof K8sHttpError && (err.status === 403 || err.status === 401)) {
    return { reason: "permission_denied", detail: `${verb} ${resource} was refused (${err.message})`, permission: `${verb} ${resource}` };
  }
  if (err instanceof K8sHttpError) return { reason: "error", detail: `${verb} ${resource} failed: ${err.message}` };
  return { reason: "unreachable", detail: `${verb} ${resource} failed: ${messageOf(err)}` };
}

export async function readK8sFleet(get: KubeClient, pace: Pacer, log: CallLog, namespaces: readonly string[]): Promise<K8sFleet> {
  const fleet: K8sFleet = { objects: [], listedKinds: [], failedReads: {}, problems: [] };
  const scoped = (plural: string) => (namespaces.length === 0 ? [`/api/v1/${plural}`] : namespaces.map((ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/${plural}`));
  const lists: ListSpec[] = [
    ...scoped("serviceaccounts").map((path) => ({ kind: "ServiceAccount" as const, path, resource: "serviceaccounts" })),
    ...scoped("pods").map((path) => ({ kind: "Pod" as const, path, resource: "pods" })),
    { kind: "Namespace", path: "/api/v1/namespaces", resource: "namespaces" },
    { kind: "Node", path: "/api/v1/nodes", resource: "nodes" },
    { kind: "MutatingWebhookConfiguration", path: "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", resource: "mutatingwebhookconfigurations" },
  ];
  // A namespaced audit still needs the agent's pods; a cluster-wide pod list already holds them.
  if (namespaces.length > 0 && !namespaces.includes("kube-system")) {
    lists.push({ kind: "Pod", path: "/api/v1/namespaces/kube-system/pods", resource: "pods", query: { labelSelector: `app.kubernetes.io/name=${AGENT}` } });
  }
  const listed = new Set<string>();
  await Promise.all([
    ...lists.map(async (spec) => {
      let token: string | undefined;
      let round = 0;
      // Each page is parsed as it arrives (and its text dropped): 10,000 pods are never held twice.
      const objects: Sourced<K8sObject>[] = [];
      try {
        do {
          round++;
          const query: Record<string, string | undefined> = { ...spec.query, limit: String(PAGE), continue: token };
          const body = await pace.run(() => get.get(spec.path, query));
          log.add({ service: "k8s", action: `list ${spec.resource}`, round, ok: true });
          const page = JSON.parse(body) as { items?: { metadata?: Record<string, unknown> }[]; metadata?: { continue?: string } };
          // A pod's managedFields are often half its size and nothing reads them (a service account's are kept:
          // they date its annotation).
          if (spec.kind === "Pod") for (const item of page.items ?? []) delete item.metadata?.["managedFields"];
          const parsed = parseK8sFile(JSON.stringify({ kind: `${spec.kind}List`, apiVersion: "v1", items: page.items ?? [] }), `live: list ${spec.resource}.json`);
          for (const o of parsed.objects) objects.push({ value: o.value, source: "live" });
          fleet.problems.push(...parsed.problems);
          token = page.metadata?.continue || undefined;
        } while (token);
      } catch (err) {
        log.add({ service: "k8s", action: `list ${spec.resource}`, round, ok: false });
        fleet.failedReads[spec.kind] ??= failure(err, "list", spec.resource);
        return;
      }
      fleet.objects.push(...objects);
      listed.add(spec.kind);
    }),
    (async () => {
      const path = `/apis/apps/v1/namespaces/kube-system/daemonsets/${AGENT}`;
      try {
        const body = await pace.run(() => get.get(path));
        log.add({ service: "k8s", action: "get daemonsets", round: 1, ok: true });
        const parsed = parseK8sFile(body.replace(/^\s*\{/, '{"kind":"DaemonSet",'), "live: get daemonset.json");
        fleet.objects.push(...parsed.objects.map((o) => ({ value: { ...o.value, kind: "DaemonSet" }, source: "live" })));
      } catch (err) {
        log.add({ service: "k8s", action: "get daemonsets", round: 1, ok: false });
        if (err instanceof K8sHttpError && err.status === 404) listed.add("DaemonSet");
        else fleet.failedReads.DaemonSet = failure(err, "get", "daemonsets");
      }
    })(),
  ]);
  // A kind is "listed" only when every list of it answered (one namespace refused: not collected there).
  fleet.listedKinds = [...listed].filter((k) => fleet.failedReads[k as ReadKind] === undefined).sort();
  return fleet;
}
