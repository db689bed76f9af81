// The AWS CLI (v1 or v2, whichever is installed; Debian's awscli is v2) against the emulator, on real
// scenarios: reads exit 0 with the CLI's output shapes, proofs of absence are NoSuchEntity /
// ResourceNotFoundException as AWS answers them, and each fault kind gives the CLI's error line and exit
// code. The region comes from AWS_DEFAULT_REGION alone, as AWS CLI v1 reads it.

import { beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type Fault, type StartedEmulator } from "../../src/emulator/index.js";
import { scenarioDir } from "../collect/helpers.js";
import { CLIENT_TIMEOUT_MS, clientEnv, requireClient, run } from "./helpers.js";

const ROLE = "payments-api-irsa";
let aws: string;
/** The CLI's exit code for an error AWS answered: 255 in v1, 254 in v2. */
let serviceErrorCode: number;
/** Debian's CLI v2 (2.9, January 2023) predates EKS Pod Identity (November 2023) and has no such commands. */
let podIdentityCommands: boolean;

beforeAll(async () => {
  aws = await requireClient("aws");
  const version = await run(aws, ["--version"], { PATH: process.env["PATH"] ?? "" });
  const major = /aws-cli\/(\d+)\./.exec(`${version.stdout}${version.stderr}`)?.[1];
  expect(major, `aws --version: ${version.stdout}${version.stderr}`).toMatch(/^[12]$/);
  serviceErrorCode = major === "1" ? 255 : 254;
  // Nothing listens on port 9: a CLI that knows the command fails to connect; one that does not, on usage.
  const probe = await run(
    aws,
    ["eks", "list-pod-identity-associations", "--cluster-name", "x", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"],
    {
      PATH: process.env["PATH"] ?? "",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "probe",
    },
  );
  podIdentityCommands = !/Invalid choice/.test(probe.stderr);
});

/** A Pod Identity command on a CLI that predates them: the CLI's own usage error, nothing sent. */
function expectUnknownCommand(r: { code: number; stderr: string }): void {
  expect(r.code).toBe(252);
  expect(r.stderr).toMatch(/Invalid choice/);
}

async function withAws<T>(
  scenario: string,
  faults: Fault[],
  fn: (a: (...args: string[]) => ReturnType<typeof run>, e: StartedEmulator) => Promise<T>,
): Promise<T> {
  const e = await startEmulator({ snapshotDir: scenarioDir(scenario), faults });
  try {
    // No AWS_REGION: the region must reach the CLI through AWS_DEFAULT_REGION, the one v1 reads.
    const { AWS_REGION: _region, ...env } = clientEnv(e, { AWS_RETRY_MODE: "standard", AWS_MAX_ATTEMPTS: "3" });
    // --endpoint-url: Debian's CLI v2 (2.9) predates AWS_ENDPOINT_URL.
    return await fn((...args) => run(aws, [...args, "--endpoint-url", e.url, "--output", "json"], env), e);
  } finally {
    await e.close();
  }
}

const json = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.stderr, "stderr").toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe("AWS CLI reads", { timeout: CLIENT_TIMEOUT_MS }, () => {
  test("sts, iam, eks, cloudtrail and logs on healthy--irsa", async () => {
    await withAws("healthy--irsa", [], async (a) => {
      expect(json(await a("sts", "get-caller-identity"))).toEqual({
        UserId: expect.any(String),
        Account: "111122223333",
        Arn: expect.stringMatching(/^arn:aws:/),
      });
      const role = json(await a("iam", "get-role", "--role-name", ROLE)) as {
        Role: { RoleName: string; AssumeRolePolicyDocument: unknown };
      };
      expect(role.Role.RoleName).toBe(ROLE);
      // The CLI decodes IAM's URL-encoded policy document into JSON.
      expect(role.Role.AssumeRolePolicyDocument).toMatchObject({ Statement: expect.any(Array) });
      const attached = json(await a("iam", "list-attached-role-policies", "--role-name", ROLE)) as {
        AttachedPolicies: { PolicyArn: string }[];
      };
      expect(attached.AttachedPolicies.length).toBeGreaterThan(0);
      const providers = json(await a("iam", "list-open-id-connect-providers")) as { OpenIDConnectProviderList: { Arn: string }[] };
      expect(providers.OpenIDConnectProviderList[0]?.Arn).toMatch(/:oidc-provider\//);
      const cluster = json(await a("eks", "describe-cluster", "--name", "prod-eu")) as { cluster: { name: string; createdAt: unknown } };
      expect(cluster.cluster.name).toBe("prod-eu");
      // v1 prints what the JSON protocol carried (epoch seconds), v2 an ISO string: the loader reads both.
      expect(typeof cluster.cluster.createdAt === "number" || /^\d{4}-\d\d-\d\dT/.test(String(cluster.cluster.createdAt))).toBe(true);
      const listed = await a("eks", "list-pod-identity-associations", "--cluster-name", "prod-eu");
      if (podIdentityCommands) expect(json(listed)).toHaveProperty("associations");
      else expectUnknownCommand(listed);
      // The bundle holds no CloudTrail lookup: refused as not collected, not answered empty.
      const trail = await a("cloudtrail", "lookup-events", "--max-results", "5");
      expect(trail.code).toBe(serviceErrorCode);
      expect(trail.stderr).toContain("(AccessDeniedException) when calling the LookupEvents operation");
      expect(json(await a("logs", "filter-log-events", "--log-group-name", "/aws/eks/prod-eu/cluster"))).toHaveProperty("events", []);
    });
  });

  test("cloudtrail lookup-events serves the captured deletion with its time (epoch seconds in v1, ISO in v2)", async () => {
    await withAws("pod_identity.association_missing--association-deleted", [], async (a) => {
      const out = json(
        await a("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=DeletePodIdentityAssociation"),
      ) as {
        Events: { EventName: string; EventTime: number | string }[];
      };
      expect(out.Events.map((ev) => ev.EventName)).toContain("DeletePodIdentityAssociation");
      const time = out.Events[0]?.EventTime;
      expect(typeof time === "number" ? new Date(time * 1000).toISOString() : new Date(String(time)).toISOString()).toBe(
        "2024-05-14T03:12:27.000Z",
      );
    });
  });

  test("proofs of absence: NoSuchEntity for a deleted role, ResourceNotFoundException for a deleted association", async () => {
    await withAws("irsa_annotation.role_not_found--role-deleted", [], async (a) => {
      const r = await a("iam", "get-role", "--role-name", ROLE);
      expect(r.code).toBe(serviceErrorCode);
      expect(r.stderr.trim()).toBe(
        `An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name ${ROLE} cannot be found.`,
      );
    });
    await withAws("pod_identity.association_missing--association-deleted", [], async (a) => {
      const r = await a("eks", "describe-pod-identity-association", "--cluster-name", "prod-eu", "--association-id", "a-0000000000000000");
      if (!podIdentityCommands) return expectUnknownCommand(r);
      expect(r.code).toBe(serviceErrorCode);
      expect(r.stderr).toContain("An error occurred (ResourceNotFoundException) when calling the DescribePodIdentityAssociation operation");
    });
  });

  test("what the bundle never captured is AccessDenied, not absent", async () => {
    await withAws("healthy--irsa", [], async (a) => {
      const r = await a("iam", "get-role", "--role-name", "some-other-role");
      expect(r.code).toBe(serviceErrorCode);
      expect(r.stderr).toMatch(
        /An error occurred \(AccessDenied\) when calling the GetRole operation: .*the snapshot did not capture this/,
      );
    });
  });
});

describe("AWS CLI and each fault kind", { timeout: CLIENT_TIMEOUT_MS }, () => {
  const cases: [Fault["kind"], string, string][] = [
    ["deny", "sts", "(AccessDenied) when calling the GetCallerIdentity operation"],
    ["not_found", "sts", "(NotFound) when calling the GetCallerIdentity operation"],
    [
      "expired_credentials",
      "sts",
      "(ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired.",
    ],
    [
      "invalid_credentials",
      "sts",
      "(InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.",
    ],
    [
      "expired_credentials",
      "eks",
      "(ExpiredTokenException) when calling the DescribeCluster operation: The security token included in the request is expired.",
    ],
    ["invalid_credentials", "eks", "(UnrecognizedClientException) when calling the DescribeCluster operation"],
    ["server_error", "eks", "(ServerException) when calling the DescribeCluster operation"],
    ["throttle", "sts", "(Throttling) when calling the GetCallerIdentity operation"],
  ];
  test.each(cases)("%s on %s", async (kind, service, line) => {
    await withAws("healthy--irsa", [{ match: { service: service as Fault["match"]["service"] }, kind }], async (a) => {
      const r = service === "sts" ? await a("sts", "get-caller-identity") : await a("eks", "describe-cluster", "--name", "prod-eu");
      expect(r.code).toBe(serviceErrorCode);
      expect(r.stderr).toContain(`An error occurred ${line}`);
    });
  });

  test("throttle twice: the CLI's own retries get through, as against AWS", async () => {
    await withAws("healthy--irsa", [{ match: { service: "iam", action: "GetRole" }, kind: "throttle", times: 2 }], async (a, e) => {
      expect((json(await a("iam", "get-role", "--role-name", ROLE)) as { Role: { RoleName: string } }).Role.RoleName).toBe(ROLE);
      expect(
        e
          .requests()
          .filter((q) => q.action === "GetRole")
          .map((q) => q.status),
      ).toEqual([400, 400, 200]);
    });
  });

  test("timeout: the CLI gives up at its read timeout", async () => {
    await withAws("healthy--irsa", [{ match: { service: "sts" }, kind: "timeout" }], async (a) => {
      const r = await a("sts", "get-caller-identity", "--cli-read-timeout", "1");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/Read timeout on endpoint URL/);
    });
  });

  test("writes are refused, never carried out", async () => {
    await withAws("healthy--irsa", [], async (a, e) => {
      const r = await a("iam", "delete-role", "--role-name", ROLE);
      expect(r.code).toBe(serviceErrorCode);
      expect(r.stderr).toMatch(/\(AccessDenied\) when calling the DeleteRole operation: .*emulator is read-only/);
      expect(e.requests().map((q) => [q.action, q.status])).toEqual([["DeleteRole", 403]]);
    });
  });
});
