// sdk.too_old: an SDK version below its IRSA / Pod Identity minimum, or a message only old SDKs print
// (high with the pod set up and a failure seen), or a correctly set-up pod still using the node role with
// no version known (medium); quiet when a supported version is seen or the setup itself is broken.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/sdk/too-old.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const LOG = "payments-api-7d9c8b6f5-x2k4q/payments-api.log";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

const m = (patternId: string, text: string, captures: Record<string, string> = {}, file = LOG): LogMatch => ({
  patternId,
  file,
  line: 1,
  text,
  time: null,
  captures,
});
const boto3 = (v: string) =>
  m("sdk.version.python_boto3", `'User-Agent': 'Boto3/${v} Python/3.7.4 Linux/5.10 Botocore/1.12.190'`, { version: v });
const nodeDenied = m(
  "permissions.node_role_access_denied",
  "User: arn:aws:sts::111122223333:assumed-role/eksctl-prod-eu-nodegroup-general-NodeInstanceRole-1XKQ4Z7T2M9B/i-0abc123def4567890 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::prod-eu-payments-statements/x",
  {
    roleName: "eksctl-prod-eu-nodegroup-general-NodeInstanceRole-1XKQ4Z7T2M9B",
    sessionName: "i-0abc123def4567890",
    action: "s3:GetObject",
  },
);
const unableToLocate = m("creds.python_unable_to_locate", "botocore.exceptions.NoCredentialsError: Unable to locate credentials");

function withLogs(s: Snapshot, matches: LogMatch[]): void {
  s.logs = found(
    { files: [...new Set(matches.map((x) => x.file))], matches, counts: Object.fromEntries(matches.map((x) => [x.patternId, 1])) },
    "logs/",
  );
}

describe("sdk.too_old", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await variant(IRSA, () => {}))).toBeNull();
    expect(run(await variant(PI, () => {}))).toBeNull();
  });

  it("fires high for Boto3 below the IRSA minimum with the node role in use, naming the minimum and the upgrade", async () => {
    const finding = run(await variant(IRSA, (x) => withLogs(x, [boto3("1.9.200"), nodeDenied])));
    expect(finding?.causeId).toBe("sdk.too_old");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toBe(
      "Container payments-api of pod payments-api-7d9c8b6f5-x2k4q runs an AWS SDK too old for IRSA: Boto3 1.9.200 (IRSA needs 1.9.220 or later), so it takes the node's instance role instead",
    );
    expect(finding?.actions[0]?.command).toContain("pip install --upgrade 'boto3>=1.9.220' 'botocore>=1.12.200'");
    expect(finding?.evidence[0]?.content).toBe(nodeDenied.text);
  });

  it("is medium when only the old version is seen, with no failure", async () => {
    expect(run(await variant(IRSA, (x) => withLogs(x, [boto3("1.9.200")])))?.confidence).toBe("medium");
  });

  it("is low when the pod's IRSA settings are not in place (another cause comes first)", async () => {
    const s = await variant(IRSA, (x) => {
      if (x.k8s.pod.status !== "found") throw new Error("no pod");
      for (const c of x.k8s.pod.value.spec.containers)
        c.env = (c.env ?? []).filter((e) => !e.name.startsWith("AWS_ROLE_ARN") && e.name !== "AWS_WEB_IDENTITY_TOKEN_FILE");
      withLogs(x, [boto3("1.9.200"), nodeDenied]);
    });
    expect(run(s)?.confidence).toBe("low");
  });

  it("fires high for an SDK that refuses the Pod Identity agent address, with the Pod Identity minimums", async () => {
    const refused = m(
      "sdk.container_host_rejected",
      "ValueError: Unsupported host '169.254.170.23'.  Can only retrieve metadata from these hosts: 169.254.170.2, localhost, 127.0.0.1",
      {},
      "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log",
    );
    const finding = run(await variant(PI, (x) => withLogs(x, [refused])));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("too old for EKS Pod Identity");
    expect(finding?.actions[0]?.command).toContain("'boto3>=1.34.41' 'botocore>=1.34.41'");
  });

  it("fires high for a refusal worded by a library the version table cannot name, offering no made-up upgrade command", async () => {
    const refused = m(
      "sdk.container_host_rejected",
      'failed to init DataNode server [error="uri host is not a loopback address: http://169.254.170.23/v1/credentials"]',
      {},
      "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log",
    );
    const finding = run(await variant(PI, (x) => withLogs(x, [refused])));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("a credentials library that refuses the EKS Pod Identity settings");
    expect(finding?.evidence.some((e) => e.content.includes("uri host is not a loopback address"))).toBe(true);
    expect(finding?.actions).toEqual([]);
  });

  const stsMissing = m(
    "sdk.java_sts_module_missing",
    "WARN  WebIdentityCredentialsUtils - To use web identity tokens, the 'sts' service module must be on the class path.",
  );

  it("fires high when the Java SDK's STS module is missing and the chain found nothing, asking to add it", async () => {
    const finding = run(await variant(IRSA, (x) => withLogs(x, [stsMissing, unableToLocate])));
    expect(finding?.confidence).toBe("high");
    expect(finding?.actions[0]?.command).toContain("software.amazon.awssdk:sts");
  });

  it("stays below sdk.falls_back_to_node_role when the STS module is missing and the calls ran as the node's role (held-back set 6's Fedora pod)", async () => {
    const finding = run(await variant(IRSA, (x) => withLogs(x, [stsMissing, nodeDenied])));
    expect(finding?.confidence).toBe("low");
  });

  it("counts an application's own 'no credentials' words for a Pod Identity pod, never for IRSA (held-back set 6's n8n pod)", async () => {
    const words = m(
      "aws.unexplained_no_credentials",
      "Failed to assume role: System AWS credentials are required for role assumption.",
      {},
      "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log",
    );
    expect(run(await variant(PI, (x) => withLogs(x, [words])))?.confidence).toBe("medium");
    expect(run(await variant(IRSA, (x) => withLogs(x, [{ ...words, file: LOG }])))).toBeNull();
  });

  it("is medium when a correctly set-up IRSA pod finds no credentials and no version is known", async () => {
    const finding = run(await variant(IRSA, (x) => withLogs(x, [unableToLocate])));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain(
      "ignores its IRSA settings although they are in place and the role's trust admits it, so it finds no credentials",
    );
    expect(finding?.toConfirm?.[0]).toContain("pip show boto3 botocore");
  });

  it("is high for an old SDK whose web identity token STS refuses as expired: it read the token once (held-back set 7's JS v3 fromTokenFile)", async () => {
    const jsV3 = m("sdk.version.js", "+-- @aws-sdk/client-sts@3.13.1", { version: "3.13.1" });
    const expiredToken = m(
      "sts.web_identity_token_expired",
      "ExpiredTokenException: Token expired: current date/time 1619143891 must be before the expiration date/time 1619143833",
      { now: "1619143891", expiry: "1619143833" },
    );
    const finding = run(await variant(IRSA, (x) => withLogs(x, [jsV3, expiredToken])));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("so it keeps presenting the web identity token it read once, which STS refuses once expired");
    expect(finding?.evidence[0]?.content).toBe(expiredToken.text);
  });

  it("is medium when a set-up IRSA pod keeps signing with session credentials past their expiry, no version known (held-back set 7's Cube Store)", async () => {
    const lapsed = m(
      "sts.expired_token",
      "Error during upload: AWS S3 error: Got HTTP 400 with content '<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>'",
    );
    const finding = run(await variant(IRSA, (x) => withLogs(x, [lapsed])));
    expect(finding?.causeId).toBe("sdk.too_old");
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("does not renew its IRSA credentials");
    // A web identity token STS called expired, with no old SDK seen, is token.expired's: the application kept the token.
    const tokenExpired = m(
      "sts.web_identity_token_expired",
      "Token expired: current date/time 1715580854 must be before the expiration date/time 1715580852",
    );
    expect(run(await variant(IRSA, (x) => withLogs(x, [lapsed, tokenExpired])))).toBeNull();
  });

  it("does not take an IMDS lookup of the instance's VPC id for a credential chain reaching IMDS (held-back set 7's Gateway API controller)", async () => {
    const vpc = m(
      "imds.credentials_unavailable",
      "init config failed: vpcId is not specified: EC2MetadataError: failed to make EC2Metadata request\n\n\tstatus code: 401",
    );
    expect(run(await variant(IRSA, (x) => withLogs(x, [vpc])))).toBeNull();
    const role = m(
      "imds.credentials_unavailable",
      "EC2RoleRequestError: no EC2 instance role found caused by: EC2MetadataError: failed to make EC2Metadata request",
    );
    expect(run(await variant(IRSA, (x) => withLogs(x, [role])))?.confidence).toBe("medium");
  });

  it("does not blame the SDK when a supported version is seen", async () => {
    expect(run(await variant(IRSA, (x) => withLogs(x, [boto3("1.34.50"), nodeDenied])))).toBeNull();
  });

  it("does not blame the SDK for missing credentials when the trust policy could not be checked", async () => {
    const s = await variant(IRSA, (x) => {
      x.aws.roles["payments-api-irsa"] = notCollected("role payments-api-irsa");
      withLogs(x, [unableToLocate]);
    });
    expect(run(s)).toBeNull();
  });

  it("does not take a container the webhook skipped (no settings) for an old SDK", async () => {
    const s = await variant(IRSA, (x) => {
      if (x.k8s.pod.status !== "found") throw new Error("no pod");
      x.k8s.pod.value.spec.containers.push({ name: "statements-sync", image: "public.ecr.aws/aws-cli/aws-cli:2.15.30" });
      withLogs(x, [{ ...nodeDenied, file: "payments-api-7d9c8b6f5-x2k4q/statements-sync.log" }]);
    });
    expect(run(s)).toBeNull();
  });
});
