// The cluster side of a live audit, in pages: service accounts and pods cluster-wide (or per namespace
// asked), namespaces, nodes, mutating webhooks, and the Pod Identity agent's DaemonSet and pods. Each list
// is read GET-only through the collectors' Kubernetes client, then parsed by the bundle loader's own
// reader (parseK8sFile), which masks credentials in pod env exactly as it does for a bundle.

import type { KubeClient } from "../../kube/client.js";
import { ISSUER_DISCOVERY_PATH, readIssuerDiscovery } from "../../kube/issuer-discovery.js";
import { found, unavailable, type Evidence } from "../../snapshot/evidence.js";
import { K8sHttpError } from "../../kube/errors.js";
import { messageOf } from "../../util/errors.js";
import { apiPath } from "../../kube/paths.js";
import { RESOURCE_READS } from "../../kube/reads.js";
import type { ReadKind } from "../../kube/reads.js";
import { parseK8sDocument, parseK8sFile } from "../../snapshot/load/k8s-files.js";
import type { Sourced } from "../../snapshot/load/raw-types.js";
import type { K8sPresence } from "../../snapshot/select.js";
import type { K8sObject, SnapshotProblem } from "../../snapshot/types.js";
import { createOwnerReader } from "./owners.js";
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

function failure(
  err: unknown,
  verb: string,
  resource: string,
): { reason: "permission_denied" | "unreachable" | "error"; detail: string; permission?: string } {
  if (err instanceof K8sHttpError && (err.status === 403 || err.status === 401)) {
    return { reason: "permission_denied", detail: `${verb} ${resource} was refused (${err.message})`, permission: `${verb} ${resource}` };
  }
  if (err instanceof K8sHttpError) return { reason: "error", detail: `${verb} ${resource} failed: ${err.message}` };
  return { reason: "unreachable", detail: `${verb} ${resource} failed: ${messageOf(err)}` };
}

export async function readK8sFleet(get: KubeClient, pace: Pacer, log: CallLog, namespaces: readonly string[]): Promise<K8sFleet> {
  const fleet: K8sFleet = { objects: [], listedKinds: [], failedReads: {}, problems: [] };
  const scoped = (kind: "ServiceAccount" | "Pod") =>
    (namespaces.length === 0 ? [null] : namespaces).map((ns) => ({
      kind,
      path: apiPath(RESOURCE_READS[kind], ns),
      resource: RESOURCE_READS[kind].plural,
    }));
  const cluster = (kind: "Namespace" | "Node" | "MutatingWebhookConfiguration") => ({
    kind,
    path: apiPath(RESOURCE_READS[kind], null),
    resource: RESOURCE_READS[kind].plural,
  });
  const lists: ListSpec[] = [
    ...scoped("ServiceAccount"),
    ...scoped("Pod"),
    cluster("Namespace"),
    cluster("Node"),
    cluster("MutatingWebhookConfiguration"),
  ];
  // A namespaced audit still needs the agent's pods; a cluster-wide pod list already holds them.
  if (namespaces.length > 0 && !namespaces.includes("kube-system")) {
    lists.push({
      kind: "Pod",
      path: apiPath(RESOURCE_READS.Pod, "kube-system"),
      resource: "pods",
      query: { labelSelector: `app.kubernetes.io/name=${AGENT}` },
    });
  }
  const listed = new Set<string>();
  const owners = createOwnerReader(get, pace, log, lists.filter((l) => l.kind === "ServiceAccount").length, fleet);
  await Promise.all([
    ...lists.map(async (spec) => {
      let round = 1;
      const fetchPage = (token: string | undefined) =>
        pace.run(() => get.get(spec.path, { ...spec.query, limit: String(PAGE), continue: token }), { first: token !== undefined });
      // Each page is parsed once, the next one asked for before this one's objects are checked (so the wait for it
      // overlaps that work), and its text dropped: 10,000 pods are never held twice.
      const objects: Sourced<K8sObject>[] = [];
      try {
        let next: Promise<string> | undefined = fetchPage(undefined);
        while (next) {
          const body: string = await next;
          log.add({ service: "k8s", action: `list ${spec.resource}`, round, ok: true });
          const page = JSON.parse(body) as {
            apiVersion?: unknown;
            items?: { metadata?: Record<string, unknown> }[];
            metadata?: { continue?: string };
          };
          const token = page.metadata?.continue || undefined;
          const pageRound = round;
          next = token ? fetchPage(token) : undefined;
          if (token) round++;
          const items = page.items ?? [];
          // A pod's managedFields are often half its size and nothing reads them (a service account's are kept:
          // they date its annotation).
          if (spec.kind === "Pod") for (const item of items) delete item.metadata?.["managedFields"];
          const apiVersion = typeof page.apiVersion === "string" ? page.apiVersion : "v1";
          const parsed = parseK8sDocument({ kind: `${spec.kind}List`, apiVersion, items }, `live: list ${spec.resource}.json`);
          const kept = parsed.objects.map((o) => ({ value: o.value, source: "live" }));
          objects.push(...kept);
          fleet.problems.push(...parsed.problems);
          if (spec.kind === "Pod") owners.podsRead(kept, pageRound);
        }
      } catch (err) {
        log.add({ service: "k8s", action: `list ${spec.resource}`, round, ok: false });
        fleet.failedReads[spec.kind] ??= failure(err, "list", spec.resource);
        if (spec.kind === "ServiceAccount") owners.serviceAccountsRead([], round);
        return;
      }
      if (spec.kind === "ServiceAccount") owners.serviceAccountsRead(objects, round);
      fleet.objects.push(...objects);
      listed.add(spec.kind);
    }),
    (async () => {
      const path = apiPath(RESOURCE_READS.DaemonSet, "kube-system", AGENT);
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
  await owners.done();
  return fleet;
}

/**
 * The service-account issuer, once for the cluster, as the per-pod collector reads it when EKS does not describe the
 * cluster (kOps, kubeadm, RKE2): the API server's discovery document, whose issuer is the one it signs tokens with.
 * `round`: it waits for describe-cluster's answer.
 */
export async function readIssuer(get: KubeClient, pace: Pacer, log: CallLog, round: number): Promise<Evidence<string>> {
  const source = `kubectl get --raw ${ISSUER_DISCOVERY_PATH}`;
  try {
    const doc = await pace.run(() => readIssuerDiscovery((path) => get.get(path)));
    log.add({ service: "k8s", action: `get ${ISSUER_DISCOVERY_PATH}`, round, ok: true });
    return found(doc.issuer, source);
  } catch (err) {
    log.add({ service: "k8s", action: `get ${ISSUER_DISCOVERY_PATH}`, round, ok: false });
    const why = failure(err, "get", ISSUER_DISCOVERY_PATH);
    return unavailable(why.reason, `the service-account issuer: ${why.detail}`, {
      source,
      ...(why.permission ? { permission: why.permission } : {}),
    });
  }
}
