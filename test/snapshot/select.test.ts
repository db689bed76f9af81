// selectEvidence: which pod, service account, node, owners and agent the diagnosis reads, and the
// difference between "looked for and not there" (absent) and "nobody looked" (not_collected).

import { describe, expect, test } from "vitest";
import type { Sourced } from "../../src/snapshot/load/raw-types.js";
import { selectEvidence } from "../../src/snapshot/select.js";
import type { K8sObject, Target } from "../../src/snapshot/types.js";
import { pod } from "./support.js";

const target = (t: Partial<Target>): Target => ({
  cluster: "prod-eu",
  region: "eu-west-1",
  account: null,
  namespace: "payments",
  pod: null,
  serviceAccount: null,
  instanceId: null,
  incidentTime: null,
  ...t,
});
const src = (value: object, source = "k8s/objects.yaml") => ({ value: value as K8sObject, source });
const obj = (kind: string, name: string, namespace?: string, extra: object = {}) =>
  src({ apiVersion: "v1", kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra });
const crashLooping = {
  phase: "Running",
  containerStatuses: [
    { name: "app", ready: false, restartCount: 6, state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s" } } },
  ],
};
const pending = {
  phase: "Pending",
  containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }],
};

describe("selectEvidence: the pod", () => {
  test("with only a service account, the crash-looping pod is chosen over newer healthy and pending ones, and the source says so", () => {
    const objects = [
      src(pod("api-1", { created: "2024-05-14T09:30:00Z" })),
      src(pod("api-2", { created: "2024-05-14T09:00:00Z", status: crashLooping })),
      src(pod("api-3", { created: "2024-05-14T09:20:00Z", status: pending })),
      src(pod("other", { sa: "other", status: crashLooping })),
    ];
    const k8s = selectEvidence(target({ serviceAccount: "payments-api" }), objects, { k8s: true });
    expect(k8s.pod.status === "found" && k8s.pod.value.metadata.name).toBe("api-2");
    expect(k8s.pod.status === "found" && k8s.pod.source).toBe(
      "k8s/objects.yaml (chose api-2, crash-looping, among 3 pods of service account payments-api)",
    );
    expect(k8s.pods.status === "found" && k8s.pods.value.map((p) => p.metadata.name)).toEqual(["api-1", "api-2", "api-3"]);
  });

  test("without a crash-looping pod, a not-ready pod comes before a ready one; then the newest", () => {
    const objects = [
      src(pod("old-ready", { created: "2024-05-14T08:00:00Z" })),
      src(pod("new-ready", { created: "2024-05-14T09:00:00Z" })),
      src(pod("pending", { created: "2024-05-14T07:00:00Z", status: pending })),
    ];
    const pick = (objs: Sourced<K8sObject>[]) => {
      const e = selectEvidence(target({ serviceAccount: "payments-api" }), objs, { k8s: true }).pod;
      return e.status === "found" ? e.value.metadata.name : e.status;
    };
    expect(pick(objects)).toBe("pending");
    expect(pick(objects.slice(0, 2))).toBe("new-ready");
  });

  test("a named pod missing from a k8s/ that holds pods of the namespace is absent", () => {
    const k8s = selectEvidence(target({ pod: "payments-api-x" }), [src(pod("payments-api-y"))], { k8s: true });
    expect(k8s.pod).toEqual({
      status: "absent",
      source: "k8s/",
      detail: "pod payments/payments-api-x is not among the Pod objects collected",
    });
  });

  test("a named pod is not_collected when k8s/ holds no pods of that namespace", () => {
    const k8s = selectEvidence(target({ pod: "payments-api-x" }), [src(pod("agent", { namespace: "kube-system" }))], { k8s: true });
    expect(k8s.pod.status === "unavailable" && k8s.pod.reason).toBe("not_collected");
  });

  test("an empty typed PodList counts as looked for: the pod is absent", () => {
    const k8s = selectEvidence(target({ pod: "payments-api-x" }), [], { k8s: true, listedKinds: ["Pod"] });
    expect(k8s.pod.status).toBe("absent");
  });

  test("without a k8s/ folder every Kubernetes item is not_collected", () => {
    const k8s = selectEvidence(target({ pod: "p", instanceId: "i-0abc123def4567890" }), [], { k8s: false });
    for (const [name, e] of Object.entries(k8s)) {
      expect(e.status === "unavailable" && e.reason, name).toBe("not_collected");
    }
  });

  test("a read that failed live carries its reason and the permission to grant", () => {
    const k8s = selectEvidence(target({ pod: "p" }), [], {
      k8s: true,
      failedReads: { Pod: { reason: "permission_denied", detail: "pods is forbidden", permission: "get pods" } },
    });
    expect(k8s.pod).toMatchObject({ status: "unavailable", reason: "permission_denied", permission: "get pods" });
  });
});

describe("selectEvidence: what surrounds the pod", () => {
  const rs = obj("ReplicaSet", "api-7d9c8b6f5", "payments", {
    metadata: { name: "api-7d9c8b6f5", namespace: "payments", ownerReferences: [{ kind: "Deployment", name: "api", controller: true }] },
    spec: { template: { spec: { serviceAccountName: "payments-api" } } },
  });
  const deployment = obj("Deployment", "api", "payments", { spec: { template: { spec: { serviceAccountName: "payments-api" } } } });
  const thePod = src(pod("api-7d9c8b6f5-x2k4q", { node: "ip-10-0-42-17", owner: "api-7d9c8b6f5" }), "k8s/pod.yaml");
  const event = (name: string, kind: string, involved: string) =>
    obj("Event", name, "payments", {
      involvedObject: { kind, name: involved, namespace: "payments" },
      lastTimestamp: `2024-05-14T09:0${name.length % 10}:00Z`,
    });
  const agent = (name: string, node: string) =>
    src({
      ...pod(name, { namespace: "kube-system", node, sa: "eks-pod-identity-agent" }),
      metadata: { name, namespace: "kube-system", labels: { "app.kubernetes.io/name": "eks-pod-identity-agent" } },
    });

  test("service account, owners, events, node, namespace and the agent's pod on the same node first", () => {
    const objects = [
      thePod,
      rs,
      deployment,
      obj("ServiceAccount", "payments-api", "payments"),
      obj("ServiceAccount", "default", "payments"),
      obj("Namespace", "payments"),
      obj("Node", "ip-10-0-42-17", undefined, { spec: { providerID: "aws:///eu-west-1a/i-0abc123def4567890" } }),
      event("e-pod", "Pod", "api-7d9c8b6f5-x2k4q"),
      event("e-rs-fail", "ReplicaSet", "api-7d9c8b6f5"),
      event("e-sa", "ServiceAccount", "payments-api"),
      event("e-other", "Pod", "unrelated"),
      obj("DaemonSet", "eks-pod-identity-agent", "kube-system"),
      agent("eks-pod-identity-agent-aaaaa", "ip-10-0-1-1"),
      agent("eks-pod-identity-agent-zzzzz", "ip-10-0-42-17"),
      obj("MutatingWebhookConfiguration", "pod-identity-webhook"),
    ];
    const k8s = selectEvidence(target({ pod: "api-7d9c8b6f5-x2k4q" }), objects, { k8s: true });
    const names = (e: { status: string; value?: unknown }): string[] =>
      e.status === "found" ? (e.value as K8sObject[]).map((o) => o.metadata.name) : [e.status];
    expect(k8s.serviceAccount.status === "found" && k8s.serviceAccount.value.metadata.name).toBe("payments-api");
    expect(names(k8s.owners)).toEqual(["api-7d9c8b6f5", "api"]);
    expect(names(k8s.events).slice().sort()).toEqual(["e-pod", "e-rs-fail", "e-sa"]);
    expect(k8s.node.status === "found" && k8s.node.value.metadata.name).toBe("ip-10-0-42-17");
    expect(k8s.namespace.status).toBe("found");
    expect(k8s.podIdentityAgent.status).toBe("found");
    expect(names(k8s.podIdentityAgentPods)).toEqual(["eks-pod-identity-agent-zzzzz", "eks-pod-identity-agent-aaaaa"]);
    expect(names(k8s.mutatingWebhooks)).toEqual(["pod-identity-webhook"]);
  });

  test('a pod without serviceAccountName runs as "default"', () => {
    const p = pod("p");
    delete (p.spec as { serviceAccountName?: string }).serviceAccountName;
    const k8s = selectEvidence(target({ pod: "p" }), [src(p), obj("ServiceAccount", "default", "payments")], { k8s: true });
    expect(k8s.serviceAccount.status === "found" && k8s.serviceAccount.value.metadata.name).toBe("default");
  });

  test("no pod for the service account: the workloads using it and their events are still found (FailedCreate)", () => {
    const objects = [src(pod("unrelated", { sa: "other" })), rs, deployment, event("e-rs-fail", "ReplicaSet", "api-7d9c8b6f5")];
    const k8s = selectEvidence(target({ serviceAccount: "payments-api" }), objects, { k8s: true });
    expect(k8s.pod.status).toBe("absent");
    expect(k8s.owners.status === "found" && k8s.owners.value.map((o) => o.metadata.name)).toEqual(["api-7d9c8b6f5", "api"]);
    expect(k8s.events.status === "found" && k8s.events.value.map((e) => e.metadata.name)).toEqual(["e-rs-fail"]);
    expect(k8s.pods).toMatchObject({ status: "found", value: [] });
  });

  test("kinds present in k8s/ but without the item give absent; kinds never collected give not_collected", () => {
    const objects = [thePod, obj("Node", "another-node"), obj("DaemonSet", "aws-node", "kube-system")];
    const k8s = selectEvidence(target({ pod: "api-7d9c8b6f5-x2k4q" }), objects, { k8s: true });
    expect(k8s.node.status).toBe("absent");
    expect(k8s.podIdentityAgent.status).toBe("absent");
    expect(k8s.serviceAccount.status === "unavailable" && k8s.serviceAccount.reason).toBe("not_collected");
    expect(k8s.events.status === "unavailable" && k8s.events.reason).toBe("not_collected");
    expect(k8s.owners.status === "unavailable" && k8s.owners.detail).toContain("ReplicaSet payments/api-7d9c8b6f5");
  });

  test("Events collected but none about the target is found and empty, not missing", () => {
    const k8s = selectEvidence(target({ pod: "api-7d9c8b6f5-x2k4q" }), [thePod, event("e-other", "Pod", "unrelated")], { k8s: true });
    expect(k8s.events).toMatchObject({ status: "found", value: [] });
  });

  test("with no pod, the node is found through target.instanceId", () => {
    const objects = [obj("Node", "ip-10-0-42-17", undefined, { spec: { providerID: "aws:///eu-west-1a/i-0abc123def4567890" } })];
    const k8s = selectEvidence(target({ instanceId: "i-0abc123def4567890" }), objects, { k8s: true });
    expect(k8s.node.status === "found" && k8s.node.value.metadata.name).toBe("ip-10-0-42-17");
  });
});
