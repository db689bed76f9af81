// A self-hosted pod-identity-webhook's own pods say why the apiserver cannot call it: the report cites their
// state and Warning events (kOps' webhook Pending on a certificate Secret that never came), read from the pods
// behind the Service its configuration names. EKS's webhook names no Service and has nothing of it to read.

import { describe, expect, it } from "vitest";
import { check } from "../../src/checks/webhook/not-injecting.js";
import { deriveFacts } from "../../src/diagnosis/facts/index.js";
import { selectEvidence } from "../../src/snapshot/select.js";
import { servesService, webhookBackends } from "../../src/snapshot/webhook-backend.js";
import type { K8sEvent, MutatingWebhook, MutatingWebhookConfiguration, Pod, Snapshot } from "../../src/snapshot/types.js";
import { variant } from "../support/scenarios.js";

const KOPS = "webhook.not_injecting--kops-webhook-cert-volume-missing-failurepolicy-fail";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));
const SVC = { name: "pod-identity-webhook", namespace: "kube-system" };

const pod = (name: string, namespace: string, labels: Record<string, string> = {}): Pod =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { containers: [] } }) as Pod;
const event = (podName: string, namespace: string, message: string, at: string): K8sEvent => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: `${podName}.${at}`, namespace },
  involvedObject: { kind: "Pod", name: podName, namespace },
  type: "Warning",
  reason: "BackOff",
  message,
  lastTimestamp: at,
});
const config = (clientConfig: MutatingWebhook["clientConfig"]) =>
  ({
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: "pod-identity-webhook" },
    webhooks: [{ name: "pod-identity-webhook.amazonaws.com", clientConfig }],
  }) as MutatingWebhookConfiguration;

describe("the pods behind a self-hosted webhook", () => {
  it("cites the webhook pods' state and their newest Warning event, with the files they came from", async () => {
    const f = run(await variant(KOPS, () => {}));
    const pods = f?.evidence.filter((e) => e.content.startsWith("Webhook pod kube-system/pod-identity-webhook-")) ?? [];
    expect(pods).toHaveLength(2);
    expect(pods[0]?.content).toMatch(/Pending \(ContainerCreating\)$/);
    expect(pods[0]?.source).toMatch(/k8s\/kube-system-pods-pod-identity-webhook\.yaml/);
    expect(f?.evidence.some((e) => e.type === "event" && /secret "pod-identity-webhook-cert" not found/.test(e.content))).toBe(true);
    expect(f?.detail).toMatch(/2 of its 2 pods not ready/);
    expect(f?.immediate).toMatch(/FailedMount: MountVolume\.SetUp failed for volume "cert"/);
  });

  it("without the webhook's pods in the bundle, says nothing of them", async () => {
    const f = run(
      await variant(KOPS, (s) => {
        delete s.k8s.webhookBackends;
      }),
    );
    expect(f?.evidence.some((e) => e.content.startsWith("Webhook pod "))).toBe(false);
    expect(f?.immediate).toMatch(/their events and logs say why they do not/);
  });

  it("picks the Service's pods by label or Deployment pod name in its namespace only, and their events oldest first", () => {
    const pods = [
      pod("pod-identity-webhook-7b5f9d7c8b-4xk2m", "kube-system"),
      pod("webhook-abc", "kube-system", { app: "pod-identity-webhook" }),
      pod("pod-identity-webhook-7b5f9d7c8b-zzzzz", "other"),
      pod("pod-identity-webhook-cleanup", "kube-system"),
    ];
    const events = [
      event("webhook-abc", "kube-system", "second", "2024-01-01T00:02:00Z"),
      event("pod-identity-webhook-7b5f9d7c8b-4xk2m", "kube-system", "first", "2024-01-01T00:01:00Z"),
      event("coredns-5d78c9869d-abcde", "kube-system", "not the webhook's", "2024-01-01T00:00:30Z"),
    ];
    const [b] = webhookBackends([config({ service: SVC })], pods, events);
    expect(b?.pods.map((p) => p.metadata.name)).toEqual(["pod-identity-webhook-7b5f9d7c8b-4xk2m", "webhook-abc"]);
    expect(b?.events.map((e) => e.message)).toEqual(["first", "second"]);
    expect(servesService(pod("pod-identity-webhook-cleanup", "kube-system"), SVC)).toBe(false);
  });

  it("a webhook called by URL (EKS's, on the control plane) has no backend to read", () => {
    const k8s = selectEvidence(
      { cluster: "c", region: "eu-west-1", namespace: "ns", pod: null, serviceAccount: "sa", account: null, instanceId: null } as never,
      [
        { value: config({ url: "https://127.0.0.1:23443/mutate" }), source: "k8s/mwc.yaml" },
        { value: pod("pod-identity-webhook-7b5f9d7c8b-4xk2m", "kube-system"), source: "k8s/pods.yaml" },
      ],
      { k8s: true },
    );
    expect(k8s.webhookBackends).toBeUndefined();
  });
});
