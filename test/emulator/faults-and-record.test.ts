// Injected faults (deny, timeout, server_error, not_found, throttle, expired and invalid credentials), the refusal of every write, the request
// record (in-process and over GET /_emulator/requests), and the added latency.

import { CreatePodIdentityAssociationCommand, DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { CreateRoleCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, test } from "vitest";
import { startEmulator, type Fault, type StartedEmulator } from "../../src/emulator/index.js";
import { SHOP_SNAPSHOT, apiBody, awsClientConfig, rejectionOf } from "./helpers.js";

const started: StartedEmulator[] = [];
async function emulatorWith(faults: Fault[] = [], extra: { latencyMs?: number } = {}): Promise<StartedEmulator> {
  const e = await startEmulator({ snapshotDir: SHOP_SNAPSHOT, faults, ...extra });
  started.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

function coreApi(e: StartedEmulator): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(e.kubeconfigPath);
  return kc.makeApiClient(CoreV1Api);
}
const statusOf = (err: Record<string, unknown>) => (err["$metadata"] as { httpStatusCode?: number }).httpStatusCode;

describe("faults", () => {
  test("deny on an IAM action gives the SDK an AccessDenied; other actions are untouched", async () => {
    const e = await emulatorWith([{ match: { service: "iam", action: "GetRole" }, kind: "deny" }]);
    const iam = new IAMClient(awsClientConfig(e));
    const err = await rejectionOf(() => iam.send(new GetRoleCommand({ RoleName: "web-irsa" })));
    expect(err.name).toBe("AccessDenied");
    expect(statusOf(err)).toBe(403);
    const sts = new STSClient(awsClientConfig(e));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("444455556666");
  });

  test("deny on a Kubernetes action is a 403 Forbidden Status", async () => {
    const e = await emulatorWith([{ match: { service: "k8s", action: "get pods" }, kind: "deny" }]);
    const err = await rejectionOf(() => coreApi(e).readNamespacedPod({ name: "web-6b7c9d-abcde", namespace: "shop" }));
    expect(err["code"]).toBe(403);
    expect(apiBody(err)["reason"]).toBe("Forbidden");
  });

  test("timeout never answers: a client with a short timeout gives up, and close() still returns", async () => {
    const e = await emulatorWith([{ match: { service: "sts" }, kind: "timeout" }]);
    const sts = new STSClient(awsClientConfig(e, { requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true } }));
    const began = Date.now();
    const err = await rejectionOf(() => sts.send(new GetCallerIdentityCommand({})));
    expect(err.name).toBe("TimeoutError");
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    expect(e.requests().find((r) => r.service === "sts")).toMatchObject({ action: "GetCallerIdentity", status: null });
    const closing = Date.now();
    await e.close();
    expect(Date.now() - closing).toBeLessThan(2000);
  });

  test("server_error gives EKS's ServerException (a server fault) and a Kubernetes 500", async () => {
    const e = await emulatorWith([
      { match: { service: "eks" }, kind: "server_error" },
      { match: { pathPrefix: "/api/v1/namespaces/shop/serviceaccounts" }, kind: "server_error" },
    ]);
    const eks = new EKSClient(awsClientConfig(e));
    const err = await rejectionOf(() => eks.send(new DescribeClusterCommand({ name: "shop-prod" })));
    expect(err.name).toBe("ServerException");
    expect(err["$fault"]).toBe("server");
    const k8s = await rejectionOf(() => coreApi(e).readNamespacedServiceAccount({ name: "web", namespace: "shop" }));
    expect(k8s["code"]).toBe(500);
    // The path prefix limits the fault: pods are still served.
    expect((await coreApi(e).readNamespacedPod({ name: "worker-1", namespace: "shop" })).metadata?.name).toBe("worker-1");
  });

  test("not_found gives NoSuchEntityException for IAM and a 404 for Kubernetes", async () => {
    const e = await emulatorWith([
      { match: { service: "iam" }, kind: "not_found" },
      { match: { action: "get serviceaccounts" }, kind: "not_found" },
    ]);
    const err = await rejectionOf(() => new IAMClient(awsClientConfig(e)).send(new GetRoleCommand({ RoleName: "web-irsa" })));
    expect(err.name).toBe("NoSuchEntityException");
    const k8s = await rejectionOf(() => coreApi(e).readNamespacedServiceAccount({ name: "web", namespace: "shop" }));
    expect(k8s["code"]).toBe(404);
    expect(apiBody(k8s)).toMatchObject({ reason: "NotFound", details: { name: "web", kind: "serviceaccounts" } });
  });
});

describe("faults real AWS and apiservers give on the operator's own credentials, and rate limits", () => {
  test("expired_credentials: IAM/STS ExpiredToken 403, EKS ExpiredTokenException 403, CloudTrail 400, Kubernetes 401 Unauthorized", async () => {
    const e = await emulatorWith([{ match: {}, kind: "expired_credentials" }]);
    const sts = await rejectionOf(() => new STSClient(awsClientConfig(e)).send(new GetCallerIdentityCommand({})));
    expect([sts.name, statusOf(sts), sts.message]).toEqual(["ExpiredToken", 403, "The security token included in the request is expired."]);
    const iam = await rejectionOf(() => new IAMClient(awsClientConfig(e)).send(new GetRoleCommand({ RoleName: "web-irsa" })));
    expect([iam.name, statusOf(iam)]).toEqual(["ExpiredToken", 403]);
    const eks = await rejectionOf(() => new EKSClient(awsClientConfig(e)).send(new DescribeClusterCommand({ name: "shop-prod" })));
    expect([eks.name, statusOf(eks)]).toEqual(["ExpiredTokenException", 403]);
    const ct = await rejectionOf(() => new CloudTrailClient(awsClientConfig(e)).send(new LookupEventsCommand({})));
    expect([ct.name, statusOf(ct)]).toEqual(["ExpiredTokenException", 400]);
    const k8s = await rejectionOf(() => coreApi(e).readNamespacedPod({ name: "worker-1", namespace: "shop" }));
    expect(k8s["code"]).toBe(401);
    const raw = await fetch(`${e.url}/api/v1/namespaces/shop/pods/worker-1`);
    expect(await raw.json()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Unauthorized",
      reason: "Unauthorized",
      code: 401,
    });
  });

  test("invalid_credentials: InvalidClientTokenId for the query services, UnrecognizedClientException for the JSON ones", async () => {
    const e = await emulatorWith([{ match: {}, kind: "invalid_credentials" }]);
    const sts = await rejectionOf(() => new STSClient(awsClientConfig(e)).send(new GetCallerIdentityCommand({})));
    expect([sts.name, statusOf(sts), sts.message]).toEqual([
      "InvalidClientTokenId",
      403,
      "The security token included in the request is invalid.",
    ]);
    const eks = await rejectionOf(() => new EKSClient(awsClientConfig(e)).send(new DescribeClusterCommand({ name: "shop-prod" })));
    expect([eks.name, statusOf(eks)]).toEqual(["UnrecognizedClientException", 403]);
    const ct = await rejectionOf(() => new CloudTrailClient(awsClientConfig(e)).send(new LookupEventsCommand({})));
    expect([ct.name, statusOf(ct)]).toEqual(["UnrecognizedClientException", 400]);
    expect((await rejectionOf(() => coreApi(e).listNamespacedPod({ namespace: "shop" })))["code"]).toBe(401);
  });

  test("throttle: IAM Throttling 400, EKS ThrottlingException 429, Kubernetes 429; `times` lets the retry through", async () => {
    const e = await emulatorWith([
      { match: { service: "iam" }, kind: "throttle", times: 1 },
      { match: { service: "eks" }, kind: "throttle" },
      { match: { service: "k8s", action: "get pods" }, kind: "throttle", times: 1 },
    ]);
    const iam = new IAMClient(awsClientConfig(e));
    const first = await rejectionOf(() => iam.send(new GetRoleCommand({ RoleName: "web-irsa" })));
    expect([first.name, statusOf(first)]).toEqual(["Throttling", 400]);
    expect((await iam.send(new GetRoleCommand({ RoleName: "web-irsa" }))).Role?.RoleName).toBe("web-irsa");
    const eks = await rejectionOf(() => new EKSClient(awsClientConfig(e)).send(new DescribeClusterCommand({ name: "shop-prod" })));
    expect([eks.name, statusOf(eks)]).toEqual(["ThrottlingException", 429]);
    const k8s = await rejectionOf(() => coreApi(e).readNamespacedPod({ name: "worker-1", namespace: "shop" }));
    expect(k8s["code"]).toBe(429);
    expect(apiBody(k8s)).toMatchObject({ reason: "TooManyRequests" });
    expect((await coreApi(e).readNamespacedPod({ name: "worker-1", namespace: "shop" })).metadata?.name).toBe("worker-1");
  });
});

describe("read-only", () => {
  test("AWS writes (IAM CreateRole, STS AssumeRole, EKS CreatePodIdentityAssociation) are refused and recorded", async () => {
    const e = await emulatorWith();
    const create = await rejectionOf(() =>
      new IAMClient(awsClientConfig(e)).send(new CreateRoleCommand({ RoleName: "x", AssumeRolePolicyDocument: "{}" })),
    );
    expect(create.name).toBe("AccessDenied");
    expect(create.message).toContain("emulator is read-only");
    const assume = await rejectionOf(() =>
      new STSClient(awsClientConfig(e)).send(
        new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444455556666:role/web-irsa", RoleSessionName: "s" }),
      ),
    );
    expect(assume.name).toBe("AccessDenied");
    const pia = await rejectionOf(() =>
      new EKSClient(awsClientConfig(e)).send(
        new CreatePodIdentityAssociationCommand({
          clusterName: "shop-prod",
          namespace: "shop",
          serviceAccount: "web",
          roleArn: "arn:aws:iam::444455556666:role/web-irsa",
        }),
      ),
    );
    expect(pia.name).toBe("AccessDeniedException");
    expect(e.requests().map((r) => [r.service, r.action, r.status])).toEqual([
      ["iam", "CreateRole", 403],
      ["sts", "AssumeRole", 403],
      ["eks", "CreatePodIdentityAssociation", 403],
    ]);
  });

  test("Kubernetes writes are 405 MethodNotAllowed and recorded with their verb", async () => {
    const e = await emulatorWith();
    const core = coreApi(e);
    const del = await rejectionOf(() => core.deleteNamespacedPod({ name: "worker-1", namespace: "shop" }));
    expect(del["code"]).toBe(405);
    const create = await rejectionOf(() => core.createNamespacedServiceAccount({ namespace: "shop", body: { metadata: { name: "new" } } }));
    expect(create["code"]).toBe(405);
    expect(e.requests().map((r) => [r.method, r.action, r.status])).toEqual([
      ["DELETE", "delete pods", 405],
      ["POST", "create serviceaccounts", 405],
    ]);
    // Still there: nothing was deleted.
    expect((await core.readNamespacedPod({ name: "worker-1", namespace: "shop" })).metadata?.name).toBe("worker-1");
  });
});

describe("request record and latency", () => {
  test("GET /_emulator/requests lists service and action of each request, like requests()", async () => {
    const e = await emulatorWith();
    await coreApi(e).listNamespacedPod({ namespace: "shop", labelSelector: "app=web" });
    await coreApi(e).readNamespacedPodLog({ name: "worker-1", namespace: "shop" });
    await new IAMClient(awsClientConfig(e)).send(new GetRoleCommand({ RoleName: "web-irsa" }));
    await new EKSClient(awsClientConfig(e)).send(new DescribeClusterCommand({ name: "shop-prod" }));
    const expected = [
      {
        method: "GET",
        path: "/api/v1/namespaces/shop/pods",
        query: "labelSelector=app%3Dweb",
        service: "k8s",
        action: "list pods",
        status: 200,
      },
      { method: "GET", path: "/api/v1/namespaces/shop/pods/worker-1/log", query: "", service: "k8s", action: "get pods/log", status: 200 },
      { method: "POST", path: "/", query: "", service: "iam", action: "GetRole", status: 200 },
      { method: "GET", path: "/clusters/shop-prod", query: "", service: "eks", action: "DescribeCluster", status: 200 },
    ];
    expect(e.requests()).toEqual(expected);
    const res = await fetch(`${e.url}/_emulator/requests`);
    expect(await res.json()).toEqual(expected);
  });

  test("a proxy subresource is recorded by resource (get nodes/proxy) and answered 404, as without NodeLogQuery", async () => {
    const e = await emulatorWith();
    const status = async (path: string) => (await fetch(`${e.url}${path}`)).status;
    expect(await status("/api/v1/nodes/ip-10-0-1-1/proxy/logs/?query=kubelet")).toBe(404);
    expect(await status("/api/v1/namespaces/shop/pods/worker-1/log/extra")).toBe(404);
    expect(e.requests().map((r) => r.action)).toEqual(["get nodes/proxy", "list unknown"]);
  });

  test("latencyMs delays every answer", async () => {
    const e = await emulatorWith([], { latencyMs: 200 });
    const began = Date.now();
    await fetch(`${e.url}/version`);
    expect(Date.now() - began).toBeGreaterThanOrEqual(190);
  });
});
