// The Kubernetes side of the emulator, driven by the real @kubernetes/client-node over HTTP with the
// kubeconfig the emulator writes.

import { AdmissionregistrationV1Api, AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/emulator/index.js";
import { SHOP_SNAPSHOT, apiBody, rejectionOf } from "./helpers.js";

let emulator: StartedEmulator;
let core: CoreV1Api;
let apps: AppsV1Api;
let admission: AdmissionregistrationV1Api;

beforeAll(async () => {
  emulator = await startEmulator({ snapshotDir: SHOP_SNAPSHOT });
  const kc = new KubeConfig();
  kc.loadFromFile(emulator.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  admission = kc.makeApiClient(AdmissionregistrationV1Api);
});
afterAll(async () => {
  await emulator.close();
});

describe("objects and Status errors", () => {
  test("readNamespacedPod returns the snapshot's pod with kind, apiVersion and resourceVersion", async () => {
    const pod = await core.readNamespacedPod({ name: "web-6b7c9d-abcde", namespace: "shop" });
    expect(pod.kind).toBe("Pod");
    expect(pod.apiVersion).toBe("v1");
    expect(pod.metadata?.resourceVersion).toBe("1201");
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(["web", "sidecar"]);
    expect(pod.spec?.serviceAccountName).toBe("web");
  });

  test("a pod missing from a collected kind is a 404 NotFound Status naming it", async () => {
    const err = await rejectionOf(() => core.readNamespacedPod({ name: "no-such-pod", namespace: "shop" }));
    expect(err["code"]).toBe(404);
    const body = apiBody(err);
    expect(body).toMatchObject({ kind: "Status", reason: "NotFound", code: 404, details: { name: "no-such-pod", kind: "pods" } });
    expect(body["message"]).toBe('pods "no-such-pod" not found');
  });

  test("a pod with the right name in another namespace is not found", async () => {
    const err = await rejectionOf(() => core.readNamespacedPod({ name: "worker-1", namespace: "kube-system" }));
    expect(err["code"]).toBe(404);
  });

  test("secrets are never served, even one present in the snapshot files", async () => {
    const err = await rejectionOf(() => core.readNamespacedSecret({ name: "db-password", namespace: "shop" }));
    expect(err["code"]).toBe(403);
    expect(apiBody(err)["reason"]).toBe("Forbidden");
    const list = await rejectionOf(() => core.listNamespacedSecret({ namespace: "shop" }));
    expect(list["code"]).toBe(403);
  });

  test("a kind the snapshot never collected answers 403 Forbidden, not an empty list", async () => {
    const err = await rejectionOf(() => core.listNamespacedConfigMap({ namespace: "shop" }));
    expect(err["code"]).toBe(403);
    expect(String(apiBody(err)["message"])).toContain("did not collect");
  });

  test("namespace, service account, node, deployment, replicaset, daemonset and webhook reads", async () => {
    expect((await core.readNamespace({ name: "shop" })).status?.phase).toBe("Active");
    const sa = await core.readNamespacedServiceAccount({ name: "web", namespace: "shop" });
    expect(sa.metadata?.annotations?.["eks.amazonaws.com/role-arn"]).toBe("arn:aws:iam::444455556666:role/web-irsa");
    const node = await core.readNode({ name: "ip-10-0-1-10.eu-central-1.compute.internal" });
    expect(node.spec?.providerID).toBe("aws:///eu-central-1a/i-0aaa1111bbbb2222c");
    expect((await apps.readNamespacedDeployment({ name: "web", namespace: "shop" })).kind).toBe("Deployment");
    const rs = await apps.readNamespacedReplicaSet({ name: "web-6b7c9d", namespace: "shop" });
    expect(rs.metadata?.ownerReferences?.[0]?.name).toBe("web");
    const ds = await apps.readNamespacedDaemonSet({ name: "eks-pod-identity-agent", namespace: "kube-system" });
    expect(ds.status?.numberReady).toBe(2);
    const hooks = await admission.listMutatingWebhookConfiguration();
    expect(hooks.items.map((h) => h.metadata?.name)).toEqual(["pod-identity-webhook"]);
    const hook = await admission.readMutatingWebhookConfiguration({ name: "pod-identity-webhook" });
    expect(hook.webhooks?.[0]?.name).toBe("iam-for-pods.amazonaws.com");
  });
});

describe("lists, selectors and paging", () => {
  const names = (list: { items: { metadata?: { name?: string } }[] }) => list.items.map((p) => p.metadata?.name);

  test("listNamespacedPod with an equality label selector", async () => {
    const list = await core.listNamespacedPod({ namespace: "shop", labelSelector: "app=web" });
    expect(list.kind).toBe("PodList");
    expect(list.metadata?.resourceVersion).toBeTruthy();
    expect(names(list)).toEqual(["web-6b7c9d-abcde", "web-6b7c9d-fghij"]);
  });

  test("set-based, inequality and existence label selectors", async () => {
    expect(names(await core.listNamespacedPod({ namespace: "shop", labelSelector: "app in (worker, nothing)" }))).toEqual(["worker-1"]);
    expect(names(await core.listNamespacedPod({ namespace: "shop", labelSelector: "app!=web" }))).toEqual(["worker-1"]);
    expect(names(await core.listNamespacedPod({ namespace: "shop", labelSelector: "tier" }))).toEqual([
      "web-6b7c9d-abcde",
      "web-6b7c9d-fghij",
    ]);
    expect(names(await core.listNamespacedPod({ namespace: "shop", labelSelector: "!tier,app==worker" }))).toEqual(["worker-1"]);
  });

  test("field selectors on node, service account and phase", async () => {
    const onNode = await core.listPodForAllNamespaces({ fieldSelector: "spec.nodeName=ip-10-0-1-10.eu-central-1.compute.internal" });
    expect(names(onNode)).toEqual(["eks-pod-identity-agent-q7x2m", "web-6b7c9d-abcde"]);
    const bySa = await core.listNamespacedPod({ namespace: "shop", fieldSelector: "spec.serviceAccountName=web,status.phase=Pending" });
    expect(names(bySa)).toEqual(["web-6b7c9d-fghij"]);
    const byName = await core.listNamespacedPod({ namespace: "shop", fieldSelector: "metadata.name=worker-1" });
    expect(names(byName)).toEqual(["worker-1"]);
  });

  test("event field selectors on the involved object", async () => {
    const events = await core.listNamespacedEvent({
      namespace: "shop",
      fieldSelector: "involvedObject.kind=Pod,involvedObject.name=web-6b7c9d-fghij",
    });
    expect(events.items.map((e) => e.reason)).toEqual(["FailedScheduling"]);
    const bySa = await core.listNamespacedEvent({ namespace: "shop", fieldSelector: "involvedObject.kind=ServiceAccount" });
    expect(bySa.items.map((e) => e.involvedObject.name)).toEqual(["web"]);
  });

  test("a malformed label selector and an unsupported field are 400 BadRequest", async () => {
    const bad = await rejectionOf(() => core.listNamespacedPod({ namespace: "shop", labelSelector: "app in (web" }));
    expect(bad["code"]).toBe(400);
    expect(apiBody(bad)["reason"]).toBe("BadRequest");
    const field = await rejectionOf(() => core.listNamespacedPod({ namespace: "shop", fieldSelector: "spec.hostname=x" }));
    expect(field["code"]).toBe(400);
    expect(apiBody(field)["message"]).toBe("field label not supported: spec.hostname");
  });

  test("limit/continue paging walks every pod once, in order", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 2, _continue: token });
      seen.push(...names(page).map(String));
      token = page.metadata?._continue;
      if (token !== undefined) expect(page.metadata?.remainingItemCount).toBeGreaterThan(0);
      pages++;
    } while (token !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      "eks-pod-identity-agent-q7x2m",
      "eks-pod-identity-agent-z3k8p",
      "web-6b7c9d-abcde",
      "web-6b7c9d-fghij",
      "worker-1",
    ]);
  });

  test("a continue token from another list is refused with 400", async () => {
    const first = await core.listNamespacedPod({ namespace: "shop", limit: 1 });
    const token = first.metadata?._continue;
    expect(token).toBeTruthy();
    const err = await rejectionOf(() => core.listNamespacedEvent({ namespace: "shop", _continue: token }));
    expect(err["code"]).toBe(400);
  });
});

describe("pod logs", () => {
  test("readNamespacedPodLog serves the container's file from logs/pods/<ns>/<pod>/", async () => {
    const log = await core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop", container: "web" });
    expect(log).toContain("AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    const sidecar = await core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop", container: "sidecar" });
    expect(sidecar).toBe("sidecar up\n");
  });

  test("tailLines and limitBytes cut the log like the apiserver", async () => {
    const tail = await core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop", container: "web", tailLines: 1 });
    expect(tail).toBe("2024-06-01T11:59:02Z AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n");
    const head = await core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop", container: "web", limitBytes: 10 });
    expect(head).toBe("2024-06-01");
  });

  test("a loose file named after a single-container pod is that pod's log", async () => {
    expect(await core.readNamespacedPodLog({ name: "worker-1", namespace: "shop" })).toBe("worker started\nworker ready\n");
  });

  test("a multi-container pod without a container is 400; an unknown container is 400", async () => {
    const noContainer = await rejectionOf(() => core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop" }));
    expect(noContainer["code"]).toBe(400);
    const wrong = await rejectionOf(() => core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop", container: "nope" }));
    expect(wrong["code"]).toBe(400);
  });

  test("--previous with no previous run is the apiserver's 400; without proof either way it is 403 (not collected)", async () => {
    // The bundle holds web's current log and no previous one: a capture saves every previous log it can read.
    const none = await rejectionOf(() =>
      core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop", container: "web", previous: true }),
    );
    expect(none["code"]).toBe(400);
    expect(apiBody(none)).toMatchObject({
      reason: "BadRequest",
      message: 'previous terminated container "web" in pod "web-6b7c9d-abcde" not found',
    });
    // No log of this pod at all and no container status: the bundle proves nothing.
    const unknown = await rejectionOf(() =>
      core.readNamespacedPodLog({ name: "web-6b7c9d-fghij", namespace: "shop", container: "web", previous: true }),
    );
    expect(unknown["code"]).toBe(403);
  });

  test("a container whose log was not captured is 403 (not collected), a missing pod 404", async () => {
    const notCaptured = await rejectionOf(() =>
      core.readNamespacedPodLog({ name: "web-6b7c9d-abcde", namespace: "shop", container: "init-config" }),
    );
    expect(notCaptured["code"]).toBe(403);
    const missing = await rejectionOf(() => core.readNamespacedPodLog({ name: "gone", namespace: "shop", container: "web" }));
    expect(missing["code"]).toBe(404);
  });
});
