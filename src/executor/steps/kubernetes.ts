// list_k8s_resources, read_k8s_resource and get_k8s_events over the session's Kubernetes evidence: the
// target's pods, service account and events, the webhook configurations, the Pod Identity agent and the node.
// A kind the evidence does not hold, or a namespace it does not cover, is said to be not available.

import type { Evidence } from "../../snapshot/evidence.js";
import type { Pod } from "../../snapshot/types.js";
import { paramText } from "../params.js";
import { eventLine, podDetail, podLine, serviceAccountDetail } from "./kubernetes-views.js";
import { done, notAvailable, plural, type StepEnv, type StepExecutor, type StepOutcome } from "./outcome.js";

const NEVER_READ = new Set(["secret", "secrets"]);
const KNOWN_KINDS = "Pod, ServiceAccount, Event, MutatingWebhookConfiguration, DaemonSet (eks-pod-identity-agent), Node";

function missing(what: string, e: Evidence<unknown>): string {
  if (e.status === "absent") return `${what}: looked for and not found${e.detail ? ` (${e.detail})` : ""}`;
  if (e.status === "unavailable") return `${what} is not in the evidence (${e.reason}: ${e.detail})`;
  return what;
}

/** The kind asked for, normalised; a refusal when it is one irsa-doctor never reads or a namespace it lacks. */
function scope(env: StepEnv, namespaced: boolean): { kind: string } | { refusal: StepOutcome } {
  const kind = (paramText(env.params, "kind") ?? "Pod").toLowerCase();
  if (NEVER_READ.has(kind)) return { refusal: notAvailable("irsa-doctor never reads Secrets") };
  const ns = paramText(env.params, "namespace");
  if (namespaced && ns !== null && ns !== env.target.namespace && kind !== "daemonset") {
    return { refusal: notAvailable(`the evidence covers namespace ${env.target.namespace} only, not ${ns}`) };
  }
  return { kind };
}

export const listResources: StepExecutor = (env) => {
  const s = scope(env, true);
  if ("refusal" in s) return s.refusal;
  const k = env.session.snapshot.k8s;
  switch (s.kind) {
    case "pod": {
      if (k.pods.status !== "found") return notAvailable(missing("the target's pods", k.pods));
      const pods = [...k.pods.value].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)).map(podLine);
      const troubled = pods.filter((p) => p.trouble !== null);
      const summary = `${plural(pods.length, "pod")} of the target in ${env.target.namespace}; ${troubled.length === 0 ? "all running" : troubled.map((p) => `${p.name} (${p.trouble}, ${p.restarts} restarts)`).join(", ")}`;
      return done(summary, { namespace: env.target.namespace, pods, not_running: troubled.map((p) => p.name), source: k.pods.source });
    }
    case "serviceaccount":
      if (k.serviceAccount.status !== "found") return notAvailable(missing("the service account", k.serviceAccount));
      return done("1 service account (the target's; others of the namespace are not collected)", { service_accounts: [serviceAccountDetail(k.serviceAccount.value)] });
    case "event":
      return events(env);
    case "mutatingwebhookconfiguration": {
      if (k.mutatingWebhooks.status !== "found") return notAvailable(missing("the mutating webhook configurations", k.mutatingWebhooks));
      const configs = k.mutatingWebhooks.value.map((c) => ({ name: c.metadata.name, webhooks: (c.webhooks ?? []).map((w) => w.name) }));
      return done(`${plural(configs.length, "mutating webhook configuration")}: ${configs.map((c) => c.name).join(", ") || "none"}`, { configurations: configs });
    }
    case "daemonset":
      return readAgent(env);
    case "node":
      return readNode(env);
    default:
      return notAvailable(`the evidence holds no ${paramText(env.params, "kind")} objects (it holds ${KNOWN_KINDS})`);
  }
};

function readAgent(env: StepEnv): StepOutcome {
  const e = env.session.snapshot.k8s.podIdentityAgent;
  if (e.status !== "found") return notAvailable(missing("the eks-pod-identity-agent DaemonSet", e));
  const st = e.value.status ?? {};
  const result = { name: e.value.metadata.name, namespace: e.value.metadata.namespace ?? "kube-system", desired: st.desiredNumberScheduled ?? 0, ready: st.numberReady ?? 0, unavailable: st.numberUnavailable ?? 0 };
  return done(`eks-pod-identity-agent: ${result.ready}/${result.desired} ready`, result);
}

function readNode(env: StepEnv): StepOutcome {
  const e = env.session.snapshot.k8s.node;
  if (e.status !== "found") return notAvailable(missing("the pod's node", e));
  const ready = e.value.status?.conditions?.find((c) => c.type === "Ready");
  const result = { name: e.value.metadata.name, provider_id: e.value.spec?.providerID ?? null, kubelet: e.value.status?.nodeInfo?.kubeletVersion ?? null, ready: ready?.status ?? null };
  return done(`node ${result.name}: Ready=${result.ready ?? "unknown"}, kubelet ${result.kubelet ?? "unknown"}`, result);
}

function readPod(env: StepEnv): StepOutcome {
  const k = env.session.snapshot.k8s;
  const name = paramText(env.params, "name") ?? env.target.pod;
  if (k.pods.status !== "found" && k.pod.status !== "found") return notAvailable(missing("the pod", k.pod));
  const all: Pod[] = [...(k.pods.status === "found" ? k.pods.value : []), ...(k.pod.status === "found" ? [k.pod.value] : [])];
  const pod = all.find((p) => p.metadata.name === name);
  if (!pod) return notAvailable(`pod ${name ?? "(no name)"} is not among the pods collected (${all.map((p) => p.metadata.name).join(", ")})`);
  const d = podDetail(pod);
  const tokens = d.projected_tokens.map((t) => `${t.volume} (${t.audience ?? "API server audience"})`).join(", ") || "none";
  return done(`pod ${d.name}: ${d.trouble ?? "running"}, ${d.restarts} restarts, service account ${d.service_account}, projected tokens: ${tokens}`, d);
}

export const readResource: StepExecutor = (env) => {
  const s = scope(env, true);
  if ("refusal" in s) return s.refusal;
  const k = env.session.snapshot.k8s;
  switch (s.kind) {
    case "pod":
      return readPod(env);
    case "serviceaccount": {
      if (k.serviceAccount.status !== "found") return notAvailable(missing("the service account", k.serviceAccount));
      const sa = serviceAccountDetail(k.serviceAccount.value);
      const name = paramText(env.params, "name");
      if (name !== null && name !== sa.name) return notAvailable(`service account ${name} was not collected (the target's is ${sa.name})`);
      return done(`service account ${sa.name}: ${sa.role_arn ? `eks.amazonaws.com/role-arn=${sa.role_arn}` : "no eks.amazonaws.com/role-arn annotation"}`, sa);
    }
    case "daemonset":
      return readAgent(env);
    case "node":
      return readNode(env);
    default:
      return listResources(env);
  }
};

function events(env: StepEnv): StepOutcome {
  const e = env.session.snapshot.k8s.events;
  if (e.status !== "found") return notAvailable(missing("the events", e));
  const kind = paramText(env.params, "kind");
  const name = paramText(env.params, "name");
  const wanted = e.value.filter(
    (ev) => (kind === null || kind.toLowerCase() === "event" || (ev.involvedObject.kind ?? "").toLowerCase() === kind.toLowerCase()) && (name === null || ev.involvedObject.name === name),
  );
  const lines = wanted.map(eventLine).sort((a, b) => (a.last_seen ?? "").localeCompare(b.last_seen ?? "") || a.object.localeCompare(b.object));
  const warnings = lines.filter((l) => l.type === "Warning");
  const about = name ? `${kind ?? "object"} ${name}` : "the target";
  const summary = `${plural(lines.length, "event")} for ${about}; ${warnings.length === 0 ? "no warnings" : `warnings: ${[...new Set(warnings.map((w) => w.reason ?? "?"))].join(", ")}`}`;
  return done(summary, { events: lines.slice(-30), total: lines.length, warnings: warnings.length, credential_related: lines.filter((l) => l.credential_related).length });
}

export const getEvents: StepExecutor = (env) => {
  const s = scope(env, true);
  return "refusal" in s ? s.refusal : events(env);
};
