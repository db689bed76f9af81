// How the collectors take the answers real AWS and apiservers give that a bundle alone never would:
// `logs --previous` with no previous run (400, not a permission problem), the operator's own credentials
// expired or unknown (stop and say how to refresh them, diagnose nothing), and rate limits (retried with a
// bounded backoff, then an error that says so).

import { describe, expect, test } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { CollectError, collectLive } from "../../src/collect/index.js";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { diagnoseIrsa } from "../../src/mcp/tools/diagnose-irsa.js";
import { REPO_ROOT, startInMemory, textOf } from "../mcp/support/harness.js";
import type { Fault } from "../../src/emulator/types.js";
import { scenarioDir, withEmulator } from "./helpers.js";

const POD = "payments-api-7d9c8b6f5-x2k4q";
const ROLE = "payments-api-irsa";
const target = { namespace: "payments", pod: POD, incidentTime: "2024-05-14T09:32:00Z" };
// A crash-looping pod (restartCount > 0) whose bundle holds its current log and no previous one.
const RESTARTED = scenarioDir("irsa_annotation.role_not_found--role-deleted");

const collect = (dir: string, faults: Fault[]) =>
  withEmulator(dir, { faults }, async (e) => ({
    live: await collectLive(target, { cluster: "prod-eu", timeoutMs: 5000 }),
    requests: e.requests(),
  }));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the collection to fail, but it succeeded");
}

describe("logs --previous", () => {
  test("400 'previous terminated container not found' is no previous run: no problem, no gap in the logs", async () => {
    const { live, requests } = await collect(RESTARTED, []);
    const previous = requests.filter((r) => r.action === "get pods/log" && r.query.includes("previous=true"));
    expect(previous.map((r) => r.status)).toEqual([400]);
    expect(live.calls.find((c) => c.subject.endsWith("#previous"))?.outcome).toBe("absent");
    expect(live.snapshot.problems.filter((p) => p.source.includes(".previous"))).toEqual([]);
    expect(live.snapshot.logs.status).toBe("found");
    expect(live.captured.logs.map((l) => l.file)).toEqual([`pods/payments/${POD}/payments-api.log`]);
  });

  test("a previous log the apiserver refuses (403) stays a permission problem", async () => {
    const { live } = await collect(RESTARTED, [{ match: { action: "get pods/log" }, kind: "deny" }]);
    expect(live.snapshot.problems.map((p) => p.source)).toContain(`logs/pods/payments/${POD}/payments-api.previous.log`);
    expect(live.snapshot.logs).toMatchObject({ status: "unavailable", reason: "permission_denied" });
  });
});

describe("the operator's own credentials refused: a clear error, no diagnosis", () => {
  test("ExpiredToken from STS stops the collection with 'run aws sso login'", async () => {
    const err = await rejection(collect(scenarioDir("healthy--irsa"), [{ match: { service: "sts" }, kind: "expired_credentials" }]));
    expect(err).toBeInstanceOf(CollectError);
    expect(err.message).toBe(
      "your AWS credentials have expired (ExpiredToken from sts:GetCallerIdentity): run aws sso login (or refresh your profile), then try again",
    );
  });

  test("InvalidClientTokenId and EKS's UnrecognizedClientException say the credentials were not accepted", async () => {
    const iam = await rejection(collect(scenarioDir("healthy--irsa"), [{ match: { service: "iam" }, kind: "invalid_credentials" }]));
    expect(iam.message).toMatch(/^AWS did not accept your credentials \(InvalidClientTokenId from iam:\w+\): run aws sso login/);
    const eks = await rejection(collect(scenarioDir("healthy--irsa"), [{ match: { service: "eks" }, kind: "invalid_credentials" }]));
    expect(eks.message).toMatch(/^AWS did not accept your credentials \(UnrecognizedClientException from eks:\w+\)/);
  });

  test("an apiserver 401 stops the collection saying the kubeconfig's credentials were refused", async () => {
    const err = await rejection(collect(scenarioDir("healthy--irsa"), [{ match: { service: "k8s" }, kind: "expired_credentials" }]));
    expect(err).toBeInstanceOf(CollectError);
    expect(err.message).toMatch(/^the API server did not accept your kubeconfig's credentials \(401 Unauthorized\).*run aws sso login/);
  });
});

describe("expired credentials reach the operator as an error, not as a cause", () => {
  const expired: Fault[] = [{ match: { service: "sts" }, kind: "expired_credentials" }];

  test("CLI: diagnose exits 1 with 'run aws sso login' on stderr and prints no report", async () => {
    let stdout = "";
    let stderr = "";
    const code = await withEmulator(scenarioDir("healthy--irsa"), { faults: expired }, (e) =>
      runCli(["diagnose", "-n", "payments", "--pod", POD, "--cluster", "prod-eu", "--kubeconfig", e.kubeconfigPath], {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        env: { ...e.env },
        cwd: REPO_ROOT,
        stdinIsTTY: true,
      }),
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "your AWS credentials have expired (ExpiredToken from sts:GetCallerIdentity): run aws sso login (or refresh your profile)",
    );
  });

  test("MCP: diagnose_irsa answers isError with the same sentence", async () => {
    const h = await startInMemory({ tools: [diagnoseIrsa] });
    try {
      const result = (await withEmulator(scenarioDir("healthy--irsa"), { faults: expired }, () =>
        h.client.callTool({
          name: "diagnose_irsa",
          arguments: { namespace: "payments", pod: POD, cluster: "prod-eu", region: "eu-west-1" },
        }),
      )) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("your AWS credentials have expired (ExpiredToken from sts:GetCallerIdentity): run aws sso login");
      expect(result.structuredContent).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});

describe("throttling", () => {
  test("throttled reads are retried and end with the evidence (IAM Throttling three times, the apiserver's 429 twice)", async () => {
    const { live, requests } = await collect(scenarioDir("healthy--irsa"), [
      { match: { service: "iam", action: "GetRole" }, kind: "throttle", times: 3 },
      { match: { service: "k8s", action: "get serviceaccounts" }, kind: "throttle", times: 2 },
    ]);
    expect(live.snapshot.aws.roles[ROLE]?.status).toBe("found");
    expect(live.snapshot.k8s.serviceAccount.status).toBe("found");
    expect(requests.filter((r) => r.action === "GetRole").map((r) => r.status)).toEqual([400, 400, 400, 200]);
    expect(requests.filter((r) => r.action === "get serviceaccounts").map((r) => r.status)).toEqual([429, 429, 200]);
    // A retry is the same request, not a dependent round.
    expect(live.calls.filter((c) => c.action === "GetRole")).toHaveLength(1);
  });

  test("a read that stays throttled gives up within bounds and says it was throttled", async () => {
    const began = Date.now();
    const { live, requests } = await collect(scenarioDir("healthy--irsa"), [
      { match: { service: "k8s", action: "get nodes" }, kind: "throttle" },
    ]);
    expect(Date.now() - began).toBeLessThan(15_000);
    expect(requests.filter((r) => r.action === "get nodes")).toHaveLength(5);
    expect(live.snapshot.k8s.node).toMatchObject({ status: "unavailable", reason: "error" });
    expect(live.snapshot.k8s.node.status === "unavailable" && live.snapshot.k8s.node.detail).toContain("429");
    expect(live.snapshot.k8s.pod.status).toBe("found");
  });
});
