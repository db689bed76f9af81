// Where a live collection finds its cluster and account: the kubeconfig's EKS context (cluster name,
// region, account from the ARN `aws eks update-kubeconfig` writes), an exec plugin's --cluster-name, an
// AWS profile from the shared config files; and the clear errors for a target or context that is wrong.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { CollectError, collectLive } from "../../src/collect/index.js";
import { eksHint, readKubeconfigSummary } from "../../src/kube/kubeconfig.js";
import { scenarioDir, withEmulator } from "./helpers.js";

const IRSA = scenarioDir("healthy--irsa");
const POD = { namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4q" };
const ARN = "arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu";

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "irsa-doctor-collect-config-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function kubeconfig(server: string, clusterName: string, contexts: string[] = [clusterName]): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: clusterName, cluster: { server, "insecure-skip-tls-verify": true } }],
    users: [{ name: "u", user: { token: "not-a-real-token" } }],
    contexts: contexts.map((name) => ({ name, context: { cluster: clusterName, user: "u" } })),
    "current-context": contexts[0],
  });
}

describe("the EKS cluster and region from the kubeconfig", () => {
  test("an EKS ARN context gives the cluster, region and account: no --cluster, no AWS_REGION needed", async () => {
    const live = await withEmulator(IRSA, {}, async (e) => {
      const path = join(tmp, "eks-arn");
      await writeFile(path, kubeconfig(e.url, ARN));
      delete process.env["AWS_REGION"];
      return collectLive(POD, { kubeconfigPath: path });
    });
    expect(live.snapshot.target).toMatchObject({ cluster: "prod-eu", region: "eu-west-1", account: "111122223333" });
    expect(live.snapshot.aws.cluster.status).toBe("found");
    expect(live.snapshot.k8s.pod.status).toBe("found");
  });

  test("an exec plugin's --cluster-name and --region name the cluster when the context does not", async () => {
    const path = join(tmp, "exec");
    await writeFile(
      path,
      stringify({
        clusters: [{ name: "work", cluster: { server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com" } }],
        users: [
          {
            name: "u",
            user: {
              exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "aws",
                args: ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "prod-eu"],
              },
            },
          },
        ],
        contexts: [{ name: "work", context: { cluster: "work", user: "u" } }],
        "current-context": "work",
      }),
    );
    const read = readKubeconfigSummary({ kubeconfigPath: path });
    expect(read.ok && eksHint(read.summary)).toMatchObject({ cluster: "prod-eu", region: "eu-west-1", account: null });
  });

  test("a context that names no EKS cluster leaves the cluster unknown and says to pass --cluster", async () => {
    const { live, requests } = await withEmulator(IRSA, {}, async (e) => ({ live: await collectLive(POD, {}), requests: e.requests() }));
    expect(live.snapshot.target.cluster).toBeNull();
    expect(live.snapshot.aws.cluster).toMatchObject({ status: "unavailable", reason: "not_collected" });
    expect(live.snapshot.aws.cluster.status === "unavailable" && live.snapshot.aws.cluster.detail).toContain("pass --cluster");
    expect(requests.filter((r) => r.service === "eks")).toEqual([]);
    // What needs no cluster name is still read, and waited for.
    expect(live.snapshot.aws.oidcProviderList.status).toBe("found");
    expect(live.snapshot.aws.callerIdentity.status).toBe("found");
    expect(live.snapshot.aws.roles["payments-api-irsa"]?.status).toBe("found");
  });

  test("--context picks another context; one that does not exist is an error listing those that do", async () => {
    await withEmulator(IRSA, {}, async (e) => {
      const path = join(tmp, "two-contexts");
      await writeFile(path, kubeconfig(e.url, ARN, ["first", "second"]));
      const live = await collectLive(POD, { kubeconfigPath: path, context: "second", cluster: "prod-eu" });
      expect(live.snapshot.k8s.pod.status).toBe("found");
      await expect(collectLive(POD, { kubeconfigPath: path, context: "third" })).rejects.toThrow(
        /context "third" is not in the kubeconfig .*contexts are: first, second/,
      );
    });
  });

  test("a kubeconfig file that does not exist is an error saying so", async () => {
    const err = await collectLive(POD, { kubeconfigPath: join(tmp, "nope") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as Error).message).toContain("does not exist");
  });

  test("no kubeconfig anywhere: the cluster side is not collected (saying why) and AWS is still read", async () => {
    const home = process.env["HOME"];
    const live = await withEmulator(IRSA, {}, async () => {
      delete process.env["KUBECONFIG"];
      process.env["HOME"] = tmp;
      try {
        return await collectLive(POD, { cluster: "prod-eu" });
      } finally {
        process.env["HOME"] = home;
      }
    });
    expect(live.snapshot.k8s.pod).toMatchObject({ status: "unavailable", reason: "not_collected" });
    expect(live.snapshot.k8s.pod.status === "unavailable" && live.snapshot.k8s.pod.detail).toContain("no kubeconfig");
    expect(live.snapshot.aws.cluster.status).toBe("found");
  });
});

describe("AWS credentials and region from a profile", () => {
  // The SDK looks up a profile's endpoint_url under AWS_PROFILE, not the client's profile option, so the
  // emulator's address stays in AWS_ENDPOINT_URL here; region and keys come from the profile alone.
  test("--profile reads region and keys from the shared config files (no AWS_REGION or AWS keys set)", async () => {
    const live = await withEmulator(IRSA, {}, async () => {
      await writeFile(join(tmp, "aws-config"), "[profile emu]\nregion = eu-west-1\n");
      await writeFile(
        join(tmp, "aws-credentials"),
        "[emu]\naws_access_key_id = IRSADOCTORPROFILEKEY\naws_secret_access_key = not-a-secret\n",
      );
      for (const k of ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete process.env[k];
      process.env["AWS_CONFIG_FILE"] = join(tmp, "aws-config");
      process.env["AWS_SHARED_CREDENTIALS_FILE"] = join(tmp, "aws-credentials");
      try {
        return await collectLive(POD, { cluster: "prod-eu", profile: "emu" });
      } finally {
        delete process.env["AWS_CONFIG_FILE"];
        delete process.env["AWS_SHARED_CREDENTIALS_FILE"];
      }
    });
    expect(live.snapshot.target.region).toBe("eu-west-1");
    expect(live.snapshot.aws.cluster.status).toBe("found");
    expect(live.snapshot.aws.roles["payments-api-irsa"]?.status).toBe("found");
  });
});

describe("targets", () => {
  test("a deployment resolves to its service account and chooses the same pod as naming it", async () => {
    const live = await withEmulator(IRSA, {}, () =>
      collectLive({ namespace: "payments", deployment: "payments-api" }, { cluster: "prod-eu" }),
    );
    expect(live.snapshot.target.serviceAccount).toBe("payments-api");
    expect(live.snapshot.k8s.pod.status === "found" && live.snapshot.k8s.pod.value.metadata.name).toBe(POD.pod);
    expect(live.snapshot.aws.roles["payments-api-irsa"]?.status).toBe("found");
  });

  test.each([
    [{ namespace: "" }, /needs a namespace/],
    [{ namespace: "payments" }, /name the workload/],
    [{ namespace: "Payments", pod: "x" }, /namespace "Payments" is not a namespace name/],
    [{ namespace: "payments", pod: "x", incidentTime: "yesterday" }, /incidentTime "yesterday" is not an RFC 3339 time/],
  ])("invalid target %j is refused before anything is read", async (t, message) => {
    await expect(collectLive(t, { cluster: "prod-eu" })).rejects.toThrow(message);
  });

  test("a timeout that is not a positive whole number of milliseconds is refused", async () => {
    await expect(collectLive(POD, { cluster: "prod-eu", timeoutMs: 0 })).rejects.toThrow(
      /timeoutMs must be a positive whole number, got 0/,
    );
  });
});
