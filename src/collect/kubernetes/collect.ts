// The Kubernetes side of a live collection. Starts every read that needs nothing at once (the target's
// pod or pods, its service account, the namespace, the webhooks, the Pod Identity agent), and each
// follow-up the moment the result it needs arrives (node, owners, events, logs): no read waits for an
// unrelated one. The diagnosed pod and service account are handed to the AWS side as soon as known.

import type { ReadKind } from "../../kube/reads.js";
import { byRelevance } from "../../snapshot/load/pod-relevance.js";
import { serviceAccountOf } from "../../snapshot/select.js";
import type { K8sObject, MutatingWebhookConfiguration, Pod, ServiceAccount } from "../../snapshot/types.js";
import { labelSelectorOf, serviceSelector, servesService, webhookServices } from "../../snapshot/webhook-backend.js";
import type { Outcome } from "../outcome.js";
import { type ConfigMapUse, podConfigMapUses, reducedConfigMap } from "../../snapshot/configmap-env.js";
import type { IssuerDiscovery } from "../../kube/issuer-discovery.js";
import { K8sBook, type K8sSlot, kubectlSource } from "./book.js";
import type { K8sReads } from "./read.js";
import {
  controllerRef,
  deploymentNameGuess,
  logFileOf,
  logTargets,
  selectorString,
  templateServiceAccount,
  usesPodIdentity,
} from "./workload.js";
import { POD_IDENTITY_AGENT, POD_IDENTITY_AGENT_SELECTOR, SYSTEM_NAMESPACE } from "../../kube/eks-names.js";
import { compareText } from "../../util/compare.js";

const AGENT = POD_IDENTITY_AGENT;
const SYSTEM = SYSTEM_NAMESPACE;
const AGENT_SELECTOR = POD_IDENTITY_AGENT_SELECTOR;
/** The label kubeadm, kOps and RKE2 put on the API server's static pod (on EKS the control plane is not visible). */
const API_SERVER_SELECTOR = "component=kube-apiserver";
/** API server replicas whose log is read: a control plane rarely has more. */
const API_SERVERS_READ = 3;
/** Webhook replicas whose events are read: a webhook Deployment rarely runs more. */
const WEBHOOK_PODS_READ = 3;

export interface Dep<T> {
  value: T;
  round: number;
}

export interface WorkloadTarget {
  namespace: string;
  pod: string | null;
  serviceAccount: string | null;
  deployment: string | null;
}

export interface LogRead {
  /** Under logs/: "pods/<ns>/<pod>/<container>.log". */
  file: string;
  outcome: Outcome<string>;
}

export interface K8sCollected {
  book: K8sBook;
  logs: LogRead[];
  /** Whether the pod's logs were looked for (false when no pod was found). */
  logsLookedFor: boolean;
  /** The service account a deployment target resolved to (null when not known). */
  serviceAccount: string | null;
}

export interface K8sSignals {
  pod: Promise<Dep<Pod | null>>;
  serviceAccountName: Promise<Dep<string | null>>;
  serviceAccount: Promise<Dep<ServiceAccount | null>>;
  /**
   * The API server's issuer discovery document, read once on first ask: only when the cluster turns out not
   * to be EKS (kOps, kubeadm) or its describe-cluster is not readable, since then describe-cluster does not
   * state the issuer. The AWS side needs it to find the cluster's OIDC provider, the report to state the issuer.
   */
  issuerDiscovery(after: number): Promise<Outcome<IssuerDiscovery>>;
  /** The diagnosed pod's own log tails, once read (none when no pod was found): they may name who signs its calls. */
  podLogs: Promise<Dep<string[]>>;
}

export function startKubernetes(
  reads: K8sReads,
  target: WorkloadTarget,
  logOpts: { tailLines: number; limitBytes: number },
): { signals: K8sSignals; done: Promise<K8sCollected> } {
  const ns = target.namespace;
  const book = new K8sBook();
  const logs: LogRead[] = [];
  const pending: Promise<unknown>[] = [];
  const memo = new Map<string, Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => (pending.push(p), p);
  const once = <T>(key: string, start: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, track(start()));
    return memo.get(key) as Promise<T>;
  };

  const get = <T extends K8sObject>(slots: K8sSlot[], kind: ReadKind, namespace: string | null, name: string, after: number) =>
    once(`get ${kind} ${namespace ?? ""}/${name}`, () =>
      reads.get(kind, namespace, name, after).then((o) => noteAll(slots, kind, kubectlSource(kind, namespace, name), o) as Outcome<T>),
    );
  const list = <T extends K8sObject>(
    slots: K8sSlot[],
    kind: ReadKind,
    namespace: string | null,
    sel: { labelSelector?: string; fieldSelector?: string },
    after: number,
    keep: (o: K8sObject) => boolean = () => true,
  ) =>
    once(`list ${kind} ${namespace ?? ""}?${sel.labelSelector ?? ""}&${sel.fieldSelector ?? ""}`, () =>
      reads.list(kind, namespace, sel, after).then((o) => {
        const kept: Outcome<K8sObject[]> = o.ok ? { ...o, value: o.value.filter(keep) } : o;
        return noteAll(slots, kind, kubectlSource(kind, namespace, undefined, sel), kept, namespace ?? undefined) as Outcome<T[]>;
      }),
    );
  function noteAll<T extends K8sObject | K8sObject[]>(
    slots: K8sSlot[],
    kind: ReadKind,
    source: string,
    o: Outcome<T>,
    listedIn?: string,
  ): Outcome<T> {
    const [first, ...rest] = slots;
    if (first) book.note(first, kind, source, o, listedIn);
    // The same read backs other evidence too: record it there without adding its objects twice.
    for (const slot of rest) book.record(slot, kind, o, listedIn);
    return o;
  }
  // Each ConfigMap the pod takes AWS_* variables from, by name (never a list of them), kept reduced to those keys.
  const configMap = (name: string, use: ConfigMapUse, after: number) =>
    once(`get ConfigMap ${ns}/${name}`, () =>
      reads.get("ConfigMap", ns, name, after).then((o) => {
        const kept: Outcome<K8sObject> = o.ok ? { ...o, value: reducedConfigMap(o.value, use) } : o;
        return book.note("configMaps", "ConfigMap", kubectlSource("ConfigMap", ns, name), kept, undefined, name);
      }),
    );
  const eventsOf = (kind: string, name: string, after: number) =>
    list(["events"], "Event", ns, { fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}` }, after);
  const serviceAccount = (name: string, after: number) => get<ServiceAccount>(["serviceAccount"], "ServiceAccount", ns, name, after);
  const deployment = (name: string, after: number) => {
    void eventsOf("Deployment", name, after);
    return get(["owners"], "Deployment", ns, name, after);
  };

  // ---- round 1: everything that needs nothing but the target
  void get(["namespace"], "Namespace", null, ns, 0);
  void track(webhookBackendReads());
  void get(["podIdentityAgent"], "DaemonSet", SYSTEM, AGENT, 0);
  const agentPods = list<Pod>(["podIdentityAgentPods"], "Pod", SYSTEM, { labelSelector: AGENT_SELECTOR }, 0);

  /**
   * A self-hosted webhook's own pods, and the events about them: why the apiserver cannot call it is there
   * (src/snapshot/webhook-backend.ts). EKS's webhook names no Service, so nothing more is read there.
   */
  async function webhookBackendReads(): Promise<void> {
    const configs = await list<MutatingWebhookConfiguration>(["mutatingWebhooks"], "MutatingWebhookConfiguration", null, {}, 0);
    if (!configs.ok) return;
    for (const svc of webhookServices(configs.value)) {
      // The Service's selector names the webhook's pods, as the endpoints controller reads it. Without it (refused,
      // absent, no selector) the namespace's pods are listed and those that look like the webhook's are kept.
      const service = await once(`get Service ${svc.namespace}/${svc.name}`, () =>
        reads
          .get("Service", svc.namespace, svc.name, configs.round)
          .then((o) => book.noteOptional("webhookBackends", "Service", kubectlSource("Service", svc.namespace, svc.name), o)),
      );
      const selector = service.ok ? serviceSelector(service.value) : null;
      const pods = selector
        ? await list<Pod>(["webhookBackends"], "Pod", svc.namespace, { labelSelector: labelSelectorOf(selector) }, service.round)
        : await list<Pod>(["webhookBackends"], "Pod", svc.namespace, {}, service.round, (o) => servesService(o, svc));
      if (!pods.ok) continue;
      for (const p of pods.value.slice(0, WEBHOOK_PODS_READ))
        void list(
          ["webhookBackends"],
          "Event",
          svc.namespace,
          { fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${p.metadata.name}` },
          pods.round,
        );
    }
  }

  async function resolveWorkload(): Promise<{ pod: Dep<Pod | null>; sa: Dep<string | null> }> {
    if (target.pod) {
      void eventsOf("Pod", target.pod, 0);
      if (target.serviceAccount) void serviceAccount(target.serviceAccount, 0);
      const o = await get<Pod>(["pod", "pods"], "Pod", ns, target.pod, 0);
      if (!o.ok) return { pod: { value: null, round: o.round }, sa: { value: target.serviceAccount, round: 0 } };
      return { pod: { value: o.value, round: o.round }, sa: { value: serviceAccountOf(o.value), round: o.round } };
    }
    let sa = target.serviceAccount;
    let saRound = 0;
    let selector: string | null = null;
    if (!sa && target.deployment) {
      const d = await deployment(target.deployment, 0);
      if (!d.ok) return { pod: { value: null, round: d.round }, sa: { value: null, round: d.round } };
      sa = templateServiceAccount(d.value);
      selector = selectorString(d.value);
      saRound = d.round;
    }
    if (!sa) return { pod: { value: null, round: saRound }, sa: { value: null, round: saRound } };
    void serviceAccount(sa, saRound);
    void eventsOf("ServiceAccount", sa, saRound);
    const listed = selector
      ? await list<Pod>(["pod", "pods"], "Pod", ns, { labelSelector: selector }, saRound)
      : await list<Pod>(["pod", "pods"], "Pod", ns, { fieldSelector: `spec.serviceAccountName=${sa}` }, saRound);
    const chosen = listed.ok ? ([...listed.value].filter((p) => serviceAccountOf(p) === sa).sort(byRelevance)[0] ?? null) : null;
    return { pod: { value: chosen, round: listed.round }, sa: { value: sa, round: saRound } };
  }

  async function owners(pod: Pod, after: number): Promise<void> {
    const ref = controllerRef(pod);
    if (ref?.kind === "Deployment") void deployment(ref.name, after);
    if (ref?.kind !== "ReplicaSet") return;
    void eventsOf("ReplicaSet", ref.name, after);
    // Start the Deployment with the ReplicaSet: its name is the ReplicaSet's without the template hash.
    const guess = deploymentNameGuess(pod, ref.name);
    if (guess) void deployment(guess, after);
    const rs = await get(["owners"], "ReplicaSet", ns, ref.name, after);
    const up = rs.ok ? controllerRef(rs.value) : undefined;
    if (up?.kind === "Deployment" && up.name !== guess) void deployment(up.name, rs.round);
  }

  /** With no pod to follow, the workloads whose template runs as the service account (their events say why). */
  async function workloadsOf(sa: string, after: number): Promise<void> {
    const mine = (o: K8sObject) => templateServiceAccount(o) === sa;
    const found = await Promise.all([
      list(["owners"], "ReplicaSet", ns, {}, after, mine),
      list(["owners"], "Deployment", ns, {}, after, mine),
    ]);
    for (const o of found) if (o.ok) for (const w of o.value) void eventsOf(w.kind, w.metadata.name, o.round);
  }

  function readLog(namespace: string, pod: string, container: string, previous: boolean, after: number): Promise<Outcome<string>> {
    return track(
      reads.log(namespace, pod, container, { ...logOpts, previous }, after).then((outcome) => {
        // No previous run to read is not a gap in the evidence: there is simply no such log.
        if (!(previous && !outcome.ok && outcome.failure.kind === "absent"))
          logs.push({ file: logFileOf(namespace, pod, container, previous), outcome });
        return outcome;
      }),
    );
  }

  async function agentLog(pod: Pod, after: number): Promise<void> {
    const agents = await agentPods;
    const onNode = agents.ok ? agents.value.find((a) => a.spec.nodeName === pod.spec.nodeName) : undefined;
    if (!onNode) return;
    const container = onNode.spec.containers.find((c) => c.name === AGENT)?.name ?? onNode.spec.containers[0]?.name;
    if (container) await readLog(SYSTEM, onNode.metadata.name, container, false, Math.max(after, agents.round));
  }

  /**
   * A self-managed control plane (kOps, kubeadm, RKE2) runs the API server as a pod: its log is where a
   * webhook call that failed (and failed open, leaving the pod unmutated) is written, and nowhere else. Not
   * evidence of its own (no slot): a refused or empty list just means no such log to read.
   */
  async function apiServerLogs(): Promise<void> {
    const servers = await list<Pod>([], "Pod", SYSTEM, { labelSelector: API_SERVER_SELECTOR }, 0);
    if (!servers.ok) return;
    for (const s of [...servers.value].sort((a, b) => compareText(a.metadata.name, b.metadata.name)).slice(0, API_SERVERS_READ)) {
      const container = s.spec.containers.find((c) => c.name === "kube-apiserver")?.name ?? s.spec.containers[0]?.name;
      if (container) void readLog(SYSTEM, s.metadata.name, container, false, servers.round);
    }
  }
  void track(apiServerLogs());

  const workload = track(resolveWorkload());
  let podLogsRead!: (logs: Dep<string[]>) => void;
  const podLogs = new Promise<Dep<string[]>>((resolve) => (podLogsRead = resolve));
  // No pod (or its lookup failed): no log will come.
  workload.catch(() => podLogsRead({ value: [], round: 0 }));
  let logsLookedFor = false;
  let resolvedSa: string | null = target.serviceAccount;
  void track(
    workload.then(({ pod: chosen, sa }) => {
      resolvedSa = sa.value;
      if (sa.value) {
        void serviceAccount(sa.value, sa.round);
        void eventsOf("ServiceAccount", sa.value, sa.round);
        if (target.pod) void list(["pods"], "Pod", ns, { fieldSelector: `spec.serviceAccountName=${sa.value}` }, sa.round);
      }
      const pod = chosen.value;
      // A service account's workloads, and their events, whether or not a pod was found: a newer revision that
      // cannot create its pods is not the running pod's owner (src/snapshot/select.ts).
      if (sa.value && !target.pod && !target.deployment) void track(workloadsOf(sa.value, chosen.round));
      if (!pod) {
        podLogsRead({ value: [], round: chosen.round });
        return;
      }
      const r = chosen.round;
      logsLookedFor = true;
      void eventsOf("Pod", pod.metadata.name, r);
      // A controller reports its AWS failures on its own resources under its component name (src/snapshot/select.ts).
      for (const c of new Set([...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((x) => x.name))) {
        void list(["events"], "Event", ns, { fieldSelector: `source=${c}` }, r);
      }
      if (pod.spec.nodeName) void get(["node"], "Node", null, pod.spec.nodeName, r);
      for (const [name, use] of podConfigMapUses(pod)) void configMap(name, use, r);
      void track(owners(pod, r));
      void Promise.all(logTargets(pod).map((t) => readLog(ns, pod.metadata.name, t.container, t.previous, r))).then((read) =>
        podLogsRead({ value: read.flatMap((o) => (o.ok ? [o.value] : [])), round: Math.max(r, ...read.map((o) => o.round)) }),
      );
      if (usesPodIdentity(pod)) void track(agentLog(pod, r));
    }),
  );

  const signals: K8sSignals = {
    pod: workload.then((w) => w.pod),
    serviceAccountName: workload.then((w) => w.sa),
    serviceAccount: workload.then(async ({ sa }) => {
      if (!sa.value) return { value: null, round: sa.round };
      const o = await serviceAccount(sa.value, sa.round);
      return { value: o.ok ? o.value : null, round: o.round };
    }),
    issuerDiscovery: (after) => once("issuer discovery", () => reads.issuerDiscovery(after)),
    podLogs,
  };

  async function drain(): Promise<K8sCollected> {
    for (let settled = 0; settled < pending.length;) {
      const batch = pending.slice(settled);
      settled = pending.length;
      await Promise.allSettled(batch);
    }
    logs.sort((a, b) => compareText(a.file, b.file));
    return { book, logs, logsLookedFor, serviceAccount: resolvedSa };
  }
  return { signals, done: drain() };
}
