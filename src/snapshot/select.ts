// Chooses, among the Kubernetes objects gathered, the ones about the target: its pod, service account,
// events, node, owners and the Pod Identity agent. Pure, so the offline loader and the live collectors
// share it. Missing evidence keeps its meaning: "absent" only when that kind was looked for (objects of
// it, or an explicit list of it, are there), "not_collected" when nobody looked.

import { type Evidence, type UnavailableReason, absent, found, unavailable } from "./evidence.js";
import type { ReadKind } from "../kube/reads.js";
import { byRelevance, podCondition } from "./load/pod-relevance.js";
import type { Sourced } from "./load/raw-types.js";
import { joinSources } from "./load/sources.js";
import type {
  DaemonSet,
  GenericObject,
  K8sEvent,
  K8sObject,
  KubernetesEvidence,
  ListedIn,
  MutatingWebhookConfiguration,
  Node,
  Pod,
  ServiceAccount,
  Target,
  WebhookBackend,
} from "./types.js";
import { POD_IDENTITY_AGENT, SYSTEM_NAMESPACE } from "../kube/eks-names.js";
import { compareText } from "../util/compare.js";
import { webhookBackends, webhookServices } from "./webhook-backend.js";

export interface K8sPresence {
  /** False when there is no Kubernetes evidence at all (no k8s/ folder): every item is not_collected. */
  k8s: boolean;
  /** Kinds listed even when nothing came back (an empty PodList, a live list call). */
  listedKinds?: readonly string[];
  /** Kinds listed in one namespace only: looked for there, not elsewhere. */
  listedIn?: readonly ListedIn[];
  /**
   * Sources of lists asked for with a selector (`kubectl get pods -l app=x` saved as a namespace's pods): their
   * objects are evidence, but prove nothing absent that they do not hold (src/snapshot/load/partial-list.ts).
   */
  filteredSources?: readonly string[];
  /** Kinds whose read failed (live collectors): every item of that kind carries this reason. */
  failedReads?: Partial<Record<ReadKind, { reason: UnavailableReason; detail: string; permission?: string }>>;
  /** Where the objects were looked for, quoted as the source of "absent": "k8s/" (default) or "live". */
  origin?: string;
  /** Why nothing at all was collected, when `k8s` is false (default: the snapshot has no k8s/ folder). */
  nothingCollected?: string;
}

const AGENT = POD_IDENTITY_AGENT;
const SYSTEM = SYSTEM_NAMESPACE;

export function selectEvidence(target: Target, objects: Sourced<K8sObject>[], presence: K8sPresence): KubernetesEvidence {
  const origin = presence.origin ?? "k8s/";
  const ns = target.namespace;
  const of = <T extends K8sObject>(kind: ReadKind, namespace?: string) =>
    objects.filter((o) => o.value.kind === kind && (namespace === undefined || o.value.metadata.namespace === namespace)) as Sourced<T>[];
  const named = <T extends K8sObject>(kind: ReadKind, name: string, namespace?: string) =>
    of<T>(kind, namespace).find((o) => o.value.metadata.name === name);

  /** Why `what` is missing: absent if its kind was looked for (in `namespace`), else not collected. */
  function missing<T>(kind: ReadKind, what: string, namespace?: string): Evidence<T> {
    const failed = presence.failedReads?.[kind];
    if (failed) return unavailable(failed.reason, `${what}: ${failed.detail}`, failed.permission ? { permission: failed.permission } : {});
    if (!presence.k8s)
      return unavailable("not_collected", `${what}: not collected — ${presence.nothingCollected ?? "the snapshot has no k8s/ folder"}`);
    const listedThere = namespace !== undefined && presence.listedIn?.some((l) => l.kind === kind && l.namespace === namespace);
    const held = of(kind, namespace);
    const filtered = held.filter((o) => presence.filteredSources?.includes(o.source));
    if (presence.listedKinds?.includes(kind) || listedThere || held.length > filtered.length) {
      return absent(origin, `${what} is not among the ${kind} objects collected`);
    }
    const where = namespace ? ` of namespace ${namespace}` : "";
    if (filtered.length > 0) {
      const files = [...new Set(filtered.map((o) => o.source))].join(", ");
      return unavailable(
        "not_collected",
        `${what}: not collected — ${origin} holds ${kind} objects${where} only from a list asked for with a selector (${files}), which proves nothing of the others`,
      );
    }
    return unavailable("not_collected", `${what}: not collected — ${origin} holds no ${kind} objects${where}`);
  }
  /** A list: found (possibly empty) when its kind was looked for, else why not. */
  function list<T extends K8sObject>(kind: ReadKind, items: Sourced<T>[], what: string, namespace?: string): Evidence<T[]> {
    if (items.length > 0)
      return found(
        items.map((i) => i.value),
        sourcesOf(items, origin),
      );
    const why = missing<T[]>(kind, what, namespace);
    return why.status === "absent" ? found([], origin) : why;
  }

  // ---- the pod
  const nsPods = of<Pod>("Pod", ns);
  let pod: Evidence<Pod>;
  if (target.pod) {
    const hit = named<Pod>("Pod", target.pod, ns);
    pod = hit ? found(hit.value, hit.source) : missing("Pod", `pod ${ns}/${target.pod}`, ns);
  } else if (target.serviceAccount) {
    const candidates = nsPods.filter((p) => serviceAccountOf(p.value) === target.serviceAccount);
    const chosen = [...candidates].sort((a, b) => byRelevance(a.value, b.value))[0];
    if (chosen) {
      const among = `${candidates.length} pod${candidates.length > 1 ? "s" : ""} of service account ${target.serviceAccount}`;
      const why = `chose ${chosen.value.metadata.name}, ${podCondition(chosen.value)}, among ${among}`;
      pod = found(chosen.value, `${chosen.source} (${why})`);
    } else pod = missing("Pod", `a pod of service account ${ns}/${target.serviceAccount}`, ns);
  } else {
    pod = unavailable("not_collected", "target.yaml names neither a pod nor a serviceAccount, so no pod was chosen");
  }
  const thePod = pod.status === "found" ? pod.value : null;
  // "Not found" only when it was looked for and is not there: an unreachable API server or a refused read
  // says so, never that the pod does not exist.
  const noPod =
    pod.status === "absent"
      ? "the pod was not found"
      : pod.status === "unavailable" && pod.reason !== "not_collected"
        ? `the pod could not be read (${pod.reason.replace(/_/g, " ")})`
        : "the pod was not collected";

  // ---- its service account
  const saName = thePod ? serviceAccountOf(thePod) : target.serviceAccount;
  const serviceAccount: Evidence<ServiceAccount> = saName
    ? (() => {
        const hit = named<ServiceAccount>("ServiceAccount", saName, ns);
        return hit ? found(hit.value, hit.source) : missing("ServiceAccount", `service account ${ns}/${saName}`, ns);
      })()
    : unavailable("not_collected", `${noPod}, so its service account is not known`);

  // ---- owners: the pod's controller chain, or (no pod) the workloads whose template runs as the SA
  const owners = thePod
    ? ownerChain(thePod, pod.status === "found" ? pod.source : origin)
    : saName
      ? (() => {
          const workloads = [...of<GenericObject>("ReplicaSet", ns), ...of<GenericObject>("Deployment", ns)].filter(
            (w) => templateServiceAccount(w.value) === saName,
          );
          if (workloads.length > 0)
            return found(
              workloads.map((w) => w.value),
              sourcesOf(workloads, origin),
            );
          const rs = missing<GenericObject[]>("ReplicaSet", `workloads of service account ${saName}`, ns);
          const dep = missing<GenericObject[]>("Deployment", `workloads of service account ${saName}`, ns);
          return rs.status === "absent" || dep.status === "absent" ? found([], origin) : rs;
        })()
      : unavailable<GenericObject[]>("not_collected", `${noPod}, so its owners are not known`);

  // A bundle often holds the Deployment but not its ReplicaSet: a ReplicaSet is named
  // <deployment>-<pod-template-hash>, and the pod carries that hash as a label, so the Deployment is known.
  function deploymentOfReplicaSet(pod: K8sObject, ref: { kind: string; name: string }): Sourced<GenericObject> | undefined {
    const hash = pod.metadata.labels?.["pod-template-hash"];
    if (ref.kind !== "ReplicaSet" || !hash || !ref.name.endsWith(`-${hash}`)) return undefined;
    return named<GenericObject>("Deployment", ref.name.slice(0, -(hash.length + 1)), ns);
  }

  function ownerChain(start: Pod, startSource: string): Evidence<GenericObject[]> {
    const chain: Sourced<GenericObject>[] = [];
    let current: K8sObject = start;
    for (let depth = 0; depth < 4; depth++) {
      const refs = current.metadata.ownerReferences ?? [];
      const ref = refs.find((r) => r.controller) ?? refs[0];
      if (!ref || (ref.kind !== "ReplicaSet" && ref.kind !== "Deployment")) break;
      const owner = named<GenericObject>(ref.kind, ref.name, ns) ?? deploymentOfReplicaSet(current, ref);
      if (!owner) {
        if (chain.length === 0) {
          const why = missing<GenericObject[]>(ref.kind, `${ref.kind} ${ns}/${ref.name} (owner of ${start.metadata.name})`, ns);
          if (why.status !== "absent") return why;
        }
        break;
      }
      chain.push(owner);
      current = owner.value;
    }
    return found(
      chain.map((c) => c.value),
      chain.length ? sourcesOf(chain, origin) : startSource,
    );
  }

  // ---- pods of the target: same service account or same controller
  const ownerNames = new Set(valueList(owners).map((o) => `${o.kind}/${o.metadata.name}`));
  const targetPods = nsPods.filter((p) => {
    if (thePod && p.value.metadata.name === thePod.metadata.name) return true;
    if (saName && serviceAccountOf(p.value) === saName) return true;
    return (p.value.metadata.ownerReferences ?? []).some((r) => ownerNames.has(`${r.kind}/${r.name}`));
  });
  const pods = list<Pod>("Pod", targetPods, `pods of ${ns}/${saName ?? target.pod ?? "the target"}`, ns);

  // ---- events about the pod, the service account and the owners (FailedCreate lands on the ReplicaSet)
  const involved = new Set<string>();
  const podName = thePod?.metadata.name ?? target.pod;
  if (podName) involved.add(`Pod/${podName}`);
  if (saName) involved.add(`ServiceAccount/${saName}`);
  ownerNames.forEach((o) => involved.add(o));
  // A service account's target: every workload running as it, not only the chosen pod's. A newer revision that
  // cannot create its pods (FailedCreate on its ReplicaSet) is not the running pod's owner.
  if (!target.pod && saName)
    for (const w of [...of<GenericObject>("ReplicaSet", ns), ...of<GenericObject>("Deployment", ns)])
      if (templateServiceAccount(w.value) === saName) involved.add(`${w.value.kind}/${w.value.metadata.name}`);
  // A controller reports its AWS failures on its own custom resources (Velero's BackupStorageLocation), under
  // its own component name: events a container of the pod reports are the workload speaking too.
  const reporters = new Set((thePod ? [...thePod.spec.containers, ...(thePod.spec.initContainers ?? [])] : []).map((c) => c.name));
  const reporter = (e: K8sEvent): string | undefined =>
    (e as { reportingComponent?: string }).reportingComponent || (e as { source?: { component?: string } }).source?.component;
  const eventItems = of<K8sEvent>("Event", ns)
    .filter(
      (e) =>
        involved.has(`${e.value.involvedObject.kind}/${e.value.involvedObject.name}`) ||
        reporters.has(reporter(e.value) ?? "") ||
        refusesPodCreation(e.value),
    )
    .sort((a, b) => compareText(eventTime(a.value), eventTime(b.value)) || compareText(a.value.metadata.name, b.value.metadata.name));
  const events = list<K8sEvent>("Event", eventItems, `events of namespace ${ns}`, ns);

  const mutatingWebhooks = list<MutatingWebhookConfiguration>(
    "MutatingWebhookConfiguration",
    of<MutatingWebhookConfiguration>("MutatingWebhookConfiguration"),
    "mutating webhook configurations",
  );

  // ---- the Pod Identity agent
  const isAgent = (o: K8sObject) =>
    o.metadata.labels?.["app.kubernetes.io/name"] === AGENT || o.metadata.name === AGENT || o.metadata.name.startsWith(`${AGENT}-`);
  const agentSet = of<DaemonSet>("DaemonSet", SYSTEM).find((d) => isAgent(d.value));
  const podIdentityAgent: Evidence<DaemonSet> = agentSet
    ? found(agentSet.value, agentSet.source)
    : missing("DaemonSet", `DaemonSet ${SYSTEM}/${AGENT}`, SYSTEM);
  const nodeName = thePod?.spec.nodeName;
  const onNode = (p: Pod) => (nodeName && p.spec.nodeName === nodeName ? 1 : 0);
  const agentPods = of<Pod>("Pod", SYSTEM)
    .filter((p) => isAgent(p.value))
    .sort((a, b) => onNode(b.value) - onNode(a.value) || compareText(a.value.metadata.name, b.value.metadata.name));
  const podIdentityAgentPods = list<Pod>("Pod", agentPods, `pods of ${SYSTEM}`, SYSTEM);

  // ---- the node
  let node: Evidence<Node>;
  if (nodeName) {
    const hit = named<Node>("Node", nodeName);
    node = hit ? found(hit.value, hit.source) : missing("Node", `node ${nodeName}`);
  } else if (target.instanceId) {
    const id = target.instanceId;
    const hit = of<Node>("Node").find((n) => (n.value.spec?.providerID ?? "").endsWith(`/${id}`));
    node = hit ? found(hit.value, hit.source) : missing("Node", `the node of instance ${id}`);
  } else if (thePod) {
    node = absent(
      pod.status === "found" ? pod.source : origin,
      `pod ${thePod.metadata.name} is not scheduled on a node (no spec.nodeName)`,
    );
  } else {
    node = unavailable("not_collected", `${noPod} and no instance id was given, so the node is not known`);
  }

  const nsHit = named<GenericObject>("Namespace", ns);
  const namespace: Evidence<GenericObject> = nsHit ? found(nsHit.value, nsHit.source) : missing("Namespace", `namespace ${ns}`);

  const backends = webhookBackendsOf(mutatingWebhooks, of, missing);
  return {
    pod,
    pods,
    serviceAccount,
    events,
    mutatingWebhooks,
    podIdentityAgent,
    podIdentityAgentPods,
    node,
    namespace,
    owners,
    ...(backends ? { webhookBackends: backends } : {}),
  };
}

/** The self-hosted webhook's pods and events, when a configuration names its Service and its pods were collected. */
function webhookBackendsOf(
  configs: Evidence<MutatingWebhookConfiguration[]>,
  of: <T extends K8sObject>(kind: ReadKind, namespace?: string) => Sourced<T>[],
  missing: <T>(kind: ReadKind, what: string, namespace?: string) => Evidence<T>,
): Evidence<WebhookBackend[]> | undefined {
  if (configs.status !== "found" || webhookServices(configs.value).length === 0) return undefined;
  const namespaces = [...new Set(webhookServices(configs.value).map((s) => s.namespace))];
  const pods = namespaces.flatMap((n) => of<Pod>("Pod", n));
  const events = namespaces.flatMap((n) => of<K8sEvent>("Event", n));
  const services = namespaces.flatMap((n) => of<K8sObject>("Service", n));
  const backends = webhookBackends(
    configs.value,
    pods.map((p) => p.value),
    events.map((e) => e.value),
    services.map((x) => x.value),
  );
  const used = [...pods, ...events].filter((o) =>
    backends.some((b) => (b.pods as K8sObject[]).includes(o.value) || (b.events as K8sObject[]).includes(o.value)),
  );
  const usedServices = services.filter((x) =>
    backends.some(
      (b) => b.selector !== null && x.value.metadata.name === b.service.name && x.value.metadata.namespace === b.service.namespace,
    ),
  );
  // A Service whose namespace was listed and has none of its pods is left out: "none found" is an empty list.
  const seen = backends.filter((b) => b.pods.length > 0 || b.events.length > 0);
  if (seen.length === 0) {
    const what = `the pods behind ${backends.map((b) => `Service ${b.service.namespace}/${b.service.name}`).join(", ")}`;
    const why = missing<WebhookBackend[]>("Pod", what, namespaces[0]);
    return why.status === "absent" ? found([], why.source) : why;
  }
  return found(seen, joinSources([...usedServices, ...used]));
}

/**
 * The API server refused to create a pod (invalid after mutation, denied by an admission webhook, forbidden), as
 * the controller that asked reports it, on whatever object it owns (a custom resource, a Job): the namespace's new
 * pods may not start, whichever workload it is. Kept with the target's events so "healthy" does not pass over it.
 */
export const POD_CREATION_REFUSED = /\bPod "[^"]+" is invalid:|admission webhook "[^"]+" denied the request|\bpods "[^"]+" is forbidden:/i;
const refusesPodCreation = (e: K8sEvent): boolean => e.type === "Warning" && POD_CREATION_REFUSED.test(e.message ?? "");

/** The service account a pod runs as; Kubernetes defaults it to "default". */
export function serviceAccountOf(pod: Pod): string {
  const spec = pod.spec as Pod["spec"] & { serviceAccount?: string };
  return spec.serviceAccountName || spec.serviceAccount || "default";
}

function templateServiceAccount(o: K8sObject): string {
  const spec = (o.spec as { template?: { spec?: { serviceAccountName?: string; serviceAccount?: string } } } | undefined)?.template?.spec;
  return spec?.serviceAccountName || spec?.serviceAccount || "default";
}

function eventTime(e: K8sEvent): string {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "";
}

function sourcesOf(items: { source: string }[], fallback: string): string {
  return joinSources(items) || fallback;
}

function valueList<T>(e: Evidence<T[]>): T[] {
  return e.status === "found" ? e.value : [];
}
