// The Kubernetes resources the emulator serves and the offline cluster view reads: where they live in the
// API, which kind they hold, and which field selectors the apiserver accepts for them (anything else it
// rejects with 400).

export interface ResourceDef {
  group: string;
  version: string;
  /** Plural, as in the path: "pods". */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Field selector label -> how to read it from an object ("" when the field is unset, as the apiserver does). */
  fields: Record<string, (obj: Record<string, unknown>) => string>;
}

function path(obj: unknown, ...keys: string[]): string {
  let cur: unknown = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object") return "";
    cur = (cur as Record<string, unknown>)[k];
  }
  if (typeof cur === "string") return cur;
  if (typeof cur === "number" || typeof cur === "boolean") return String(cur);
  return "";
}

const META_FIELDS: ResourceDef["fields"] = {
  "metadata.name": (o) => path(o, "metadata", "name"),
  "metadata.namespace": (o) => path(o, "metadata", "namespace"),
};

const POD_FIELDS: ResourceDef["fields"] = {
  ...META_FIELDS,
  "spec.nodeName": (o) => path(o, "spec", "nodeName"),
  "spec.serviceAccountName": (o) => path(o, "spec", "serviceAccountName"),
  "spec.restartPolicy": (o) => path(o, "spec", "restartPolicy"),
  "spec.schedulerName": (o) => path(o, "spec", "schedulerName"),
  "spec.hostNetwork": (o) => path(o, "spec", "hostNetwork") || "false",
  "status.phase": (o) => path(o, "status", "phase"),
  "status.podIP": (o) => path(o, "status", "podIP"),
  "status.nominatedNodeName": (o) => path(o, "status", "nominatedNodeName"),
};

const EVENT_FIELDS: ResourceDef["fields"] = {
  ...META_FIELDS,
  "involvedObject.kind": (o) => path(o, "involvedObject", "kind"),
  "involvedObject.name": (o) => path(o, "involvedObject", "name"),
  "involvedObject.namespace": (o) => path(o, "involvedObject", "namespace"),
  "involvedObject.uid": (o) => path(o, "involvedObject", "uid"),
  "involvedObject.apiVersion": (o) => path(o, "involvedObject", "apiVersion"),
  "involvedObject.resourceVersion": (o) => path(o, "involvedObject", "resourceVersion"),
  "involvedObject.fieldPath": (o) => path(o, "involvedObject", "fieldPath"),
  reason: (o) => path(o, "reason"),
  reportingComponent: (o) => path(o, "reportingComponent"),
  source: (o) => path(o, "source", "component"),
  type: (o) => path(o, "type"),
};

const def = (group: string, version: string, resource: string, kind: string, namespaced: boolean, fields = META_FIELDS): ResourceDef => ({
  group,
  version,
  resource,
  kind,
  namespaced,
  fields,
});

export const RESOURCES: readonly ResourceDef[] = [
  def("", "v1", "namespaces", "Namespace", false, { ...META_FIELDS, "status.phase": (o) => path(o, "status", "phase") }),
  def("", "v1", "nodes", "Node", false, { ...META_FIELDS, "spec.unschedulable": (o) => path(o, "spec", "unschedulable") || "false" }),
  def("", "v1", "pods", "Pod", true, POD_FIELDS),
  def("", "v1", "serviceaccounts", "ServiceAccount", true),
  def("", "v1", "services", "Service", true),
  def("", "v1", "events", "Event", true, EVENT_FIELDS),
  def("", "v1", "configmaps", "ConfigMap", true),
  // Listed so that a request for them is recognised and refused, never served (see routes).
  def("", "v1", "secrets", "Secret", true),
  def("apps", "v1", "daemonsets", "DaemonSet", true),
  def("apps", "v1", "deployments", "Deployment", true),
  def("apps", "v1", "replicasets", "ReplicaSet", true),
  def("apps", "v1", "statefulsets", "StatefulSet", true),
  def("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false),
  def("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false),
];

export function findResource(group: string, version: string, resource: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}
