// Evidence that was not collected must not read as "does not exist": a snapshot without k8s/ answers
// every Kubernetes read with 403; AWS data it lacks is AccessDenied; recorded capture errors replay.

import { GetRoleCommand, IAMClient, ListOpenIDConnectProvidersCommand } from "@aws-sdk/client-iam";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CoreV1Api, KubeConfig, VersionApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { routeAws } from "../../src/emulator/aws/dispatch.js";
import { loadEmulatorState, stateFromRaw } from "../../src/emulator/state.js";
import { startEmulator, type StartedEmulator } from "../../src/emulator/index.js";
import { readRawSnapshot } from "../../src/snapshot/load/raw.js";
import { NO_K8S_SNAPSHOT, SHOP_SNAPSHOT, apiBody, awsClientConfig, rejectionOf } from "./helpers.js";

describe("a snapshot without k8s/ and with little AWS data", () => {
  let e: StartedEmulator;
  beforeAll(async () => {
    e = await startEmulator({ snapshotDir: NO_K8S_SNAPSHOT });
  });
  afterAll(async () => {
    await e.close();
  });

  test("every Kubernetes read is 403 Forbidden, including ones that would otherwise be 404", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(e.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    for (const call of [
      () => core.readNamespacedPod({ name: "anything", namespace: "shop" }),
      () => core.listNamespacedPod({ namespace: "shop" }),
      () => core.listNode(),
      () => core.readNamespacedPodLog({ name: "anything", namespace: "shop" }),
    ]) {
      const err = await rejectionOf(call);
      expect(err["code"]).toBe(403);
      expect(String(apiBody(err)["message"])).toContain("no k8s/ folder");
    }
    // Discovery still answers: the server is reachable, only the data is missing.
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toContain("unknown");
  });

  test("AWS data absent from aws/ is AccessDenied, never a not-found", async () => {
    const iam = new IAMClient(awsClientConfig(e));
    expect((await rejectionOf(() => iam.send(new GetRoleCommand({ RoleName: "web-irsa" })))).name).toBe("AccessDenied");
    expect(await rejectionOf(() => iam.send(new ListOpenIDConnectProvidersCommand({})))).toMatchObject({ name: "AccessDenied" });
    const eks = new EKSClient(awsClientConfig(e));
    expect((await rejectionOf(() => eks.send(new DescribeClusterCommand({ name: "shop-prod" })))).name).toBe("AccessDeniedException");
    const trail = new CloudTrailClient(awsClientConfig(e));
    expect((await rejectionOf(() => trail.send(new LookupEventsCommand({})))).name).toBe("AccessDeniedException");
  });
});

describe("recorded capture errors", () => {
  test("a recorded NoSuchEntity for GetRole is replayed as NoSuchEntity (XML, 404), for the role's other calls too", async () => {
    const raw = await readRawSnapshot(SHOP_SNAPSHOT);
    // The raw layer does not classify error records yet; this is the shape the emulator reads.
    const aws = {
      ...raw.aws,
      recordedErrors: [
        {
          value: {
            operation: "GetRole",
            subject: "gone-role",
            code: "NoSuchEntity",
            message: "The role with name gone-role cannot be found.",
          },
          source: "aws/iam-get-role-gone-role.error.txt",
        },
      ],
    };
    const state = stateFromRaw({ ...raw, aws }, []);
    const ask = (action: string) =>
      routeAws("iam", {
        method: "POST",
        path: "/",
        query: new URLSearchParams(),
        headers: {},
        body: `Action=${action}&Version=2010-05-08&RoleName=gone-role`,
      }).answer(state.aws, "req-1");
    for (const action of ["GetRole", "ListAttachedRolePolicies", "ListRolePolicies"]) {
      const reply = ask(action);
      expect(reply.status).toBe(404);
      expect(reply.body).toContain("<Code>NoSuchEntity</Code>");
      expect(reply.body).toContain("The role with name gone-role cannot be found.");
    }
    // Without the record the same question is AccessDenied.
    const plain = await loadEmulatorState(SHOP_SNAPSHOT);
    const unrecorded = routeAws("iam", {
      method: "POST",
      path: "/",
      query: new URLSearchParams(),
      headers: {},
      body: "Action=GetRole&Version=2010-05-08&RoleName=gone-role",
    }).answer(plain.aws, "req-2");
    expect(unrecorded.status).toBe(403);
    expect(unrecorded.body).toContain("<Code>AccessDenied</Code>");
  });
});
