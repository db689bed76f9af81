// webhook.not_injecting: an annotated service account's pod got nothing from the webhook because its
// configuration is gone, excludes the pod (skip label, objectSelector, namespaceSelector), calls to it fail,
// or pods created after the annotation lack the env too. Guards the line with pod_predates_annotation.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/webhook/not-injecting.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected, valueOf } from "../../../src/snapshot/evidence.js";
import type { LogMatch, K8sEvent, MutatingWebhookConfiguration, Pod, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";
import { healthVerdict } from "../../../src/diagnosis/health.js";

const DELETED = "webhook.not_injecting--webhook-configuration-deleted";
const SKIP = "webhook.not_injecting--skip-label";
const PREDATES = "irsa_annotation.pod_predates_annotation--annotated-after-start";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function webhook(s: Snapshot): MutatingWebhookConfiguration["webhooks"] & object {
  const config = valueOf(s.k8s.mutatingWebhooks)?.find((c) => c.metadata.name === "pod-identity-webhook");
  if (!config?.webhooks) throw new Error("scenario has no pod-identity-webhook");
  return config.webhooks;
}

function failedCreate(message: string): K8sEvent {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "payments-api-7d9c8b6f5.17cf4a5d0e1f2a3b", namespace: "payments" },
    involvedObject: { kind: "ReplicaSet", name: "payments-api-7d9c8b6f5", namespace: "payments" },
    type: "Warning",
    reason: "FailedCreate",
    count: 12,
    message,
    lastTimestamp: "2024-05-14T09:30:40Z",
  };
}

describe("webhook.not_injecting", () => {
  it("fires high when the pod-identity-webhook configuration is gone, naming what is left", async () => {
    const finding = run(await loadScenario(DELETED));
    expect(finding?.causeId).toBe("webhook.not_injecting");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("payments/payments-api");
    expect(finding?.detail).toContain("only vpc-resource-mutating-webhook");
    expect(finding?.actions.map((a) => a.command)).toContain("kubectl rollout restart deployment/payments-api -n payments");
  });

  it("fires high on the skip label and removes it from the Deployment's pod template", async () => {
    const finding = run(await loadScenario(SKIP));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("eks.amazonaws.com/skip-pod-identity-webhook=true");
    expect(finding?.actions.map((a) => a.command)).toContain(
      `kubectl patch deployment/payments-api -n payments --type json -p '[{"op":"remove","path":"/spec/template/metadata/labels/eks.amazonaws.com~1skip-pod-identity-webhook"}]'`,
    );
  });

  it("fires high when the objectSelector does not select the pod", async () => {
    const s = await variant(PREDATES, (x) => {
      webhook(x)[0]!.objectSelector = { matchLabels: { "irsa.example.com/inject": "enabled" } };
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("objectSelector of webhook iam-for-pods.amazonaws.com");
    expect(finding?.detail).toContain("irsa.example.com/inject In (enabled)");
  });

  it("fires high when the pod's skip-containers annotation names every container", async () => {
    const s = await variant(PREDATES, (x) => {
      const pod = valueOf(x.k8s.pod)!;
      pod.metadata.annotations = { "eks.amazonaws.com/skip-containers": "payments-api" };
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("eks.amazonaws.com/skip-containers=payments-api");
  });

  it("fires high when the namespaceSelector does not select the pod's namespace", async () => {
    const s = await variant(PREDATES, (x) => {
      webhook(x)[0]!.namespaceSelector = { matchExpressions: [{ key: "team", operator: "NotIn", values: ["payments"] }] };
    });
    expect(run(s)?.detail).toContain("namespaceSelector");
  });

  it("fires high when events show the apiserver failing to call the webhook", async () => {
    const s = await variant(PREDATES, (x) => {
      const events = valueOf(x.k8s.events) ?? [];
      events.push(
        failedCreate(
          'Error creating: Internal error occurred: failed calling webhook "iam-for-pods.amazonaws.com": failed to call webhook: Post "https://127.0.0.1:23443/mutate?timeout=10s": context deadline exceeded',
        ),
      );
      x.k8s.events = { status: "found", value: events, source: "k8s/events-payments.yaml" };
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(
      finding?.evidence.some((e) => e.type === "event" && e.content.includes("FailedCreate on ReplicaSet payments-api-7d9c8b6f5 (x12)")),
    ).toBe(true);
  });

  it("is medium when every failed call predates the pod: it was admitted after that outage", async () => {
    const s = await variant(PREDATES, (x) => {
      const events = valueOf(x.k8s.events) ?? [];
      const e = failedCreate(
        'Error creating: Internal error occurred: failed calling webhook "iam-for-pods.amazonaws.com": context deadline exceeded',
      );
      e.lastTimestamp = "2024-05-14T08:40:00Z";
      events.push(e);
      x.k8s.events = { status: "found", value: events, source: "k8s/events-payments.yaml" };
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toMatch(/though only before pod .* was created \(2024-05-14T09:05:12Z\)/);
  });

  it("a service account whose newer revision is rejected over the webhook's token mount is not healthy for its older pods", async () => {
    const refusedNewRevision = (message: string) => async () =>
      run(
        await variant("healthy--irsa", (x) => {
          x.target.pod = null;
          x.target.serviceAccount = "payments-api";
          const events = valueOf(x.k8s.events) ?? [];
          const e = failedCreate(message);
          e.involvedObject = { kind: "ReplicaSet", name: "payments-api-5b8c7d9e1", namespace: "payments" };
          e.lastTimestamp = "2024-06-01T10:00:00Z";
          events.push(e);
          x.k8s.events = { status: "found", value: events, source: "k8s/events-payments.yaml" };
        }),
      );
    const f = await refusedNewRevision(
      'Error creating: Pod "payments-api-5b8c7d9e1-q8m4t" is invalid: spec.containers[0].volumeMounts[2].mountPath: Invalid value: "/var/run/secrets/eks.amazonaws.com/serviceaccount": must be unique',
    )();
    expect(f?.causeId).toBe("webhook.not_injecting");
    expect(f?.confidence).toBe("medium");
    expect(f?.detail).toMatch(
      /rejects the pods ReplicaSet payments-api-5b8c7d9e1 \(ServiceAccount payments\/payments-api\) creates as invalid/,
    );
    expect(f?.detail).toMatch(/pod payments-api-7d9c8b6f5-x2k4q, which was read, is an older revision's/);
    // A rejection that names nothing the webhook injects is not laid at its door.
    expect(
      await refusedNewRevision('Error creating: pods "payments-api-5b8c7d9e1-q8m4t" is forbidden: exceeded quota: compute')(),
    ).toBeNull();
  });

  it("fires medium when a pod created after the annotation still lacks the env and nothing names why", async () => {
    const s = await variant(PREDATES, (x) => {
      valueOf(x.k8s.pod)!.metadata.creationTimestamp = "2024-05-14T09:25:00Z";
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("created after the annotation was written (2024-05-14T09:20:41Z)");
  });

  it("is only low when the webhook configurations were not collected", async () => {
    const s = await variant(PREDATES, (x) => {
      const sa = valueOf(x.k8s.serviceAccount);
      if (sa) delete sa.metadata["managedFields"];
      x.k8s.mutatingWebhooks = notCollected("mutating webhook configurations");
    });
    expect(run(s)?.confidence).toBe("low");
  });

  it("does not fire on a pod that merely predates the annotation (webhook in place and selecting it)", async () => {
    expect(run(await loadScenario(PREDATES))).toBeNull();
  });

  it("does not fire when the pod has the env, even a stale one, or when generic no-credentials logs are all there is", async () => {
    expect(run(await loadScenario("irsa_annotation.pod_predates_annotation--stale-role-after-change"))).toBeNull();
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
  });

  it("does not fire without an annotation, nor on Pod Identity pods", async () => {
    expect(run(await loadScenario("irsa_annotation.missing--go-no-credential-providers"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
    const s = await variant(DELETED, (x) => {
      const pod = valueOf(x.k8s.pod) as Pod;
      pod.spec.containers[0]!.env!.push({ name: "AWS_CONTAINER_CREDENTIALS_FULL_URI", value: "http://169.254.170.23/v1/credentials" });
    });
    expect(run(s)).toBeNull();
  });

  // kubernetes/kops#13459: the webhook's pods never start, failurePolicy Fail refuses every pod: there is no pod to read.
  const KOPS = "webhook.not_injecting--kops-webhook-cert-volume-missing-failurepolicy-fail";

  it("fires high without a pod when the webhook refuses the creations of the service account's own ReplicaSet", async () => {
    const f = run(await variant(KOPS, () => {}));
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toContain("refuses to create the pods of ReplicaSet/s3-test-6f8d7b9c5d");
    expect(f?.evidence.find((e) => e.type === "webhook")?.content).toContain("failurePolicy Fail");
    expect(f?.evidence.find((e) => e.type === "event")?.content).toMatch(/^Warning FailedCreate on ReplicaSet s3-test-6f8d7b9c5d \(x17\)/);
  });

  it("is medium when the refused creations cannot be tied to the service account's workload", async () => {
    const f = run(await variant(KOPS, (s) => (s.k8s.owners = notCollected("deployments and replicasets"))));
    expect(f?.confidence).toBe("medium");
    expect(f?.toConfirm?.[0]).toMatch(/^which workload runs as ServiceAccount test-namespace\/test-s3-serviceaccount/);
  });

  it("is medium when the webhook's failurePolicy is not Fail", async () => {
    const f = run(await variant(KOPS, (s) => webhook(s).forEach((w) => (w.failurePolicy = "Ignore"))));
    expect(f?.confidence).toBe("medium");
  });
});

// The same webhook injects Pod Identity's variables: a pod created long after its association without them was
// admitted unmutated. Built on the healthy Pod Identity scenario (association 2024-03-11, pod 2024-05-14).
describe("webhook.not_injecting for a Pod Identity pod", () => {
  const PI = "healthy--pod-identity";
  const POD_IDENTITY_ENV = new Set(["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]);
  const unmutated = (x: Snapshot): void => {
    const pod = valueOf(x.k8s.pod);
    if (!pod) throw new Error("scenario has no pod");
    for (const c of pod.spec.containers) c.env = (c.env ?? []).filter((e) => !POD_IDENTITY_ENV.has(e.name));
  };
  const apiServerLine = (time: string): LogMatch => ({
    patternId: "webhook.call_failed",
    file: "control-plane/kube-apiserver.log",
    line: 1,
    text: `W0514 ${time} dispatcher.go:210] Failed calling webhook, failing open iam-for-pods.amazonaws.com: failed calling webhook "iam-for-pods.amazonaws.com": context deadline exceeded`,
    time: `2024-05-14T${time}Z`,
    captures: { name: "iam-for-pods.amazonaws.com" },
  });
  const withLines = (x: Snapshot, matches: LogMatch[]): void => {
    x.logs = found({ files: [...new Set(matches.map((m) => m.file))], matches, counts: {} }, "logs/");
  };

  it("names the webhook at medium when nothing says why it did not mutate the pod, and the pod is no longer healthy", async () => {
    const s = await variant(PI, unmutated);
    const finding = run(s);
    expect(finding?.causeId).toBe("webhook.not_injecting");
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("was created 64 days after the Pod Identity association");
    expect(finding?.toConfirm?.join(" ")).toContain("failed calling webhook");
    expect(healthVerdict(s, deriveFacts(s)).healthy).toBe(false);
  });

  it("is high when the API server's log shows the call failing open as the pod was created", async () => {
    const s = await variant(PI, (x) => {
      unmutated(x);
      withLines(x, [apiServerLine("10:47:38.201")]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.evidence.map((e) => e.content).join("\n")).toContain("failing open iam-for-pods.amazonaws.com");
  });

  it("leaves a Fargate pod to pod_identity.agent_not_running: Pod Identity does not run there", async () => {
    const s = await variant(PI, (x) => {
      unmutated(x);
      if (x.k8s.node.status !== "found") throw new Error("no node");
      x.k8s.node.value.metadata.labels = { ...x.k8s.node.value.metadata.labels, "eks.amazonaws.com/compute-type": "fargate" };
    });
    expect(run(s)).toBeNull();
  });

  it("leaves a pod admitted within a minute of its association to pod_identity.association_missing", async () => {
    const s = await variant(PI, (x) => {
      unmutated(x);
      const pod = valueOf(x.k8s.pod);
      if (pod) pod.metadata.creationTimestamp = "2024-03-11T13:24:30Z";
    });
    expect(run(s)).toBeNull();
  });
});
